import { redirect } from '@sveltejs/kit';
import * as organisations from '$lib/server/organisations';
import { CONFLICT_CODES, type CreateCode, type CreateField } from '$lib/server/organisations';
import { createMessage } from '$lib/server/organisations/messages';
import { field, invalid } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/** Field names of the form ↔ the module's input. */
const FORM_FIELD: Record<CreateField, string> = {
	kind: 'kind',
	name: 'name',
	cvr: 'cvr',
	municipalityCode: 'municipality',
	website: 'website',
	description: 'description'
};

/** Any signed-in user may create an organisation; it waits for a platform admin. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireUser(locals, url);
	const municipalities = await organisations.listMunicipalities(locals.db);
	// Grouped by region for <optgroup>, regions and municipalities in Danish alphabetical order.
	const regions = [...new Set(municipalities.map((mun) => mun.regionName))]
		.sort((a, b) => a.localeCompare(b, 'da'))
		.map((name) => ({
			name,
			municipalities: municipalities.filter((mun) => mun.regionName === name)
		}));
	return { kinds: [...organisations.organisationKinds], regions };
};

export const actions: Actions = {
	default: async ({ locals, request, url, getClientAddress }) => {
		const user = requireUser(locals);
		const data = await request.formData();
		const values = {
			kind: field(data, 'kind').trim(),
			name: field(data, 'name').trim(),
			cvr: field(data, 'cvr').trim(),
			municipality: field(data, 'municipality').trim(),
			website: field(data, 'website').trim(),
			description: field(data, 'description').trim()
		};
		const result = await organisations.create(
			locals.db,
			{ actor: user, origin: url.origin, ip: getClientAddress() },
			{ ...values, municipalityCode: values.municipality }
		);
		if (!result.ok) {
			const entries = Object.entries(result.errors) as Array<[CreateField, CreateCode]>;
			const errors = Object.fromEntries(
				entries.map(([name, code]) => [FORM_FIELD[name], createMessage(name, code)])
			);
			// Malformed input is a 400; a well-formed form the data refuses (a taken name) is a 422.
			const status = entries.every(([, code]) => CONFLICT_CODES.has(code)) ? 422 : 400;
			return invalid(status, values, errors);
		}
		redirect(303, localizeHref(`/organisations/${result.slug}?done=created_${result.status}`));
	}
};
