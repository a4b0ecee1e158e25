import * as impact from '$lib/server/impact';
import type { PageServerLoad } from './$types';

/** Public: aggregated figures per municipality. Adding snapshots is checked on its own page. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const [stored, municipalities, canAdd] = await Promise.all([
		impact.list(locals.db),
		impact.municipalityIndex(locals.db),
		impact.canAddSnapshots(locals.db, locals.user)
	]);
	const requested = url.searchParams.get('s');
	const valid = (id: string | null) =>
		id === impact.LIVE || (id !== null && stored.some((s) => s.id === id));
	const selected = valid(requested) ? requested! : (stored[0]?.id ?? impact.LIVE);
	const compareId = url.searchParams.get('c');
	const compareTo = valid(compareId) && compareId !== selected ? compareId! : '';
	const filter = {
		region: url.searchParams.get('region') ?? '',
		municipality: url.searchParams.get('m') ?? ''
	};
	const [snapshot, compare] = await Promise.all([
		impact.load(locals.db, selected),
		compareTo ? impact.load(locals.db, compareTo) : null
	]);
	const rows = impact.filterRows(snapshot!.rows, filter);
	const compareRows = compare ? impact.filterRows(compare.rows, filter) : [];
	const regions = [...new Set(municipalities.map((m) => m.regionName))].sort();
	return {
		snapshots: stored,
		selected,
		compareTo,
		filter,
		snapshot: {
			id: snapshot!.id,
			title: snapshot!.title,
			date: snapshot!.date,
			source: snapshot!.source
		},
		compare: compare ? { id: compare.id, title: compare.title, date: compare.date } : null,
		rows,
		compareRows,
		totals: impact.totals(rows),
		compareTotals: compare ? impact.totals(compareRows) : null,
		regions,
		municipalities,
		canAdd,
		live: impact.LIVE,
		saved: url.searchParams.get('saved') === '1'
	};
};
