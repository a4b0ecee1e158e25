import { error } from '@sveltejs/kit';
import * as park from '$lib/server/park';
import type { RequestHandler } from './$types';

/** Public like the booking list: one booking as an iCalendar file. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const booking = await park.rooms.booking(locals.db, params.id);
	if (!booking || booking.cancelledAt) error(404, 'Not found');
	return new Response(park.rooms.ical(booking, url.origin), {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="staldgaarden-${booking.id}.ics"`
		}
	});
};
