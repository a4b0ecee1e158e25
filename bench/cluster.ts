/**
 * `npm run bench -- cluster`: one process versus two behind the same PostgreSQL and Redis.
 * - Yjs relay: W writers on one document, each sending U updates (a map entry carrying its send
 *   time); every client measures when each update of the others arrives. With two processes the
 *   clients are split between them, so half the deliveries cross the Redis hop.
 * - socket.io fan-out: a chair sends M minutes updates into a room of R members (split between the
 *   processes); each member measures delivery.
 * Needs a build, DATABASE_URL and REDIS_URL. Writes bench/RESULTS.md.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { io } from 'socket.io-client';
import { Client } from '../tests/helpers/http';
import { startApp, type TestApp } from '../tests/helpers/server';
import { cookieOf, createMeeting } from '../tests/helpers/meetings';

if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
	console.error('bench cluster needs DATABASE_URL and REDIS_URL');
	process.exit(2);
}
const WRITERS = Number(process.env.WRITERS ?? 8);
const UPDATES = Number(process.env.UPDATES ?? 200);
const MEMBERS = Number(process.env.MEMBERS ?? 20);
const MESSAGES = Number(process.env.MESSAGES ?? 200);
const PW = 'bench-cluster-password-1';

const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, ms: number) {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error('timed out');
		await sleep(5);
	}
}

interface Row {
	setup: string;
	what: string;
	deliveries: number;
	seconds: number;
	p50: number;
	p99: number;
	p50Same?: number;
	p50Cross?: number;
	p99Cross?: number;
}

async function yjsRelay(apps: TestApp[], editor: Client, label: string): Promise<Row> {
	const res = await editor.json('POST', '/api/v1/cases', {
		kind: 'method_note',
		title: 'Benchmark',
		summary: 'Benchmark document'
	});
	const { id } = (await res.json()) as { id: string };
	const cookie = cookieOf(editor);
	class CookieSocket extends WebSocket {
		constructor(url: string, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie } });
		}
	}
	const same: number[] = [];
	const cross: number[] = [];
	const clients = Array.from({ length: WRITERS }, (_, i) => {
		const app = apps[i % apps.length];
		const doc = new Y.Doc();
		const p = new WebsocketProvider(`ws://127.0.0.1:${app.port}/yjs`, id, doc, {
			WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket,
			disableBc: true
		});
		const map = doc.getMap<string>('bench');
		map.observe((event) => {
			if (event.transaction.local) return;
			const now = performance.now();
			for (const key of event.keysChanged) {
				const [from, sent] = (map.get(key) ?? '').split('@');
				const bucket = Number(from) % apps.length === i % apps.length ? same : cross;
				bucket.push(now - Number(sent));
			}
		});
		return { p, map, doc };
	});
	await until(() => clients.every((c) => c.p.synced), 20_000);
	const started = performance.now();
	const expected = WRITERS * UPDATES * (WRITERS - 1);
	for (let u = 0; u < UPDATES; u++) {
		clients.forEach((c, i) => c.map.set(`${i}:${u}`, `${i}@${performance.now()}`));
		await sleep(2);
	}
	await until(() => same.length + cross.length >= expected, 60_000);
	const seconds = (performance.now() - started) / 1000;
	for (const c of clients) c.p.destroy();
	const all = same.concat(cross);
	return {
		setup: label,
		what: `Yjs relay (${WRITERS} writers × ${UPDATES} updates)`,
		deliveries: all.length,
		seconds,
		p50: pct(all, 50),
		p99: pct(all, 99),
		p50Same: pct(same, 50),
		p50Cross: cross.length ? pct(cross, 50) : undefined,
		p99Cross: cross.length ? pct(cross, 99) : undefined
	};
}

async function fanout(
	apps: TestApp[],
	chair: Client,
	members: Client[],
	label: string
): Promise<Row> {
	const meetingId = await createMeeting(chair);
	const same: number[] = [];
	const cross: number[] = [];
	const sockets = members.map((m, i) => {
		const app = apps[i % apps.length];
		const s = io(`${app.url}/meetings`, {
			transports: ['websocket'],
			extraHeaders: { cookie: cookieOf(m) },
			forceNew: true
		});
		s.on('minutes', ({ text }: { text: string }) => {
			const sent = Number(text.split('@')[1]);
			(i % apps.length === 0 ? same : cross).push(performance.now() - sent);
		});
		return s;
	});
	for (const [i, s] of sockets.entries()) {
		await until(() => s.connected, 20_000);
		const r = await s.emitWithAck('join', { meetingId, since: null });
		if (!r.ok) throw new Error(`member ${i} could not join: ${JSON.stringify(r)}`);
	}
	const chairSocket = io(`${apps[0].url}/meetings`, {
		transports: ['websocket'],
		extraHeaders: { cookie: cookieOf(chair) },
		forceNew: true
	});
	await until(() => chairSocket.connected, 20_000);
	const joined = await chairSocket.emitWithAck('join', { meetingId, since: null });
	if (!joined.ok) throw new Error(`chair could not join: ${JSON.stringify(joined)}`);
	console.log('fan-out: room joined by', MEMBERS, 'members and the chair');
	const started = performance.now();
	const inFlight: Promise<unknown>[] = [];
	for (let m = 0; m < MESSAGES; m++) {
		inFlight.push(
			chairSocket.emitWithAck('minutes:save', { meetingId, text: `m${m}@${performance.now()}` })
		);
		if (inFlight.length >= 8) await inFlight.shift();
	}
	await Promise.all(inFlight);
	await until(() => same.length + cross.length >= MESSAGES * MEMBERS, 60_000);
	const seconds = (performance.now() - started) / 1000;
	for (const s of [...sockets, chairSocket]) s.disconnect();
	const all = same.concat(cross);
	return {
		setup: label,
		what: `socket.io fan-out (${MESSAGES} msgs → ${MEMBERS} members)`,
		deliveries: all.length,
		seconds,
		p50: pct(all, 50),
		p99: pct(all, 99),
		p50Same: pct(same, 50),
		p50Cross: cross.length ? pct(cross, 50) : undefined,
		p99Cross: cross.length ? pct(cross, 99) : undefined
	};
}

const users = [
	{ email: 'editor@bench.test', password: PW, org: 'Kolding Kommune', role: 'editor' },
	{ email: 'chair@bench.test', password: PW, admin: true }
];
console.log('starting two processes (creating users)…');
const first = await startApp({ users });
const second = await startApp({ shareDatabaseWith: first });
const rows: Row[] = [];
try {
	const editor = new Client(first.url);
	await editor.signIn(users[0].email, PW);
	const chair = new Client(first.url);
	await chair.signIn(users[1].email, PW);
	// Members: the chair's own sessions stand in for participants (one session each).
	const members: Client[] = [];
	for (let i = 0; i < MEMBERS; i++) {
		const m = new Client(first.url);
		await m.signIn(users[1].email, PW);
		members.push(m);
	}
	for (const [label, set] of [
		['1 process', [first]],
		['2 processes', [first, second]]
	] as const) {
		rows.push(await yjsRelay([...set], editor, label));
		console.log(rows.at(-1));
		rows.push(await fanout([...set], chair, members, label));
		console.log(rows.at(-1));
	}
} finally {
	await second.stop();
	await first.stop();
}

const f = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(1));
const lines = [
	'# Cluster benchmark: one process versus two',
	'',
	`Command: \`DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379 BUILD_DIR=build npm run bench -- cluster\``,
	'',
	`Machine: ${cpus().length} CPU cores (${cpus()[0]?.model ?? 'unknown'}), shared with other work; PostgreSQL and Redis local. ` +
		'Clients run in the benchmark process itself. Latency in ms from send to arrival at each other client; ' +
		'"same" = sender and receiver on one process, "cross" = through Redis.',
	'',
	'| setup | workload | deliveries | deliveries/s | p50 | p99 | p50 same | p50 cross | p99 cross |',
	'| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
	...rows.map(
		(r) =>
			`| ${r.setup} | ${r.what} | ${r.deliveries} | ${Math.round(r.deliveries / r.seconds)} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.p50Same)} | ${f(r.p50Cross)} | ${f(r.p99Cross)} |`
	),
	''
];
writeFileSync(new URL('./RESULTS.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
