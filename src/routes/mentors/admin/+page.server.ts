import * as mentorStats from '$lib/server/mentors/admin';
import { requireAdmin } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

/** The knowledge centre (platform admins): how mentoring goes across the platform. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	return mentorStats.overview(locals.db);
};
