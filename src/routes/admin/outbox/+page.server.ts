import { desc } from 'drizzle-orm';
import { emailOutbox } from '../../../../db/schema';
import { requireAdmin } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

/** The dev mailbox: every mail the platform queued, newest first. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const mails = await locals.db
		.select()
		.from(emailOutbox)
		.orderBy(desc(emailOutbox.createdAt))
		.limit(200);
	return { mails };
};
