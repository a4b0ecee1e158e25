import { error, redirect } from '@sveltejs/kit';
import * as meetings from '$lib/server/meetings';
import { mapErrors } from '$lib/server/meetings/errors';
import { meetingForm } from '$lib/server/meetings/form';
import { field, invalid } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	if (!meetings.canCreate(user)) error(403, 'Only coordinators create meetings');
	return {};
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const user = requireUser(locals);
		if (!meetings.canCreate(user)) error(403, 'Only coordinators create meetings');
		const data = await request.formData();
		const input = meetingForm(data);
		const parsed = meetings.parseMeeting(input);
		const values = { ...input, series: field(data, 'series') === 'on' };
		if (!parsed.ok) return invalid(422, values, mapErrors(parsed.errors));
		const created = await meetings.createMeetings(locals.db, user.id, parsed.value, values.series);
		redirect(303, localizeHref(`/meetings/${created[0].id}/manage`));
	}
};
