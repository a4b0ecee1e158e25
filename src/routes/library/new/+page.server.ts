import { redirect } from '@sveltejs/kit';
import * as library from '$lib/server/library';
import { field, invalid } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { localizeHref } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';
import { isUuid } from '$lib/server/core';

/** Editors and org admins create drafts for their organisations. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const viewer = (await library.viewerOf(locals.db, user))!;
	return { orgs: await library.draftOrganisations(locals.db, viewer) };
};

const ERR: Record<string, () => string> = {
	required: m.lib_err_required,
	too_long: m.lib_err_too_long,
	unknown: m.lib_err_unknown
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const user = requireUser(locals);
		const viewer = (await library.viewerOf(locals.db, user))!;
		const data = await request.formData();
		const values = {
			kind: field(data, 'kind'),
			title: field(data, 'title'),
			summary: field(data, 'summary'),
			organisationId: field(data, 'organisationId')
		};
		if (!isUuid(values.organisationId) || !library.canCreateFor(viewer, values.organisationId))
			return invalid(403, values, { organisationId: m.lib_forbidden() });
		const result = await library.createDraft(locals.db, user.id, { ...values, scope: 'public' });
		if (!result.ok) {
			const errors = Object.fromEntries(
				Object.entries(result.errors).map(([k, code]) => [k, (ERR[code] ?? m.lib_err_invalid)()])
			);
			return invalid(422, values, errors);
		}
		redirect(303, localizeHref(`/library/${result.value.id}/edit`));
	}
};
