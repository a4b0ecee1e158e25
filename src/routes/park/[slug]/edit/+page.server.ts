import { error, redirect } from '@sveltejs/kit';
import * as park from '$lib/server/park';
import { field, invalid } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { parkErrors } from '$lib/park/labels';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/** The enterprise's editors and org admins (and platform admins) keep the profile current. */
async function editable(locals: App.Locals, slug: string, url?: URL) {
	const user = requireUser(locals, url);
	const found = await park.getBySlug(locals.db, slug);
	if (!found) error(404, 'Not found');
	const access = await park.access(locals.db, user, found.org.id);
	if (!access.canEdit) error(403, 'Not allowed');
	return { user, found };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { found } = await editable(locals, params.slug, url);
	const p = found.profile;
	return {
		org: { name: found.org.name, slug: found.org.slug },
		values: {
			membership: p?.membership ?? 'virtual',
			stage: p?.stage ?? 'operating',
			sectors: p?.sectors.join(', ') ?? '',
			services: p?.services ?? '',
			contactEmail: p?.contactEmail ?? '',
			contactPhone: p?.contactPhone ?? '',
			address: p?.address ?? '',
			foundedYear: p?.foundedYear?.toString() ?? '',
			jobs: p ? String(p.jobs) : '0',
			flexJobs: p ? String(p.flexJobs) : '0',
			sroi: p?.sroi?.toString() ?? '',
			criteria: p?.criteria ?? {}
		},
		memberships: [...park.parkMemberships],
		stages: [...park.pipelineStages],
		criteria: [...park.sovCriteria]
	};
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const { user, found } = await editable(locals, params.slug);
		const data = await request.formData();
		const criteria: park.ProfileInput['criteria'] = {};
		for (const key of park.sovCriteria) {
			criteria[key] = {
				met: field(data, `met_${key}`) === 'on',
				explanation: field(data, `criteria_${key}`)
			};
		}
		const input: park.ProfileInput = {
			membership: field(data, 'membership'),
			stage: field(data, 'stage'),
			sectors: field(data, 'sectors'),
			services: field(data, 'services'),
			contactEmail: field(data, 'contactEmail'),
			contactPhone: field(data, 'contactPhone'),
			address: field(data, 'address'),
			foundedYear: field(data, 'foundedYear'),
			jobs: field(data, 'jobs'),
			flexJobs: field(data, 'flexJobs'),
			sroi: field(data, 'sroi'),
			criteria
		};
		const checked = park.validateProfile(input, new Date().getFullYear());
		if (!checked.ok) return invalid(400, { ...input }, parkErrors(checked.errors));
		const saved = await park.saveProfile(locals.db, user, found.org.id, checked.value);
		if (!saved.ok) error(403, 'Not allowed');
		redirect(303, localizeHref(`/park/${found.org.slug}?done=saved`));
	}
};
