import * as vocab from '$lib/server/library/vocabulary';
import { field, invalid } from '$lib/server/forms';
import { requireAdmin } from '$lib/server/guards';
import { isUuid } from '$lib/server/core';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

/** Themes and target groups of the library: add, rename, retire and reinstate (admins). */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	return { terms: await vocab.listTerms(locals.db) };
};

const ERR: Record<vocab.TermError, () => string> = {
	required: m.vocab_err_required,
	too_long: () => m.vocab_err_too_long({ max: vocab.TERM_LABEL_MAX }),
	invalid: m.vocab_err_invalid,
	taken: m.vocab_err_taken,
	not_found: m.vocab_err_not_found
};

function messages(errors: Record<string, vocab.TermError>) {
	return Object.fromEntries(Object.entries(errors).map(([k, code]) => [k, ERR[code]()]));
}

export const actions: Actions = {
	add: async ({ locals, request }) => {
		const user = requireAdmin(locals);
		const data = await request.formData();
		const values = {
			vocabulary: field(data, 'vocabulary'),
			labelDa: field(data, 'labelDa'),
			labelEn: field(data, 'labelEn')
		};
		const result = await vocab.addTerm(locals.db, user.id, values);
		if (!result.ok)
			return invalid(
				result.errors.labelDa === 'taken' ? 409 : 422,
				values,
				messages(result.errors)
			);
		return { done: m.vocab_added({ label: values.labelDa.trim() }) };
	},
	rename: async ({ locals, request }) => {
		const user = requireAdmin(locals);
		const data = await request.formData();
		const id = field(data, 'id');
		const values = { id, labelDa: field(data, 'labelDa'), labelEn: field(data, 'labelEn') };
		if (!isUuid(id)) return invalid(404, values, { id: m.vocab_err_not_found() });
		const result = await vocab.renameTerm(locals.db, user.id, id, values);
		if (!result.ok) return invalid(result.errors.id ? 404 : 422, values, messages(result.errors));
		return { done: m.vocab_renamed({ label: values.labelDa.trim() }) };
	},
	retire: async ({ locals, request }) => {
		const user = requireAdmin(locals);
		const data = await request.formData();
		const id = field(data, 'id');
		const retire = field(data, 'retired') !== 'false';
		if (!isUuid(id)) return invalid(404, { id }, { id: m.vocab_err_not_found() });
		const result = await vocab.setRetired(locals.db, user.id, id, retire);
		if (!result.ok) return invalid(404, { id }, { id: m.vocab_err_not_found() });
		return { done: retire ? m.vocab_retired_done() : m.vocab_reinstated_done() };
	}
};
