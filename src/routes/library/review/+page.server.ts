import * as library from '$lib/server/library';
import { requireAdmin } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

/** Knowledge-centre admins: entries waiting for review. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	return { items: await library.reviewQueue(locals.db) };
};
