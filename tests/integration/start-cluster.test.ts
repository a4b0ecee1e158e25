/**
 * `npm run start:cluster` (scripts/cluster.ts) as an operator runs it: two processes of the build
 * and the round-robin proxy in front, on PostgreSQL and Redis. Health answers through the proxy,
 * two Yjs clients through the proxy converge, and after `kill -9` of one process its client
 * reconnects through the proxy to the survivor and converges with nothing acknowledged lost.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { freshDatabase, type TestDatabase } from '../helpers/db';
import { Client } from '../helpers/http';
import { cookieOf, waitFor } from '../helpers/meetings';
import { runAdmin } from '../helpers/server';
import { assertServicesWhenRequired, databaseUrl, redisUrl } from '../helpers/services';

assertServicesWhenRequired();
const haveServices = Boolean(databaseUrl && redisUrl);
const reason = 'needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); set both to run';

const EDITOR = {
	email: 'editor@start-cluster.test',
	password: 'start-cluster-password-1',
	name: 'Eva Editor',
	org: 'Kolding Kommune',
	role: 'editor'
};

function portFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const srv = createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

/** A port with the next two free as well: the proxy takes PORT, the processes PORT+1 and PORT+2. */
async function freeRun(): Promise<number> {
	for (let i = 0; i < 50; i++) {
		const base = 20_000 + Math.floor(Math.random() * 40_000);
		if ((await Promise.all([0, 1, 2].map((d) => portFree(base + d)))).every(Boolean)) return base;
	}
	throw new Error('no three consecutive free ports');
}

/** The app processes the cluster started, by the port each listens on (from their environment). */
function backendsOf(cluster: ChildProcess): Map<number, number> {
	const pids = spawnSync('pgrep', ['-P', String(cluster.pid)], { encoding: 'utf8' })
		.stdout.split('\n')
		.filter(Boolean)
		.map(Number);
	const byPort = new Map<number, number>();
	for (const pid of pids) {
		// Only the app processes (the script's other helpers, e.g. esbuild's, inherit PORT too).
		if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('server.ts')) continue;
		const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
		const port = env.find((e) => e.startsWith('PORT='))?.slice(5);
		if (port) byPort.set(Number(port), pid);
	}
	return byPort;
}

async function yjsConnections(port: number): Promise<number> {
	const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
	return Number(/^vc_yjs_connections (\d+)$/m.exec(text)?.[1] ?? NaN);
}

async function stored(url: string, id: string): Promise<string> {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		const [doc] = await sql`select snapshot from documents where id = ${id}`;
		const log =
			await sql`select update from document_updates where document_id = ${id} order by seq`;
		const y = new Y.Doc();
		if (doc?.snapshot) Y.applyUpdate(y, doc.snapshot);
		for (const row of log) Y.applyUpdate(y, row.update);
		return y.getText('cluster').toString();
	} finally {
		await sql.end();
	}
}

describe.skipIf(!haveServices)(`npm run start:cluster (${reason})`, { timeout: 240_000 }, () => {
	let db: TestDatabase;
	let cluster: ChildProcess | undefined;
	let dataDir = '';
	let port = 0;
	let base = '';
	const output: string[] = [];
	const editor = () => new Client(base);
	let signedIn: Client;
	const open: WebsocketProvider[] = [];

	beforeAll(async () => {
		db = await freshDatabase();
		port = await freeRun();
		base = `http://127.0.0.1:${port}`;
		dataDir = mkdtempSync(join(tmpdir(), 'vc-start-cluster-'));
		const env = {
			...process.env,
			DATABASE_URL: db.url!,
			REDIS_URL: redisUrl!,
			PORT: String(port),
			HOST: '127.0.0.1',
			CLUSTER_SIZE: '2',
			DATA_DIR: dataDir,
			DEMO: '0',
			NODE_ENV: 'production',
			LOG_LEVEL: 'warn'
		};
		// What `npm run start:cluster` runs, without npm in between, so the app processes are the
		// cluster's own children.
		cluster = spawn(process.execPath, ['--import', 'tsx', 'scripts/cluster.ts'], {
			cwd: process.cwd(),
			env,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		cluster.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`cluster did not start in 120 s:\n${output.join('')}`)),
				120_000
			);
			cluster!.stdout!.on('data', (c: Buffer) => {
				output.push(c.toString());
				if (output.join('').includes(`proxy at ${base}`)) {
					clearTimeout(timer);
					resolve();
				}
			});
			cluster!.once('exit', (code) => {
				clearTimeout(timer);
				reject(new Error(`cluster exited with ${code}:\n${output.join('')}`));
			});
		});
		// On PostgreSQL the operator command runs beside the servers.
		const file = join(dataDir, 'users.json');
		writeFileSync(file, JSON.stringify([EDITOR]));
		const created = runAdmin({ DATABASE_URL: db.url! }, ['create-users', '--file', file]);
		expect(created.status, created.stderr).toBe(0);
		signedIn = editor();
		expect((await signedIn.signIn(EDITOR.email, EDITOR.password)).status).toBe(303);
	}, 300_000);

	afterAll(async () => {
		for (const p of open) p.destroy();
		if (cluster && cluster.exitCode === null) {
			const exited = new Promise((r) => cluster!.once('exit', r));
			// The cluster script stops its processes (the survivors) and exits.
			cluster.kill('SIGTERM');
			await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
			if (cluster.exitCode === null) cluster.kill('SIGKILL');
		}
		rmSync(dataDir, { recursive: true, force: true });
		await db?.drop();
	});

	function provider(id: string, doc = new Y.Doc()) {
		const cookie = cookieOf(signedIn);
		class CookieSocket extends WebSocket {
			constructor(url: string, protocols?: string | string[]) {
				super(url, protocols, { headers: { cookie } });
			}
		}
		const p = new WebsocketProvider(`ws://127.0.0.1:${port}/yjs`, id, doc, {
			WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket,
			maxBackoffTime: 200,
			disableBc: true
		});
		open.push(p);
		return { doc, p, text: doc.getText('cluster') };
	}

	it('answers /healthz through the proxy from both processes, with the database and every Redis connection up', async () => {
		for (let i = 0; i < 2; i++) {
			const health = await fetch(`${base}/healthz`);
			expect(health.status).toBe(200);
			expect(await health.json()).toMatchObject({
				status: 'ok',
				ready: true,
				database: { status: 'ok', driver: 'postgres' },
				redis: {
					status: 'ok',
					connections: {
						socketioPublish: 'ok',
						socketioSubscribe: 'ok',
						yjsPublish: 'ok',
						yjsSubscribe: 'ok'
					}
				}
			});
		}
		expect([...backendsOf(cluster!).keys()].sort()).toEqual([port + 1, port + 2]);
	});

	it('converges two Yjs clients the proxy sent to different processes; after kill -9 of one, its client reconnects through the proxy to the survivor and nothing acknowledged is lost', async () => {
		const created = await signedIn.json('POST', '/api/v1/cases', {
			kind: 'method_note',
			title: 'Notat gennem proxyen',
			summary: 'Skrevet på to processer.'
		});
		expect(created.status).toBe(201);
		const id = ((await created.json()) as { id: string }).id;

		const a = provider(id);
		await waitFor(() => a.p.synced, 15_000);
		const b = provider(id);
		await waitFor(() => b.p.synced, 15_000);
		// Round robin: one connection on each process.
		const ports = [port + 1, port + 2];
		expect(await Promise.all(ports.map(yjsConnections))).toEqual([1, 1]);

		a.text.insert(0, 'a0;');
		b.text.insert(0, 'b0;');
		await waitFor(
			() =>
				[a, b].every((x) => x.text.toString().includes('a0;') && x.text.toString().includes('b0;')),
			10_000
		);
		expect(a.text.toString()).toBe(b.text.toString());

		// Which process holds b: the one whose count drops when b goes. Find it without closing b
		// by asking for each process's connections after a third, short-lived client.
		const backends = backendsOf(cluster!);
		const probe = provider(id);
		await waitFor(() => probe.p.synced, 15_000);
		const counts = await Promise.all(ports.map(yjsConnections));
		probe.p.destroy();
		// The probe went to the same process as a (the third pick of two): that process has 2.
		const aPort = ports[counts.indexOf(2)];
		const bPort = ports.find((p) => p !== aPort)!;
		expect(aPort).toBeDefined();

		let typing = true;
		let n = 0;
		const typer = (async () => {
			while (typing) {
				b.text.insert(b.text.length, `b${++n};`);
				await new Promise((r) => setTimeout(r, 5));
			}
		})();
		await waitFor(() => a.text.toString().includes('b20;'), 10_000);
		let killed = false;
		let reconnected = false;
		b.p.on('status', (event: { status: string }) => {
			if (killed && event.status === 'connected') reconnected = true;
		});
		process.kill(backends.get(bPort)!, 'SIGKILL');
		killed = true;
		await new Promise((r) => setTimeout(r, 300));
		// What the survivor relayed to a was saved before it was relayed.
		const acknowledged = a.text
			.toString()
			.split(';')
			.filter((t) => /^b\d+$/.test(t));
		typing = false;
		await typer;

		// b's provider reconnects by itself, through the proxy, which skips the dead process.
		await waitFor(() => reconnected && b.p.synced, 15_000);
		b.text.insert(0, 'after-kill;');
		await waitFor(() => a.text.toString().includes('after-kill;'), 10_000);
		await waitFor(() => a.text.toString() === b.text.toString(), 10_000);
		const final = a.text.toString();
		for (const token of acknowledged) expect(final).toContain(`${token};`);
		expect(final).toContain(`b${n};`);
		await expect.poll(() => yjsConnections(aPort), { timeout: 5000 }).toBe(2);
		await new Promise((r) => setTimeout(r, 300));
		expect(await stored(db.url!, id)).toBe(final);
		// The proxy still answers health, from the survivor.
		expect((await fetch(`${base}/healthz`)).status).toBe(200);
	});
});
