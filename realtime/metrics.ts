/**
 * Prometheus metrics (prom-client) at GET /metrics: socket.io connections, meeting rooms, Yjs
 * documents and connections, update-log length, persistence latency and HTTP latency by SvelteKit
 * route id. Served only with `Authorization: Bearer $METRICS_TOKEN` when METRICS_TOKEN is set,
 * otherwise only to loopback clients.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'vc_' });

export const persistSeconds = new Histogram({
	name: 'vc_yjs_persist_seconds',
	help: 'Time to append Yjs updates to the database',
	buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
	registers: [registry]
});

export const httpSeconds = new Histogram({
	name: 'vc_http_request_duration_seconds',
	help: 'HTTP request latency by SvelteKit route id',
	labelNames: ['route', 'method', 'status'] as const,
	buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
	registers: [registry]
});

export const fanoutMessages = new Counter({
	name: 'vc_yjs_fanout_published_total',
	help: 'Yjs updates and awareness messages published to other processes',
	registers: [registry]
});

export interface Sources {
	socketConnections(): number;
	meetingRooms(): number;
	yjs(): { documents: number; connections: number; updateLog: number };
}

export function registerSources(sources: Sources): void {
	const gauge = (name: string, help: string, read: () => number) =>
		new Gauge({
			name,
			help,
			registers: [registry],
			collect() {
				this.set(read());
			}
		});
	gauge('vc_socketio_connections', 'Open socket.io connections', sources.socketConnections);
	gauge('vc_meeting_rooms', 'Meeting rooms with someone on this process', sources.meetingRooms);
	gauge('vc_yjs_documents_loaded', 'Yjs documents in memory', () => sources.yjs().documents);
	gauge('vc_yjs_connections', 'Open Yjs websocket connections', () => sources.yjs().connections);
	gauge(
		'vc_yjs_update_log_length',
		'Updates in the logs of loaded documents since their last compaction',
		() => sources.yjs().updateLog
	);
}

function allowed(req: IncomingMessage): boolean {
	const token = process.env.METRICS_TOKEN;
	if (token) {
		const sent = Buffer.from(req.headers.authorization ?? '');
		const want = Buffer.from(`Bearer ${token}`);
		return sent.length === want.length && timingSafeEqual(sent, want);
	}
	const address = req.socket.remoteAddress ?? '';
	return (
		['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(address) && !req.headers['x-forwarded-for']
	);
}

/** Answers GET /metrics; returns false for any other request. */
export function serveMetrics(req: IncomingMessage, res: ServerResponse): boolean {
	if (req.url?.split('?')[0] !== '/metrics') return false;
	if (!allowed(req)) {
		res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
		return true;
	}
	void registry.metrics().then(
		(body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
		() => res.writeHead(500).end()
	);
	return true;
}
