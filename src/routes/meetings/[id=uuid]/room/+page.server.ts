import { error } from '@sveltejs/kit';
import * as meetings from '$lib/server/meetings';
import { requireUser } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

/** Only registered members, the chair and admins may enter; the socket checks the same again. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const meeting = await meetings.getMeeting(locals.db, params.id);
	if (!meeting) error(404, 'Not found');
	const chair = await meetings.mayChair(locals.db, user, meeting);
	const mine = await meetings.registrationOf(locals.db, meeting.id, user.id);
	if (!chair && mine?.status !== 'registered') error(403, 'Registered members only');
	const agenda = await meetings.agendaOf(locals.db, meeting.id);
	// The minutes are a collaborative document, made on first open; null when no organisation can
	// publish them (the page says so).
	const minutesEntryId = await meetings.ensureMinutesEntry(locals.db, meeting, user.id);
	return {
		minutesEntryId,
		meeting: {
			id: meeting.id,
			title: meeting.title,
			currentItemId: meeting.currentAgendaItemId
		},
		agenda: agenda.map((a) => ({
			id: a.id,
			title: a.title,
			startTime: a.startTime,
			presenter: a.presenter
		})),
		chair,
		me: { userId: user.id, name: user.name }
	};
};
