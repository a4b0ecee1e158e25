import { editableEntry } from '$lib/server/coauthor';
import * as library from '$lib/server/library';
import { invalid, textField } from '$lib/server/forms';
import { audit } from '$lib/server/audit';
import { listVersions, saveVersion, VERSION_NAME_MAX } from '$lib/server/documents/versions';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

/**
 * The entry's text versions and metadata revisions, newest first, for those who may edit it; they
 * may name the current text as a version.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { entry } = await editableEntry(locals, params.id, url);
	const [versions, revisions] = await Promise.all([
		listVersions(locals.db, entry.id),
		library.listRevisions(locals.db, entry.id)
	]);
	return { entry: { id: entry.id, title: entry.title }, versions, revisions };
};

export const actions: Actions = {
	save: async ({ locals, params, request }) => {
		const { entry, user } = await editableEntry(locals, params.id);
		const data = await request.formData();
		const errors: Record<string, string> = {};
		const name = textField(data, 'name', errors, { required: true, max: VERSION_NAME_MAX });
		if (Object.keys(errors).length) return invalid(400, { name }, errors);
		const versionId = await saveVersion(locals.db, entry.id, 'named', name, user.id);
		await audit(locals.db, {
			actorId: user.id,
			action: 'library.version_saved',
			targetType: 'case',
			targetId: entry.id,
			organisationId: entry.organisationId,
			details: { version: versionId, name }
		});
		return { saved: m.co_version_saved({ name }) };
	}
};
