import { error, fail } from '@sveltejs/kit';
import * as meetings from '$lib/server/meetings';
import { requireUser } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';
import { formatDate } from '$lib/format';

async function meetingOr404(db: App.Locals['db'], id: string) {
	const meeting = await meetings.getMeeting(db, id);
	if (!meeting) error(404, 'Not found');
	return meeting;
}

/** Meetings are public; registration state, room and chair links depend on who is signed in. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const meeting = await meetingOr404(locals.db, params.id);
	const [agenda, attachments, registered, mine] = await Promise.all([
		meetings.agendaOf(locals.db, meeting.id),
		meetings.attachmentsOf(locals.db, meeting.id),
		meetings.registeredCount(locals.db, meeting.id),
		locals.user ? meetings.registrationOf(locals.db, meeting.id, locals.user.id) : null
	]);
	const published = meeting.minutesPublishedAt !== null;
	const [chair, files] = await Promise.all([
		meetings.mayChair(locals.db, locals.user, meeting),
		meetings.mayReadFiles(locals.db, locals.user, meeting)
	]);
	const [decisions, actions] = published
		? await Promise.all([
				meetings.decisionsOf(locals.db, meeting.id),
				meetings.actionItemsOf(locals.db, meeting.id)
			])
		: [[], []];
	return {
		meeting: {
			id: meeting.id,
			title: meeting.title,
			description: meeting.description,
			when: formatDate(meeting.startsAt, 'when'),
			until: formatDate(meeting.endsAt, 'time'),
			startsAt: meeting.startsAt.toISOString(),
			place: meeting.place,
			online: meeting.online,
			capacity: meeting.capacity,
			cancelled: meeting.status === 'cancelled',
			past: meeting.endsAt.getTime() < Date.now(),
			currentItemId: meeting.currentAgendaItemId
		},
		agenda: agenda.map((a) => ({
			id: a.id,
			title: a.title,
			startTime: a.startTime,
			presenter: a.presenter
		})),
		// Uploaded files only for those who may open them; links for everyone, as before.
		attachments: attachments.filter((a) => a.url || files),
		registered,
		mine,
		signedIn: !!locals.user,
		chair,
		canEnter: chair || mine?.status === 'registered',
		minutes: published
			? {
					text: meeting.minutes,
					// The shared document, rendered through the body schema (nothing unsafe survives).
					html: meeting.minutesEntryId
						? await meetings.minutesDocumentHtml(locals.db, meeting.minutesEntryId)
						: null,
					entryId: meeting.minutesEntryId,
					publishedAt: formatDate(meeting.minutesPublishedAt!, 'when'),
					decisions: decisions.map((d) => d.text),
					actions: actions.map((a) => ({ text: a.text, owner: a.owner, due: a.dueDate }))
				}
			: null
	};
};

export const actions: Actions = {
	register: async ({ locals, params, url }) => {
		const user = requireUser(locals);
		const result = await meetings.register(locals.db, params.id, user.id, url.origin);
		if (!result.ok) return fail(result.error === 'not_found' ? 404 : 409, { error: result.error });
		return { status: result.status };
	},
	cancel: async ({ locals, params, url }) => {
		const user = requireUser(locals);
		const result = await meetings.cancelRegistration(locals.db, params.id, user.id, url.origin);
		if (!result.ok) return fail(result.error === 'not_found' ? 404 : 409, { error: result.error });
		return { status: 'cancelled' as const };
	}
};
