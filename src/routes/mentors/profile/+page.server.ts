import { redirect } from '@sveltejs/kit';
import * as mentors from '$lib/server/mentors';
import * as organisations from '$lib/server/organisations';
import { profileMessage } from '$lib/server/mentors/messages';
import { field, invalid } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { expertiseTags, languages, meetingModes, sectors } from '$lib/mentors/vocabulary';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/** The signed-in user's own mentor profile: create or edit. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const [profile, orgs, municipalities] = await Promise.all([
		mentors.ownProfile(locals.db, user.id),
		mentors.eligibleOrganisations(locals.db, user.id),
		organisations.listMunicipalities(locals.db)
	]);
	return {
		profile,
		orgs,
		municipalities,
		vocabulary: {
			tags: [...expertiseTags],
			sectors: [...sectors],
			languages: [...languages],
			modes: [...meetingModes]
		},
		limits: mentors.LIMITS,
		saved: url.searchParams.get('done') === 'saved'
	};
};

const list = (data: FormData, name: string) =>
	data.getAll(name).filter((v): v is string => typeof v === 'string');

export const actions: Actions = {
	save: async ({ locals, request, getClientAddress }) => {
		const user = requireUser(locals);
		const data = await request.formData();
		const capacityRaw = field(data, 'capacity').trim();
		const input = {
			organisationId: field(data, 'organisationId'),
			headline: field(data, 'headline'),
			bio: field(data, 'bio'),
			expertise: list(data, 'expertise'),
			sectors: list(data, 'sectors'),
			languages: list(data, 'languages'),
			meetingModes: list(data, 'meetingModes'),
			municipalityCode: field(data, 'municipalityCode'),
			capacity: /^\d{1,3}$/.test(capacityRaw) ? Number(capacityRaw) : -1,
			accepting: field(data, 'accepting') === 'on',
			roleModelStory: field(data, 'roleModelStory'),
			contactEmail: field(data, 'contactEmail'),
			contactPhone: field(data, 'contactPhone')
		};
		const result = await mentors.saveProfile(
			locals.db,
			{ actor: user, ip: getClientAddress() },
			input
		);
		if (!result.ok) {
			const errors: Record<string, string> = {};
			for (const [name, code] of Object.entries(result.errors)) {
				errors[name] = profileMessage(name as mentors.ProfileField, code!);
			}
			const status = result.errors.capacity === 'capacity_below_active' ? 409 : 400;
			return invalid(status, { ...input, capacity: capacityRaw }, errors);
		}
		redirect(303, localizeHref('/mentors/profile?done=saved'));
	}
};
