import { error, fail } from '@sveltejs/kit';
import * as library from '$lib/server/library';
import { rawFromForm } from '$lib/server/library/form';
import {
	MAX_ATTACHMENT_MB,
	removeAttachment,
	saveAttachment
} from '$lib/server/library/attachments';
import {
	IMPORT_LIMITS,
	importDocx,
	importMarkdown,
	type ImportResult
} from '$lib/server/documents/import';
import { field, invalid } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { isUuid } from '$lib/server/core';

/** Editors of the owning organisation, the creator, co-authors and admins edit. */
async function editable(
	event: Pick<RequestEvent, 'locals' | 'params' | 'url'>,
	redirectTo = false
) {
	const user = requireUser(event.locals, redirectTo ? event.url : undefined);
	const entry = await library.getEntry(event.locals.db, event.params.id);
	const viewer = (await library.viewerOf(event.locals.db, user))!;
	if (!entry || !(await library.canRead(event.locals.db, viewer, entry))) error(404, 'Not found');
	if (!(await library.canEdit(event.locals.db, viewer, entry))) error(403, m.lib_forbidden());
	return { user, entry };
}

export const load: PageServerLoad = async (event) => {
	const { entry } = await editable(event, true);
	const [labels, nets] = await Promise.all([
		library.facetLabels(event.locals.db),
		library.networkChoices(event.locals.db)
	]);
	// Retired terms cannot be chosen; an entry that has one keeps it on offer.
	const has = new Set([...entry.themes, ...entry.targetGroups].map((t) => t.slug));
	const choosable = <T extends { slug: string; retired: boolean }>(ts: T[]) =>
		ts.filter((t) => !t.retired || has.has(t.slug));
	return {
		entry,
		raw: library.rawOf(entry),
		labels: {
			...labels,
			themes: choosable(labels.themes),
			targetGroups: choosable(labels.targetGroups)
		},
		networks: nets,
		maxMb: MAX_ATTACHMENT_MB
	};
};

const ERR: Record<string, () => string> = {
	required: m.lib_err_required,
	too_long: m.lib_err_too_long,
	invalid: m.lib_err_invalid,
	unknown: m.lib_err_unknown,
	negative: m.lib_err_negative,
	not_positive: m.lib_err_not_positive,
	period_order: m.lib_err_period_order,
	scope_widen_outsider: m.lib_err_scope_widen_outsider,
	scope_public_review: m.lib_err_scope_public_review
};

/** A refused import: 413 for sizes, 422 for content; the message names the field. */
function importFailed(name: string, result: Extract<ImportResult, { ok: false }>) {
	const label = name === 'file' ? m.lib_import_field_file() : m.lib_import_field_markdown();
	const L = IMPORT_LIMITS;
	const mb = (n: number) => Math.round(n / 1024 / 1024);
	const [status, message] = {
		too_big: [413, m.lib_import_too_big({ field: label, max: mb(L.maxBytes) })],
		unzipped_too_big: [
			413,
			m.lib_import_unzipped_too_big({ field: label, max: mb(L.maxUnzippedBytes) })
		],
		too_long: [413, m.lib_import_too_long({ field: label, max: L.maxChars })],
		too_deep: [422, m.lib_import_too_deep({ field: label, max: L.maxDepth })],
		timeout: [422, m.lib_import_timeout({ field: label })],
		invalid: [422, m.lib_import_failed()]
	}[result.code] as [413 | 422, string];
	return fail(status, { values: { markdown: '' }, errors: { [name]: message } });
}

export const actions: Actions = {
	save: async (event) => {
		const { user, entry } = await editable(event);
		const raw = rawFromForm(await event.request.formData());
		const result = await library.updateMetadata(event.locals.db, user.id, entry.id, raw);
		if (!result.ok) {
			const errors = Object.fromEntries(
				Object.entries(result.errors).map(([k, code]) => [k, (ERR[code] ?? m.lib_err_invalid)()])
			);
			return invalid(422, raw as Record<string, unknown>, errors);
		}
		return { saved: m.lib_saved() };
	},
	body: async (event) => {
		const { entry } = await editable(event);
		const data = await event.request.formData();
		const file = data.get('file');
		let result: ImportResult;
		let name = 'markdown';
		if (file instanceof File && file.size > 0) {
			name = 'file';
			if (file.size > IMPORT_LIMITS.maxBytes)
				return importFailed(name, { ok: false, code: 'too_big' });
			const lower = file.name.toLowerCase();
			if (lower.endsWith('.docx'))
				result = await importDocx(new Uint8Array(await file.arrayBuffer()));
			else if (lower.endsWith('.md') || lower.endsWith('.markdown') || lower.endsWith('.txt'))
				result = await importMarkdown(await file.text());
			else return invalid(400, {}, { file: m.lib_attach_type() });
		} else {
			result = await importMarkdown(field(data, 'markdown'));
		}
		if (!result.ok) return importFailed(name, result);
		const html = result.html;
		await library.setBody(event.locals.db, entry.id, html);
		return { saved: m.lib_saved() };
	},
	attach: async (event) => {
		const { user, entry } = await editable(event);
		const data = await event.request.formData();
		const file = data.get('attachment');
		if (!(file instanceof File) || file.size === 0)
			return invalid(400, {}, { attachment: m.lib_attach_missing() });
		const result = await saveAttachment(event.locals.db, entry.id, user.id, file);
		if (!result.ok) {
			const message =
				result.code === 'too_big'
					? m.lib_attach_too_big({ max: MAX_ATTACHMENT_MB })
					: result.code === 'type'
						? m.lib_attach_type()
						: m.lib_attach_missing();
			return invalid(result.code === 'too_big' ? 422 : 400, {}, { attachment: message });
		}
		return { saved: m.lib_saved() };
	},
	detach: async (event) => {
		const { user, entry } = await editable(event);
		const id = field(await event.request.formData(), 'attachment');
		const name = isUuid(id) ? await removeAttachment(event.locals.db, entry, id, user.id) : null;
		if (name === null) return invalid(404, {}, { attachment: m.lib_attach_not_found() });
		return { saved: m.lib_attach_removed({ name }) };
	}
};
