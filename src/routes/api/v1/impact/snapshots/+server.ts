import { json } from '@sveltejs/kit';
import * as impact from '$lib/server/impact';
import type { RequestHandler } from './$types';

/** Public: the snapshots (aggregated figures per municipality, no personal data), newest first. */
export const GET: RequestHandler = async ({ locals }) => {
	const stored = await impact.list(locals.db);
	const today = new Date().toISOString().slice(0, 10);
	return json({
		snapshots: [
			{ id: impact.LIVE, title: 'Platformen nu', date: today, source: 'Videnscenter', live: true },
			...stored.map((s) => ({ ...s, live: false }))
		]
	});
};
