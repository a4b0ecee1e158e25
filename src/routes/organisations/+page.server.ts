import * as organisations from '$lib/server/organisations';
import { requireUser } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

/** Signed-in users: approved organisations (search, filters) and their own. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
	const kind = url.searchParams.get('kind') ?? '';
	const municipality = url.searchParams.get('municipality') ?? '';
	const page = Number(url.searchParams.get('page') ?? '1');
	const [result, mine, municipalities] = await Promise.all([
		organisations.list(locals.db, { q, kind, municipality, page }),
		organisations.mine(locals.db, user.id),
		organisations.listMunicipalities(locals.db)
	]);
	return {
		filter: { q, kind: organisations.isKind(kind) ? kind : '', municipality },
		...result,
		mine,
		kinds: [...organisations.organisationKinds],
		municipalities
	};
};
