import { json } from '@sveltejs/kit';
import { ping } from '$lib/server/db';
import { ops } from '$lib/server/ops';
import type { RequestHandler } from './$types';

/**
 * Liveness and readiness: 503 when the database does not answer or the process is shutting down
 * (a load balancer then sends new work elsewhere); 200 otherwise. Redis is reported too: when it is
 * away the process still serves its own clients (status "degraded"). `redis.connections` names each
 * Redis connection the process holds (Yjs fan-out, socket.io adapter with meeting presence), so
 * one that is down is seen even while the others are up.
 */
export const GET: RequestHandler = async () => {
	const probe = ops();
	const redis = {
		status: probe?.redis() ?? 'disabled',
		connections: probe?.redisConnections?.() ?? {}
	};
	const draining = probe?.draining() ?? false;
	const headers = { 'cache-control': 'no-store' };
	try {
		const database = await ping();
		return json(
			{
				status: draining ? 'draining' : redis.status === 'error' ? 'degraded' : 'ok',
				ready: !draining,
				database: { status: 'ok', ...database },
				redis
			},
			{ status: draining ? 503 : 200, headers }
		);
	} catch (err) {
		return json(
			{
				status: 'error',
				ready: false,
				database: { status: 'error', error: String(err).slice(0, 200) },
				redis
			},
			{ status: 503, headers }
		);
	}
};
