import { error, fail } from '@sveltejs/kit';
import * as library from '$lib/server/library';
import { field } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Anyone the sharing scope admits (or who may edit or review the entry) reads it; others get 404. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const entry = await library.getEntry(locals.db, params.id);
	const viewer = await library.viewerOf(locals.db, locals.user);
	if (!entry || !(await library.canRead(locals.db, viewer, entry))) error(404, 'Not found');
	const mayEdit = await library.canEdit(locals.db, viewer, entry);
	return { entry, mayEdit, admin: Boolean(viewer?.admin) };
};

const done = {
	submit: m.lib_done_submit,
	publish: m.lib_done_publish,
	request_changes: m.lib_done_request_changes,
	archive: m.lib_done_archive
};

function step(action: library.Transition) {
	return async ({ locals, params, request, url }: RequestEvent) => {
		const user = requireUser(locals);
		const entry = await library.getEntry(locals.db, params.id);
		const viewer = (await library.viewerOf(locals.db, user))!;
		if (!entry || !(await library.canRead(locals.db, viewer, entry))) error(404, 'Not found');
		const data = await request.formData();
		const outcome = await library.transition(locals.db, viewer, entry.id, action, {
			mayEdit: await library.canEdit(locals.db, viewer, entry),
			note: field(data, 'note').trim().slice(0, 2000),
			origin: url.origin
		});
		if (outcome === 'forbidden') return fail(403, { message: m.lib_forbidden() });
		if (outcome === 'wrong_status') return fail(409, { message: m.lib_wrong_status() });
		if (outcome === 'not_found') error(404, 'Not found');
		return { message: done[action]() };
	};
}

export const actions: Actions = {
	submit: step('submit'),
	publish: step('publish'),
	request_changes: step('request_changes'),
	archive: step('archive')
};
