import * as park from '$lib/server/park';
import { listMunicipalities } from '$lib/server/organisations';
import type { PageServerLoad } from './$types';

/** Public: the directory is open to everyone, signed in or not (no guard needed to read it). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const filter = {
		q: url.searchParams.get('q')?.slice(0, 100) ?? '',
		membership: url.searchParams.get('membership') ?? '',
		stage: url.searchParams.get('stage') ?? '',
		municipality: url.searchParams.get('municipality') ?? '',
		rsv: url.searchParams.get('rsv') === '1'
	};
	const [items, municipalities] = await Promise.all([
		park.list(locals.db, filter),
		listMunicipalities(locals.db)
	]);
	return {
		items,
		filter,
		municipalities,
		memberships: [...park.parkMemberships],
		stages: [...park.pipelineStages]
	};
};
