import { error, redirect } from '@sveltejs/kit';
import * as park from '$lib/server/park';
import { field, invalid } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { parkErrors } from '$lib/park/labels';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/**
 * Public: the enterprise's park profile. The dialogue timeline only for its members, advisers and
 * platform admins; editors see an edit link. Without a park profile the page exists only for
 * those who may create one.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const found = await park.getBySlug(locals.db, params.slug);
	if (!found) error(404, 'Not found');
	const access = await park.access(locals.db, locals.user, found.org.id);
	if (!found.profile && !access.canEdit) error(404, 'Not found');
	const dialogue = access.canSeeDialogue ? await park.dialogue(locals.db, found.org.id) : [];
	return {
		org: found.org,
		profile: found.profile
			? { ...found.profile, updatedBy: undefined, updatedAt: found.profile.updatedAt.toISOString() }
			: null,
		access,
		dialogue,
		criteria: [...park.sovCriteria],
		kinds: [...park.dialogueKinds],
		done: url.searchParams.get('done')
	};
};

export const actions: Actions = {
	dialogue: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		const found = await park.getBySlug(locals.db, params.slug);
		if (!found) error(404, 'Not found');
		const data = await request.formData();
		const values = {
			occurredOn: field(data, 'occurredOn'),
			kind: field(data, 'kind'),
			title: field(data, 'title'),
			notes: field(data, 'notes')
		};
		const result = await park.addDialogue(locals.db, user, found.org.id, values);
		if (!result.ok) error(403, 'Not allowed');
		if (result.value.errors) return invalid(400, values, parkErrors(result.value.errors));
		redirect(303, localizeHref(`/park/${params.slug}?done=dialogue#dialogue-heading`));
	}
};
