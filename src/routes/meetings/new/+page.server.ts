import { error, redirect } from '@sveltejs/kit';
import * as meetings from '$lib/server/meetings';
import { mapErrors } from '$lib/server/meetings/errors';
import { meetingForm } from '$lib/server/meetings/form';
import { field, invalid } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { localizeHref } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	if (!(await meetings.mayCreate(locals.db, user))) error(403, 'Only coordinators create meetings');
	return { networks: await meetings.plannableNetworks(locals.db, user) };
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const user = requireUser(locals);
		if (!(await meetings.mayCreate(locals.db, user)))
			error(403, 'Only coordinators create meetings');
		const data = await request.formData();
		const input = meetingForm(data);
		const parsed = meetings.parseMeeting(input);
		const values = { ...input, series: field(data, 'series') === 'on' };
		if (!parsed.ok) return invalid(422, values, mapErrors(parsed.errors));
		const allowed = await meetings.plannableNetworks(locals.db, user);
		if (input.networkId && !allowed.some((n) => n.id === input.networkId))
			return invalid(403, values, { network: m.meet_err_network() });
		if (!input.networkId && user.role !== 'admin')
			return invalid(422, values, { network: m.form_required() });
		const created = await meetings.createMeetings(locals.db, user.id, parsed.value, values.series);
		redirect(303, localizeHref(`/meetings/${created[0].id}/manage`));
	}
};
