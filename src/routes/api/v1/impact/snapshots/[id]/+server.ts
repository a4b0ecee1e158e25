import { error, json } from '@sveltejs/kit';
import * as impact from '$lib/server/impact';
import type { RequestHandler } from './$types';

/** Public: one snapshot, `{ id, title, date, source, rows: [...] }`; `live` for today's figures. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const snapshot = await impact.load(locals.db, params.id);
	if (!snapshot) error(404, 'Not found');
	return json(impact.apiShape(snapshot));
};
