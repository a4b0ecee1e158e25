import * as mentors from '$lib/server/mentors';
import { isAdmin, requireUser } from '$lib/server/guards';
import { expertiseTags, languages, meetingModes, sectors } from '$lib/mentors/vocabulary';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

/**
 * Signed-in users: the directory, narrowed by the chosen filters (repeated query keys: any of a
 * filter's values, all filters), best matches for the chosen needs and the description first.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const p = url.searchParams;
	const filter = {
		q: (p.get('q') ?? '').trim().slice(0, mentors.LIMITS.query),
		tags: p.getAll('tag').filter((t) => (expertiseTags as readonly string[]).includes(t)),
		sectors: p.getAll('sector').filter((s) => (sectors as readonly string[]).includes(s)),
		regionCodes: p.getAll('region').filter((r) => /^\d{4}$/.test(r)),
		languages: p.getAll('language').filter((l) => (languages as readonly string[]).includes(l)),
		mode: p.get('mode') ?? '',
		kind: p.get('kind') ?? '',
		availableOnly: p.get('available') === '1'
	};
	const [results, regions, ownProfileId] = await Promise.all([
		mentors.search(locals.db, filter),
		mentors.regions(locals.db),
		mentors.profileIdOf(locals.db, user.id)
	]);
	const regionNames = new Map(regions.map((r) => [r.code, r.name]));
	const locale = getLocale() === 'en' ? 'en' : 'da';
	return {
		filter,
		results: results.map((r) => ({
			...r,
			reasonText: mentors.reasonText(r.reasons, regionNames, locale)
		})),
		regions,
		vocabulary: {
			tags: [...expertiseTags],
			sectors: [...sectors],
			languages: [...languages],
			modes: [...meetingModes],
			kinds: [...mentors.MENTOR_ORG_KINDS]
		},
		hasProfile: ownProfileId !== null,
		admin: isAdmin(user)
	};
};
