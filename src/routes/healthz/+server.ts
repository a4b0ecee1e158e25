import { json } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { database } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** Liveness and readiness: 200 when the database answers, 503 otherwise. */
export const GET: RequestHandler = async () => {
	const started = performance.now();
	try {
		const handle = await database();
		await handle.db.execute(sql`select 1`);
		return json(
			{
				status: 'ok',
				database: {
					status: 'ok',
					driver: handle.driver,
					latencyMs: Math.round((performance.now() - started) * 10) / 10
				}
			},
			{ headers: { 'cache-control': 'no-store' } }
		);
	} catch (err) {
		return json(
			{ status: 'error', database: { status: 'error', error: String(err).slice(0, 200) } },
			{ status: 503, headers: { 'cache-control': 'no-store' } }
		);
	}
};
