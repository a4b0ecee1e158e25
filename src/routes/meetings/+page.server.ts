import * as meetings from '$lib/server/meetings';
import type { PageServerLoad } from './$types';
import { formatDate } from '$lib/format';

/** Upcoming meetings are public; the personal feed address is shown to the signed-in user. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const list = await meetings.upcomingMeetings(locals.db);
	const feed = locals.user
		? `${url.origin}/meetings/feed/${await meetings.calendarToken(locals.db, locals.user.id)}.ics`
		: null;
	return {
		meetings: list.map(({ meeting, registered }) => ({
			id: meeting.id,
			title: meeting.title,
			when: formatDate(meeting.startsAt, 'when'),
			startsAt: meeting.startsAt.toISOString(),
			place: meeting.place,
			online: meeting.online,
			capacity: meeting.capacity,
			cancelled: meeting.status === 'cancelled',
			registered
		})),
		canCreate: await meetings.mayCreate(locals.db, locals.user),
		feed
	};
};
