import { error } from '@sveltejs/kit';
import * as library from '$lib/server/library';
import { requireUser } from '$lib/server/guards';
import { resolveAccess } from '$lib/server/documents/access';
import type { PageServerLoad } from './$types';

/** The collaborative editor: writers edit, readers of a published entry read along live. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const access = await resolveAccess(locals.db, user, params.id);
	const entry = access ? await library.getEntry(locals.db, params.id) : null;
	if (!entry || !access) error(404, 'Not found');
	return {
		entry: { id: entry.id, title: entry.title },
		readOnly: access !== 'write',
		me: { id: user.id, name: user.name }
	};
};
