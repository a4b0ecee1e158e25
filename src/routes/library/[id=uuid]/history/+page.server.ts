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
	const { entry, user } = await editableEntry(locals, params.id, url);
	const [versions, revisions] = await Promise.all([
		listVersions(locals.db, entry.id),
		library.listRevisions(locals.db, entry.id)
	]);
	return {
		entry: { id: entry.id, title: entry.title },
		versions,
		revisions,
		mayPurge: user.role === 'admin'
	};
};

const PURGE_ERROR: Record<string, () => string> = {
	purge_forbidden: m.co_purge_err_forbidden,
	purge_too_short: m.co_purge_err_too_short,
	purge_too_long: m.co_purge_err_too_long
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
	},

	/** A platform admin removes text (personal data pasted by mistake) from the whole history. */
	purge: async ({ locals, params, request }) => {
		const { entry, user } = await editableEntry(locals, params.id);
		const data = await request.formData();
		const text = String(data.get('text') ?? '');
		const values = { purgeText: text.slice(0, 1000) };
		if (user.role !== 'admin')
			return invalid(403, values, { purgeText: m.co_purge_err_forbidden() });
		if (data.get('confirm') !== 'yes')
			return invalid(400, values, { purgeConfirm: m.co_purge_err_confirm() });
		const result = await library.purgeEntryText(locals.db, user, entry.id, text);
		if (!result.ok) return invalid(400, values, { purgeText: PURGE_ERROR[result.code]() });
		return {
			purged: m.co_purge_done({
				current: String(result.purged.current),
				versions: String(result.purged.versions),
				revisions: String(result.purged.revisions)
			}),
			stillInMetadata: result.stillInMetadata
		};
	}
};
