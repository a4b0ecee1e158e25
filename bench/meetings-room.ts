/**
 * One meeting room with N participants (default 500) connected over socket.io on loopback to the
 * built server (a child process, its own database). Measures:
 *  - chat fan-out: time from a sender's emit to delivery at every participant (p50/p99/max),
 *  - join of a new participant with N in the room: connect + join acknowledged with history,
 *  - server memory (RSS) per connected participant.
 * Usage: npm run build && npm run bench -- meetings-room [participants] [messages]
 * With DATABASE_URL set the server uses PostgreSQL, otherwise embedded PGlite.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import { createDb } from '../db/client';
import { meetingRegistrations, meetings, sessions, users } from '../db/schema';
import { hashToken } from '../src/lib/server/auth/session';
import { freshDatabase } from '../tests/helpers/db';
import { startApp } from '../tests/helpers/server';

const N = Number(process.argv[3] ?? 500);
const MESSAGES = Number(process.argv[4] ?? 40);
const JOINERS = 20;
const SENDERS = 8;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 4);

const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (x: number) => x.toFixed(1);
const rssOf = (pid: number) =>
	Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

async function prepare(databaseUrl: string | undefined, dataDir: string) {
	const handle = await createDb({ databaseUrl, dataDir });
	const db = handle.db;
	const total = N + JOINERS + 1;
	const rows = Array.from({ length: total }, (_, i) => ({
		email: `bench-${i}@bench.test`,
		name: `Deltager ${i}`
	}));
	const created = [];
	for (let i = 0; i < rows.length; i += 200)
		created.push(
			...(await db
				.insert(users)
				.values(rows.slice(i, i + 200))
				.returning({ id: users.id }))
		);
	const tokens = created.map(() => randomBytes(20).toString('hex'));
	const expiresAt = new Date(Date.now() + 24 * 3600 * 1000);
	for (let i = 0; i < created.length; i += 200)
		await db
			.insert(sessions)
			.values(
				created
					.slice(i, i + 200)
					.map((u, j) => ({ id: hashToken(tokens[i + j]), userId: u.id, expiresAt }))
			);
	const [meeting] = await db
		.insert(meetings)
		.values({
			title: 'Benchmark-møde',
			startsAt: new Date(Date.now() + 3600_000),
			endsAt: new Date(Date.now() + 3 * 3600_000),
			capacity: total + 10,
			chairId: created[0].id
		})
		.returning({ id: meetings.id });
	for (let i = 0; i < created.length; i += 200)
		await db
			.insert(meetingRegistrations)
			.values(
				created
					.slice(i, i + 200)
					.map((u) => ({ meetingId: meeting.id, userId: u.id, status: 'registered' as const }))
			);
	await handle.close();
	return { meetingId: meeting.id, tokens };
}

function connect(url: string, token: string): Socket {
	return io(`${url}/meetings`, {
		path: '/socket.io',
		transports: ['websocket'],
		extraHeaders: { cookie: `vc_session=${token}` },
		forceNew: true,
		reconnection: false
	});
}

async function joinRoom(
	url: string,
	token: string,
	meetingId: string
): Promise<{ socket: Socket; ms: number }> {
	const t0 = performance.now();
	const socket = connect(url, token);
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	const reply = await socket.emitWithAck('join', { meetingId });
	if (!reply.ok) throw new Error(`join refused: ${JSON.stringify(reply)}`);
	return { socket, ms: performance.now() - t0 };
}

const main = async () => {
	const fresh = await freshDatabase();
	const dataDir = mkdtempSync(join(tmpdir(), 'vc-bench-'));
	console.log(`preparing ${N} participants on ${fresh.url ? 'PostgreSQL' : 'PGlite'} …`);
	const { meetingId, tokens } = await prepare(fresh.url, dataDir);
	const app = await startApp({
		env: { DATA_DIR: dataDir, LOG_LEVEL: 'info', ...(fresh.url ? { DATABASE_URL: fresh.url } : {}) }
	});
	const pid = app.child.pid!;
	const sockets: Socket[] = [];
	const cleanup: Array<() => Promise<void>> = [];
	try {
		// Warm up: one participant in and out, so the measured RSS excludes first-use costs.
		const warm = await joinRoom(app.url, tokens[N + JOINERS], meetingId);
		await warm.socket.emitWithAck('chat', { meetingId, body: 'opvarmning' });
		warm.socket.disconnect();
		await new Promise((r) => setTimeout(r, 500));
		const rssBefore = rssOf(pid);

		// The senders live here; the other participants are spread over worker threads, so
		// decoding 500 sockets' frames does not queue up behind one client event loop.
		const t0 = performance.now();
		const senders = [];
		for (const t of tokens.slice(0, SENDERS))
			senders.push((await joinRoom(app.url, t, meetingId)).socket);
		sockets.push(...senders);
		const share = Math.ceil((N - SENDERS) / WORKERS);
		const workers: Worker[] = [];
		await Promise.all(
			Array.from({ length: WORKERS }, (_, w) => {
				const worker = new Worker(new URL('./meetings-room-worker.mjs', import.meta.url), {
					workerData: {
						url: app.url,
						meetingId,
						tokens: tokens.slice(SENDERS + w * share, Math.min(N, SENDERS + (w + 1) * share))
					}
				});
				workers.push(worker);
				return new Promise<void>((resolve, reject) => {
					worker.once('message', () => resolve());
					worker.once('error', reject);
				});
			})
		);
		cleanup.push(async () => {
			await Promise.all(
				workers.map(
					(w) =>
						new Promise<void>((resolve) => {
							w.on('message', (m: { type: string }) => m.type === 'closed' && resolve());
							w.postMessage({ type: 'close' });
						})
				)
			);
			await Promise.all(workers.map((w) => w.terminate()));
		});
		const connectAll = performance.now() - t0;
		await new Promise((r) => setTimeout(r, 1000));
		const rssAfter = rssOf(pid);

		// Chat fan-out: from the emit to each participant's receipt (wall clock shared by threads).
		const now = () => performance.timeOrigin + performance.now();
		const sentAt = new Map<string, number>();
		for (let k = 0; k < MESSAGES; k++) {
			const body = `måling ${k}`;
			sentAt.set(body, now());
			senders[k % SENDERS].emit('chat', { meetingId, body });
			await new Promise((r) => setTimeout(r, 150));
		}
		await new Promise((r) => setTimeout(r, 1000));
		const latencies: number[] = [];
		for (const w of workers) {
			const receipts = await new Promise<Array<[string, number]>>((resolve) => {
				const on = (m: { type: string; receipts: Array<[string, number]> }) => {
					if (m.type !== 'report') return;
					w.off('message', on);
					resolve(m.receipts);
				};
				w.on('message', on);
				w.postMessage({ type: 'report' });
			});
			for (const [body, t] of receipts) {
				const sent = sentAt.get(body);
				if (sent !== undefined) latencies.push(t - sent);
			}
		}
		const expected = MESSAGES * (N - SENDERS);

		// A new participant joins a full room (connect + join with history).
		const joins: number[] = [];
		for (let j = 0; j < JOINERS; j++) {
			const joined = await joinRoom(app.url, tokens[N + j], meetingId);
			joins.push(joined.ms);
			sockets.push(joined.socket);
		}

		const perParticipant = (rssAfter - rssBefore) / N;
		const table = [
			['participants', String(N), ''],
			['connect+join all', ms(connectAll), 'ms'],
			[
				'chat messages',
				String(MESSAGES),
				`${latencies.length}/${expected} deliveries (receivers in ${WORKERS} threads)`
			],
			['chat fan-out p50', ms(pct(latencies, 50)), 'ms'],
			['chat fan-out p99', ms(pct(latencies, 99)), 'ms (target < 100)'],
			['chat fan-out max', ms(Math.max(...latencies)), 'ms'],
			[`join with ${N} present p50`, ms(pct(joins, 50)), 'ms'],
			[`join with ${N} present p99`, ms(pct(joins, 99)), 'ms (target < 200)'],
			['server RSS before', (rssBefore / 1048576).toFixed(1), 'MiB'],
			['server RSS with all joined', (rssAfter / 1048576).toFixed(1), 'MiB'],
			['memory per participant', (perParticipant / 1024).toFixed(1), 'KiB (RSS delta / N)']
		];
		console.log('\n| measure | value | unit |\n|---|---|---|');
		for (const [a, b, c] of table) console.log(`| ${a} | ${b} | ${c} |`);
	} finally {
		for (const c of cleanup) await c();
		for (const s of sockets) s.disconnect();
		await app.stop();
		await fresh.drop();
		rmSync(dataDir, { recursive: true, force: true });
	}
};

await main();
process.exit(0);
