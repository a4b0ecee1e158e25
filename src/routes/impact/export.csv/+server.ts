import { error } from '@sveltejs/kit';
import * as impact from '$lib/server/impact';
import type { RequestHandler } from './$types';

/** Public like the dashboard: the chosen snapshot and filter as CSV. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const id = url.searchParams.get('s') ?? impact.LIVE;
	const snapshot = await impact.load(locals.db, id);
	if (!snapshot) error(404, 'Not found');
	const rows = impact.filterRows(snapshot.rows, {
		region: url.searchParams.get('region') ?? '',
		municipality: url.searchParams.get('m') ?? ''
	});
	const name = `${snapshot.title}-${snapshot.date}`
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	return new Response(impact.snapshotCsv({ ...snapshot, rows }), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${name || 'impact'}.csv"`
		}
	});
};
