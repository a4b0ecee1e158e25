import * as mentorStats from '$lib/server/mentors/admin';
import { requireAdmin } from '$lib/server/guards';
import type { RequestHandler } from './$types';

/** Every mentorship request as CSV, for admins. */
export const GET: RequestHandler = async ({ locals }) => {
	requireAdmin(locals);
	const body = await mentorStats.exportCsv(locals.db);
	const date = new Date().toISOString().slice(0, 10);
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="mentorships-${date}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
