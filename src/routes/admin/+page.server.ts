import { requireAdmin } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

/** The admin area's front page: links to its tools. Platform admins only. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	return {};
};
