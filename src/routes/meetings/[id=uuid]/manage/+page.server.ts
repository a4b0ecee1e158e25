import { error, fail, redirect } from '@sveltejs/kit';
import * as meetings from '$lib/server/meetings';
import { mapErrors } from '$lib/server/meetings/errors';
import { meetingForm } from '$lib/server/meetings/form';
import { field, invalid } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { localizeHref } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { MAX_ATTACHMENT_MB } from '$lib/server/library/attachments';
import type { Actions, PageServerLoad } from './$types';
import { formatDate } from '$lib/format';
import { utcToCopenhagen } from '$lib/time';

/** The meeting, if the signed-in user chairs it; otherwise 403/404. */
async function chaired(locals: App.Locals, id: string, url?: URL) {
	const user = requireUser(locals, url);
	const meeting = await meetings.getMeeting(locals.db, id);
	if (!meeting) error(404, 'Not found');
	if (!(await meetings.mayChair(locals.db, user, meeting))) error(403, 'Chair only');
	return { user, meeting };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { meeting, user } = await chaired(locals, params.id, url);
	const minutesEntryId = await meetings.ensureMinutesEntry(locals.db, meeting, user.id);
	const [agenda, attachments, registrants, decisions, actions] = await Promise.all([
		meetings.agendaOf(locals.db, meeting.id),
		meetings.attachmentsOf(locals.db, meeting.id),
		meetings.listRegistrations(locals.db, meeting.id),
		meetings.decisionsOf(locals.db, meeting.id),
		meetings.actionItemsOf(locals.db, meeting.id)
	]);
	const start = utcToCopenhagen(meeting.startsAt);
	const end = utcToCopenhagen(meeting.endsAt);
	return {
		minutesEntryId,
		me: { id: user.id, name: user.name },
		meeting: {
			id: meeting.id,
			title: meeting.title,
			cancelled: meeting.status === 'cancelled',
			minutes: meeting.minutes || meetings.minutesTemplate(meeting, agenda),
			minutesPublishedAt: meeting.minutesPublishedAt
				? formatDate(meeting.minutesPublishedAt, 'when')
				: null
		},
		values: {
			title: meeting.title,
			description: meeting.description,
			day: start.day,
			start: start.time,
			end: end.time,
			place: meeting.place,
			online: meeting.online,
			capacity: String(meeting.capacity)
		},
		agenda: agenda.map((a) => ({
			id: a.id,
			title: a.title,
			startTime: a.startTime,
			durationMinutes: a.durationMinutes,
			presenter: a.presenter
		})),
		attachments,
		maxMb: MAX_ATTACHMENT_MB,
		registrants: registrants
			.filter((r) => r.status !== 'cancelled')
			.map((r) => ({ userId: r.userId, name: r.name, status: r.status, attended: r.attended })),
		decisions: decisions.map((d) => ({ id: d.id, text: d.text })),
		actions: actions.map((a) => ({ id: a.id, text: a.text, owner: a.owner, due: a.dueDate }))
	};
};

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export const actions: Actions = {
	update: async ({ locals, params, request, url }) => {
		const { user } = await chaired(locals, params.id);
		const input = meetingForm(await request.formData());
		const parsed = meetings.parseMeeting(input);
		if (!parsed.ok) return invalid(422, { ...input }, mapErrors(parsed.errors));
		const result = await meetings.updateMeeting(
			locals.db,
			user.id,
			params.id,
			parsed.value,
			url.origin
		);
		if (!result.ok) return invalid(422, { ...input }, mapErrors(result.errors));
		return { saved: 'details' };
	},
	cancelMeeting: async ({ locals, params, url }) => {
		const { user } = await chaired(locals, params.id);
		await meetings.cancelMeeting(locals.db, user.id, params.id, url.origin);
		redirect(303, localizeHref(`/meetings/${params.id}`));
	},
	addItem: async ({ locals, params, request }) => {
		await chaired(locals, params.id);
		const data = await request.formData();
		const title = field(data, 'itemTitle').trim();
		const startTime = field(data, 'itemTime').trim();
		const duration = Number(field(data, 'itemDuration') || '0');
		const presenter = field(data, 'itemPresenter').trim();
		const errors: Record<string, string> = {};
		if (!title) errors.itemTitle = m.form_required();
		else if (title.length > 300) errors.itemTitle = m.form_too_long({ max: 300 });
		if (startTime && !TIME.test(startTime)) errors.itemTime = m.meet_err_invalid_date();
		if (!Number.isInteger(duration) || duration < 0 || duration > 1440)
			errors.itemDuration = m.meet_err_invalid_date();
		if (presenter.length > 200) errors.itemPresenter = m.form_too_long({ max: 200 });
		if (Object.keys(errors).length)
			return invalid(
				422,
				{ itemTitle: title, itemTime: startTime, itemPresenter: presenter },
				errors
			);
		await meetings.addAgendaItem(locals.db, params.id, {
			title,
			startTime,
			durationMinutes: duration,
			presenter
		});
		return { saved: 'agenda' };
	},
	removeItem: async ({ locals, params, request }) => {
		await chaired(locals, params.id);
		await meetings.removeAgendaItem(locals.db, params.id, field(await request.formData(), 'id'));
		return { saved: 'agenda' };
	},
	moveItem: async ({ locals, params, request }) => {
		await chaired(locals, params.id);
		const data = await request.formData();
		await meetings.moveAgendaItem(
			locals.db,
			params.id,
			field(data, 'id'),
			field(data, 'direction') === 'up' ? -1 : 1
		);
		return { saved: 'agenda' };
	},
	addAttachment: async ({ locals, params, request }) => {
		await chaired(locals, params.id);
		const data = await request.formData();
		const title = field(data, 'attTitle').trim();
		const href = field(data, 'attUrl').trim();
		const errors: Record<string, string> = {};
		if (!title) errors.attTitle = m.form_required();
		if (!/^https?:\/\/[^\s]+$/i.test(href) || href.length > 1000) errors.attUrl = m.meet_err_url();
		if (Object.keys(errors).length) return invalid(422, { attTitle: title, attUrl: href }, errors);
		await meetings.addAttachment(locals.db, params.id, title.slice(0, 300), href);
		return { saved: 'attachments' };
	},
	uploadAttachment: async ({ locals, params, request }) => {
		const { user } = await chaired(locals, params.id);
		const file = (await request.formData()).get('attFile');
		if (!(file instanceof File) || file.size === 0)
			return invalid(400, {}, { attFile: m.lib_attach_missing() });
		const result = await meetings.addFile(locals.db, user.id, params.id, file);
		if (!result.ok)
			return invalid(
				result.code === 'too_big' ? 422 : 400,
				{},
				{
					attFile:
						result.code === 'too_big'
							? m.lib_attach_too_big({ max: MAX_ATTACHMENT_MB })
							: result.code === 'type'
								? m.lib_attach_type()
								: m.lib_attach_missing()
				}
			);
		return { saved: 'attachments' };
	},
	removeAttachment: async ({ locals, params, request }) => {
		const { user } = await chaired(locals, params.id);
		const id = field(await request.formData(), 'id');
		if (!(await meetings.removeAttachment(locals.db, user.id, params.id, id)))
			error(404, 'Not found');
		return { saved: 'attachments' };
	},
	attendance: async ({ locals, params, request }) => {
		await chaired(locals, params.id);
		const ids = (await request.formData()).getAll('attended').filter((v) => typeof v === 'string');
		await meetings.setAttendance(locals.db, params.id, ids as string[]);
		return { saved: 'attendance' };
	},
	addDecision: async ({ locals, params, request }) => {
		await chaired(locals, params.id);
		const text = field(await request.formData(), 'decision').trim();
		if (!text || text.length > 2000)
			return invalid(
				422,
				{ decision: text },
				{ decision: text ? m.form_too_long({ max: 2000 }) : m.form_required() }
			);
		await meetings.addDecision(locals.db, params.id, text);
		return { saved: 'decisions' };
	},
	removeDecision: async ({ locals, params, request }) => {
		await chaired(locals, params.id);
		await meetings.removeDecision(locals.db, params.id, field(await request.formData(), 'id'));
		return { saved: 'decisions' };
	},
	addAction: async ({ locals, params, request }) => {
		await chaired(locals, params.id);
		const data = await request.formData();
		const text = field(data, 'actionText').trim();
		const owner = field(data, 'actionOwner').trim();
		const due = field(data, 'actionDue').trim();
		const errors: Record<string, string> = {};
		if (!text) errors.actionText = m.form_required();
		else if (text.length > 2000) errors.actionText = m.form_too_long({ max: 2000 });
		if (!owner) errors.actionOwner = m.form_required();
		else if (owner.length > 200) errors.actionOwner = m.form_too_long({ max: 200 });
		if (due && !/^\d{4}-\d{2}-\d{2}$/.test(due)) errors.actionDue = m.meet_err_invalid_date();
		if (Object.keys(errors).length)
			return invalid(422, { actionText: text, actionOwner: owner, actionDue: due }, errors);
		await meetings.addActionItem(locals.db, params.id, { text, owner, dueDate: due || null });
		return { saved: 'actions' };
	},
	removeAction: async ({ locals, params, request }) => {
		await chaired(locals, params.id);
		await meetings.removeActionItem(locals.db, params.id, field(await request.formData(), 'id'));
		return { saved: 'actions' };
	},
	publish: async ({ locals, params, url }) => {
		const { user } = await chaired(locals, params.id);
		const result = await meetings.publishMinutes(locals.db, user.id, params.id, url.origin);
		if (!result.ok) {
			if (result.error === 'not_found') error(404, 'Not found');
			return fail(422, { errors: { publish: m.meet_err_no_publisher() } });
		}
		redirect(303, localizeHref(`/meetings/${params.id}`));
	}
};
