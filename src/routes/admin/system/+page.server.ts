import { requireAdmin } from '$lib/server/guards';
import { systemStatus } from '$lib/server/admin/system';
import type { PageServerLoad } from './$types';

/** The operator's view of this process. Platform admins only. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	return { status: await systemStatus(locals.db) };
};
