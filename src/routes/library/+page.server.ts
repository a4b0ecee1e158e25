import * as library from '$lib/server/library';
import { isAdmin } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

/** Anyone may search; each viewer sees exactly the entries their sharing scopes allow. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const parsed = library.parseSearchParams(url.searchParams, false);
	const params = parsed.ok
		? parsed.value
		: (
				library.parseSearchParams(new URLSearchParams()) as {
					ok: true;
					value: library.SearchParams;
				}
			).value;
	const viewer = await library.viewerOf(locals.db, locals.user);
	const [result, labels] = await Promise.all([
		library.search(locals.db, viewer, params),
		library.facetLabels(locals.db)
	]);
	return {
		params,
		result,
		labels,
		signedIn: Boolean(viewer),
		canCreate: viewer
			? viewer.admin || [...viewer.roles.values()].some((r) => r !== 'member')
			: false,
		admin: isAdmin(locals.user)
	};
};
