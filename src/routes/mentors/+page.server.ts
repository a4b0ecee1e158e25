import * as mentors from '$lib/server/mentors';
import { isAdmin, requireUser } from '$lib/server/guards';
import { expertiseTags, languages, meetingModes, sectors } from '$lib/mentors/vocabulary';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

/** Signed-in users: the directory, filtered, best matches for the described needs first. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const p = url.searchParams;
	const filter = {
		q: (p.get('q') ?? '').trim().slice(0, mentors.LIMITS.query),
		tags: p.getAll('tag').filter((t) => (expertiseTags as readonly string[]).includes(t)),
		sector: p.get('sector') ?? '',
		regionCode: p.get('region') ?? '',
		language: p.get('language') ?? '',
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
