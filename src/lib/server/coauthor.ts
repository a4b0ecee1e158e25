/**
 * Shared checks of the co-authoring pages (history, co-authors): the entry, and whether the
 * signed-in user may edit it. Anyone else gets 404, as for an entry they cannot see.
 */
import { error } from '@sveltejs/kit';
import * as library from '$lib/server/library';
import { requireUser } from '$lib/server/guards';
import { isUuid } from './core';

export async function editableEntry(locals: App.Locals, id: string, url?: URL) {
	const user = requireUser(locals, url);
	if (!isUuid(id)) error(404, 'Not found');
	const entry = await library.getEntry(locals.db, id);
	const viewer = await library.viewerOf(locals.db, user);
	if (!entry || !viewer || !(await library.canEdit(locals.db, viewer, entry))) {
		error(404, 'Not found');
	}
	return { user, entry, viewer };
}
