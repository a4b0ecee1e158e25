import { error, redirect } from '@sveltejs/kit';
import * as mentors from '$lib/server/mentors';
import { outcomeMessage } from '$lib/server/mentors/messages';
import { field, invalid } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { expertiseTags, languages, sectors } from '$lib/mentors/vocabulary';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/** Signed-in users see a profile; contact details only as the mentor or an accepted mentee. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const profile = await mentors.getProfile(locals.db, params.id);
	if (!profile) error(404, 'Not found');
	const [contact, regions, open] = await Promise.all([
		mentors.contactFor(locals.db, profile.id, user.id),
		mentors.regions(locals.db),
		mentors.openRequestId(locals.db, profile.id, user.id)
	]);
	const p = url.searchParams;
	return {
		profile,
		contact,
		own: profile.userId === user.id,
		openRequestId: open,
		regions,
		needs: {
			tags: p.getAll('tag'),
			sector: p.get('sector') ?? '',
			region: p.get('region') ?? '',
			language: p.get('language') ?? ''
		},
		vocabulary: { tags: [...expertiseTags], sectors: [...sectors], languages: [...languages] },
		needMax: mentors.LIMITS.need
	};
};

export const actions: Actions = {
	request: async ({ locals, params, request, url, getClientAddress }) => {
		const user = requireUser(locals);
		const data = await request.formData();
		const values = {
			need: field(data, 'need'),
			tags: data.getAll('tag').filter((t): t is string => typeof t === 'string'),
			sector: field(data, 'sector'),
			region: field(data, 'region'),
			language: field(data, 'language')
		};
		const result = await mentors.createRequest(
			locals.db,
			{ actor: user, origin: url.origin, ip: getClientAddress() },
			params.id,
			{
				need: values.need,
				tags: values.tags,
				sector: values.sector,
				regionCode: values.region,
				language: values.language
			}
		);
		if (!result.ok) {
			if (result.code === 'not_found') error(404, 'Not found');
			const fieldName = result.code.startsWith('need_') ? 'need' : 'action';
			const status = result.code.startsWith('need_') ? 400 : 409;
			return invalid(status, values, { [fieldName]: outcomeMessage(result.code) });
		}
		redirect(303, localizeHref(`/mentors/requests/${result.id}?done=sent`));
	}
};
