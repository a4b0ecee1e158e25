import { error } from '@sveltejs/kit';
import * as meetings from '$lib/server/meetings';
import type { RequestHandler } from './$types';

/** One meeting as an iCalendar file; meetings are public, like their page. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const meeting = await meetings.getMeeting(locals.db, params.id);
	if (!meeting) error(404, 'Not found');
	return new Response(meetings.meetingsIcs([meeting], url.origin), {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="meeting-${meeting.id}.ics"`
		}
	});
};
