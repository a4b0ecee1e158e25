import { error, fail } from '@sveltejs/kit';
import { editableEntry } from '$lib/server/coauthor';
import { audit } from '$lib/server/audit';
import * as library from '$lib/server/library';
import {
	blocksOf,
	currentState,
	diffStates,
	getVersion,
	previousVersion,
	restoreVersion
} from '$lib/server/documents/versions';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

/**
 * A past version: its text, and what changed between it and the current text (or, with
 * ?against=previous, between the version before it and this one).
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { entry } = await editableEntry(locals, params.id, url);
	const version = await getVersion(locals.db, entry.id, params.vid);
	if (!version) error(404, 'Not found');
	const against = url.searchParams.get('against') === 'previous' ? 'previous' : 'current';
	let diff = null;
	if (against === 'previous') {
		const previous = await previousVersion(locals.db, entry.id, version.createdAt);
		if (previous) diff = diffStates(previous.state, version.state);
	} else {
		diff = diffStates(version.state, await currentState(locals.db, entry.id));
	}
	return {
		entry: { id: entry.id, title: entry.title },
		version: {
			id: version.id,
			kind: version.kind,
			name: version.name,
			createdAt: version.createdAt,
			author: version.author
		},
		html: blocksOf(version.state)
			.map((b) => b.html)
			.join(''),
		against,
		diff
	};
};

export const actions: Actions = {
	restore: async ({ locals, params }) => {
		const { entry, user } = await editableEntry(locals, params.id);
		if (entry.status === 'archived') return fail(403, { message: m.co_forbidden() });
		const ok = await restoreVersion(locals.db, entry.id, params.vid, user.id, 'before-restore');
		if (!ok) error(404, 'Not found');
		// When nobody has the document open the change went to the stored log: render it now.
		await library.refreshBody(locals.db, entry.id);
		await audit(locals.db, {
			actorId: user.id,
			action: 'library.version_restored',
			targetType: 'case',
			targetId: entry.id,
			organisationId: entry.organisationId,
			details: { version: params.vid }
		});
		return { restored: m.co_restored() };
	}
};
