import { requireAdmin } from '$lib/server/guards';
import { recentMails } from '$lib/server/mail';
import type { PageServerLoad } from './$types';

/** The dev mailbox: every mail the platform queued, newest first. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	return { mails: await recentMails(locals.db) };
};
