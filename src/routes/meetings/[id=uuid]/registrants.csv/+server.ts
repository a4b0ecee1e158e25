import { error } from '@sveltejs/kit';
import * as meetings from '$lib/server/meetings';
import { requireApiUser } from '$lib/server/guards';
import type { RequestHandler } from './$types';

/** The registrant list for the chair. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const user = requireApiUser(locals);
	const meeting = await meetings.getMeeting(locals.db, params.id);
	if (!meeting) error(404, 'Not found');
	if (!(await meetings.mayChair(locals.db, user, meeting))) error(403, 'Chair only');
	const rows = await meetings.listRegistrations(locals.db, meeting.id);
	return new Response(meetings.registrantsCsv(rows), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="registrants-${meeting.id}.csv"`
		}
	});
};
