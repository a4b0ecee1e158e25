/**
 * Several app processes on one PostgreSQL database and one Redis: Yjs clients on different processes
 * converge, removing a co-author or archiving an entry on one process cuts off connections held by
 * another, a meeting room spans processes, a killed process loses nothing acknowledged, and a Redis
 * restart degrades and recovers without losing updates.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { Client } from '../helpers/http';
import { startApp, type TestApp } from '../helpers/server';
import { createMeeting, cookieOf, RoomClient, waitFor } from '../helpers/meetings';
import { linkIn, readOutbox } from '../helpers/mail';
import { assertServicesWhenRequired, databaseUrl, redisUrl } from '../helpers/services';

assertServicesWhenRequired();
const haveServices = Boolean(databaseUrl && redisUrl);

const PW = 'cluster-test-password-1';
const people = {
	editor: {
		email: 'editor@cluster.test',
		name: 'Eva Editor',
		org: 'Kolding Kommune',
		role: 'editor'
	},
	chair: { email: 'chair@cluster.test', name: 'Connie Chair', admin: true },
	alice: { email: 'alice@cluster.test', name: 'Alice Andersen' },
	karl: { email: 'karl@cluster.test', name: 'Karl Kollega', org: 'Kolding Kommune', role: 'editor' }
};

/** A WebsocketProvider whose socket carries the user's session cookie. */
function provider(app: TestApp, client: Client, id: string, doc = new Y.Doc()) {
	const cookie = cookieOf(client);
	class CookieSocket extends WebSocket {
		constructor(url: string, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie } });
		}
	}
	const p = new WebsocketProvider(`ws://127.0.0.1:${app.port}/yjs`, id, doc, {
		WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket,
		maxBackoffTime: 200,
		disableBc: true
	});
	return { doc, p, text: doc.getText('cluster') };
}

async function createDraft(app: TestApp, client: Client): Promise<string> {
	const res = await client.json('POST', '/api/v1/cases', {
		kind: 'method_note',
		title: 'Fælles notat',
		summary: 'Skrevet af flere på én gang.'
	});
	expect(res.status).toBe(201);
	return ((await res.json()) as { id: string }).id;
}

/** The document as the database holds it: snapshot plus log. */
async function stored(url: string, id: string): Promise<Y.Doc> {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		const [doc] = await sql`select snapshot from documents where id = ${id}`;
		const log =
			await sql`select update from document_updates where document_id = ${id} order by seq`;
		const y = new Y.Doc();
		if (doc?.snapshot) Y.applyUpdate(y, doc.snapshot);
		for (const row of log) Y.applyUpdate(y, row.update);
		return y;
	} finally {
		await sql.end();
	}
}

async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const srv = createServer();
		srv.listen(0, '127.0.0.1', () => {
			const port = (srv.address() as { port: number }).port;
			srv.close(() => resolve(port));
		});
	});
}

const reason = 'needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); set both to run';

/** The Redis connections a process holds: socket.io's adapter (and presence) and the Yjs fan-out. */
const REDIS_CONNECTIONS = ['socketioPublish', 'socketioSubscribe', 'yjsPublish', 'yjsSubscribe'];
const ALL_REDIS_OK = Object.fromEntries(REDIS_CONNECTIONS.map((name) => [name, 'ok']));

async function redisHealth(app: TestApp) {
	const response = await fetch(`${app.url}/healthz`);
	return (
		(await response.json()) as {
			redis: { status: string; connections: Record<string, string> };
		}
	).redis;
}

describe.skipIf(!haveServices)(`cluster of processes (${reason})`, { timeout: 180_000 }, () => {
	const apps: TestApp[] = [];
	const open: Array<{ destroy(): void }> = [];
	const c = {} as Record<keyof typeof people, Client>;
	let editorOn: Client[] = [];

	beforeAll(async () => {
		const first = await startApp({
			users: Object.values(people).map((p) => ({ ...p, password: PW }))
		});
		apps.push(first);
		for (let i = 0; i < 2; i++) apps.push(await startApp({ shareDatabaseWith: first }));
		for (const [key, p] of Object.entries(people)) {
			const client = new Client(first.url);
			await client.signIn(p.email, PW);
			c[key as keyof typeof people] = client;
		}
		// The same session, used against each process.
		editorOn = apps.map(() => c.editor);
	}, 600_000);

	afterAll(async () => {
		for (const o of open) o.destroy();
		for (const app of [...apps].reverse()) await app.stop();
	});

	it('Yjs clients on three processes converge', async () => {
		const id = await createDraft(apps[0], c.editor);
		const clients = apps.map((app, i) => provider(app, editorOn[i], id));
		for (const x of clients) open.push(x.p);
		await waitFor(() => clients.every((x) => x.p.synced), 10_000);
		clients.forEach((x, i) => x.text.insert(0, `[${i}]`));
		for (let n = 0; n < 20; n++) clients[n % 3].text.insert(0, `${n % 3}:${n};`);
		const expected = (s: string) =>
			[0, 1, 2].every((i) => s.includes(`[${i}]`)) &&
			[...Array(20).keys()].every((n) => s.includes(`${n % 3}:${n};`));
		await waitFor(
			() => clients.every((x) => expected(x.text.toString())) && same(clients.map((x) => x.doc)),
			10_000
		);
		// Awareness crosses processes too (a caret; the name is the session's, filled by the server).
		clients[0].p.awareness.setLocalStateField('cursor', { anchor: 'proces-0' });
		await waitFor(
			() =>
				[...clients[2].p.awareness.getStates().values()].some((s) => {
					const state = s as { user?: { name: string }; cursor?: { anchor?: string } };
					return state.cursor?.anchor === 'proces-0' && state.user?.name === people.editor.name;
				}),
			5000
		);
		// Relayed only once saved: the database already holds all of it.
		const db = await stored(apps[0].env.DATABASE_URL, id);
		expect(expected(db.getText('cluster').toString())).toBe(true);
		for (const x of clients) x.p.destroy();
	});

	it('removing a co-author or archiving on one process cuts off the connections another process holds', async () => {
		await running(apps[2]);
		const id = await createDraft(apps[0], c.editor);
		// Alice becomes a co-author through an invitation.
		expect(
			(await c.editor.post(`/library/${id}/authors?/invite`, { email: people.alice.email })).status
		).toBe(200);
		const mail = (await readOutbox(c.chair)).find(
			(x) => x.kind === 'library.invitation' && x.to === people.alice.email
		);
		const link = new URL(linkIn(mail!, '/invitations/'));
		expect((await c.alice.post(`${link.pathname}?/accept`, {})).status).toBe(303);

		const closesOf = (x: ReturnType<typeof provider>) => {
			const codes: number[] = [];
			x.p.on('connection-close', (event: { code: number } | null) => {
				if (event) codes.push(event.code);
			});
			return codes;
		};
		const alice = provider(apps[1], c.alice, id);
		const editor1 = provider(apps[1], c.editor, id);
		const editor2 = provider(apps[2], c.editor, id);
		open.push(alice.p, editor1.p, editor2.p);
		const aliceCloses = closesOf(alice);
		const editor1Closes = closesOf(editor1);
		const editor2Closes = closesOf(editor2);
		await waitFor(() => alice.p.synced && editor1.p.synced && editor2.p.synced, 10_000);
		alice.text.insert(0, 'alice;');
		await waitFor(() => editor2.text.toString() === 'alice;', 5000);

		// Removed through process 0, which has no connection to the document at all.
		const authors = await (await c.editor.get(`/library/${id}/authors`)).text();
		const aliceId = authors.match(/name="user" value="([0-9a-f-]{36})"/)![1];
		expect((await c.editor.post(`/library/${id}/authors?/remove`, { user: aliceId })).status).toBe(
			200
		);
		await waitFor(() => aliceCloses.includes(4403), 5000);
		alice.text.insert(0, 'removed;');
		editor1.text.insert(editor1.text.length, 'editor;');
		await waitFor(() => editor2.text.toString() === 'alice;editor;', 5000);
		await new Promise((r) => setTimeout(r, 500));
		expect(editor1.text.toString()).toBe('alice;editor;');
		expect(alice.p.wsconnected).toBe(false);
		alice.p.destroy();

		// Archived through process 0: the editor's connections on processes 1 and 2 are closed.
		expect((await c.chair.post(`/library/${id}?/archive`, {})).status).toBe(200);
		await waitFor(() => editor1Closes.includes(4403) && editor2Closes.includes(4403), 5000);
		editor2.text.insert(0, 'archived;');
		await new Promise((r) => setTimeout(r, 500));
		const db = await stored(apps[0].env.DATABASE_URL, id);
		expect(db.getText('cluster').toString()).toBe('alice;editor;');
		editor1.p.destroy();
		editor2.p.destroy();

		// A membership ended through process 0: the former editor's connections elsewhere close.
		const next = await createDraft(apps[0], c.editor);
		const karl1 = provider(apps[1], c.karl, next);
		const karl2 = provider(apps[2], c.karl, next);
		open.push(karl1.p, karl2.p);
		const karl1Closes = closesOf(karl1);
		const karl2Closes = closesOf(karl2);
		await waitFor(() => karl1.p.synced && karl2.p.synced, 10_000);
		const page = await (await c.chair.get('/organisations/kolding-kommune')).text();
		const row = page.split('<tr').find((r) => r.includes('Karl Kollega') && r.includes('userId'));
		const karlId = row!.match(/name="userId" value="([0-9a-f-]{36})"/)![1];
		const removed = await c.chair.post('/organisations/kolding-kommune?/remove', {
			userId: karlId
		});
		expect([200, 303]).toContain(removed.status);
		await waitFor(() => karl1Closes.includes(4403) && karl2Closes.includes(4403), 5000);
		karl1.p.destroy();
		karl2.p.destroy();
	});

	it('/healthz reports database and every Redis connection; /metrics serves Prometheus metrics to localhost', async () => {
		const health = await fetch(`${apps[1].url}/healthz`);
		expect(health.status).toBe(200);
		expect(await health.json()).toMatchObject({
			status: 'ok',
			ready: true,
			database: { status: 'ok' },
			redis: { status: 'ok', connections: ALL_REDIS_OK }
		});
		const metrics = await fetch(`${apps[0].url}/metrics`);
		expect(metrics.status).toBe(200);
		const text = await metrics.text();
		for (const name of [
			'vc_socketio_connections',
			'vc_meeting_rooms',
			'vc_yjs_documents_loaded',
			'vc_yjs_connections',
			'vc_yjs_update_log_length',
			'vc_yjs_persist_seconds_bucket'
		]) {
			expect(text).toContain(name);
		}
		// By route id, never the raw URL.
		expect(text).toMatch(
			/vc_http_request_duration_seconds_count\{route="\/api\/v1\/cases",method="POST"/
		);
		expect(text).not.toContain(`route="/api/v1/cases/`);
	});

	it("a meeting room's chat and presence span processes", async () => {
		const meetingId = await createMeeting(c.chair);
		expect((await c.alice.post(`/meetings/${meetingId}?/register`, {})).status).toBe(200);
		const chair = new RoomClient(apps[0].url, c.chair, meetingId);
		open.push({ destroy: () => chair.close() });
		await chair.joined();
		const joinedSeen = chair.next<{ userId: string; name: string }>('presence:joined');
		const alice = new RoomClient(apps[1].url, c.alice, meetingId);
		open.push({ destroy: () => alice.close() });
		const reply = await alice.joined();
		expect(reply.ok).toBe(true);
		expect((await joinedSeen).name).toBe(people.alice.name);
		// Alice, on another process, sees the chair who joined elsewhere.
		expect((reply.presence as Array<{ name: string }>).map((p) => p.name)).toContain(
			people.chair.name
		);
		expect((await chair.emit('chat', { body: 'Velkommen alle sammen' })).ok).toBe(true);
		expect((await alice.emit('chat', { body: 'Tak!' })).ok).toBe(true);
		await waitFor(() => chair.messages.length === 2 && alice.messages.length === 2, 5000);
		expect(alice.messages.map((m) => m.body)).toEqual(['Velkommen alle sammen', 'Tak!']);
		const leftSeen = chair.next<{ name: string }>('presence:left');
		alice.close();
		expect((await leftSeen).name).toBe(people.alice.name);

		// Alice again, on a process that then dies: her entry expires within seconds.
		const doomed = new RoomClient(apps[2].url, c.alice, meetingId);
		open.push({ destroy: () => doomed.close() });
		const back = chair.next<{ name: string }>('presence:joined');
		await doomed.joined();
		expect((await back).name).toBe(people.alice.name);
		const expired = chair.next<{ name: string }>('presence:left', 15_000);
		const killedAt = Date.now();
		apps[2].child.kill('SIGKILL');
		expect((await expired).name).toBe(people.alice.name);
		expect(Date.now() - killedAt).toBeLessThan(10_000);
		doomed.close();
		const rejoin = new RoomClient(apps[1].url, c.chair, meetingId);
		open.push({ destroy: () => rejoin.close() });
		const list = (await rejoin.joined()).presence as Array<{ name: string }>;
		expect(list.map((p) => p.name)).toEqual([people.chair.name]);
		rejoin.close();
		await apps[2].restart();
	});

	it('SIGTERM: not ready, websockets closed as going away, clients move on, nothing lost', async () => {
		await running(apps[2]);
		const id = await createDraft(apps[0], c.editor);
		const a = provider(apps[0], c.editor, id);
		const leaving = provider(apps[2], c.editor, id);
		open.push(a.p, leaving.p);
		await waitFor(() => a.p.synced && leaving.p.synced, 10_000);
		const codes: number[] = [];
		leaving.p.on('connection-close', (event: { code: number } | null) => {
			if (event) codes.push(event.code);
		});
		for (let i = 0; i < 50; i++) leaving.text.insert(leaving.text.length, `t${i};`);
		const stopping = apps[2].halt();
		await waitFor(() => codes.length > 0, 10_000);
		expect(codes[0]).toBe(1001);
		await stopping;
		// Everything it was sent is saved: a client on another process sees it all.
		await waitFor(() => a.text.toString().includes('t49;'), 10_000);
		leaving.p.destroy();
		a.p.destroy();
		const db = await stored(apps[0].env.DATABASE_URL, id);
		expect(db.getText('cluster').toString()).toContain('t49;');
		await apps[2].restart();
	});

	it('kill -9 of a process: others keep working, its clients move, nothing acknowledged is lost', async () => {
		await running(apps[2]);
		const id = await createDraft(apps[0], c.editor);
		const a = provider(apps[0], c.editor, id);
		const b = provider(apps[1], c.editor, id);
		const victim = provider(apps[2], c.editor, id);
		open.push(a.p, b.p, victim.p);
		await waitFor(() => a.p.synced && b.p.synced && victim.p.synced, 10_000);
		let typing = true;
		let n = 0;
		const typer = (async () => {
			while (typing) {
				victim.text.insert(victim.text.length, `v${n++};`);
				a.text.insert(a.text.length, `a${n};`);
				await new Promise((r) => setTimeout(r, 5));
			}
		})();
		await waitFor(() => b.text.toString().includes('v20;'), 10_000);
		apps[2].child.kill('SIGKILL');
		await new Promise((r) => setTimeout(r, 300));
		// What the surviving processes relayed was durable before they relayed it.
		const acknowledged = b.text.toString();
		const ackedTokens = acknowledged.split(';').filter(Boolean);
		typing = false;
		await typer;
		// The survivors keep working.
		b.text.insert(0, 'after-kill;');
		await waitFor(() => a.text.toString().includes('after-kill;'), 5000);
		// The killed process's client reconnects to a surviving process with its own document.
		victim.p.destroy();
		const moved = provider(apps[1], c.editor, id, victim.doc);
		open.push(moved.p);
		await waitFor(() => moved.p.synced, 10_000);
		await waitFor(() => same([a.doc, b.doc, moved.doc]), 10_000);
		const final = a.text.toString();
		for (const token of ackedTokens) expect(final).toContain(`${token};`);
		expect(final).toContain(`v${n - 1};`);
		// And it is all in the database.
		await new Promise((r) => setTimeout(r, 300));
		const db = await stored(apps[0].env.DATABASE_URL, id);
		expect(db.getText('cluster').toString()).toBe(final);
		for (const x of [a, b, moved]) x.p.destroy();
		await apps[2].restart();
	});

	it('Redis restarted mid-session: degrades and recovers without losing updates, room presence or chat', async () => {
		const port = await freePort();
		const dir = mkdtempSync(join(tmpdir(), 'vc-redis-'));
		let redis: ChildProcess | undefined;
		const startRedis = async () => {
			redis = spawn(
				'/usr/bin/redis-server',
				['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir],
				{ stdio: 'ignore' }
			);
			await new Promise((r) => setTimeout(r, 300));
		};
		await startRedis();
		const own: TestApp[] = [];
		try {
			const env = { REDIS_URL: `redis://127.0.0.1:${port}` };
			own.push(await startApp({ shareDatabaseWith: apps[0], env }));
			own.push(await startApp({ shareDatabaseWith: apps[0], env }));
			const id = await createDraft(apps[0], c.editor);
			const x = provider(own[0], c.editor, id);
			const y = provider(own[1], c.editor, id);
			open.push(x.p, y.p);
			await waitFor(() => x.p.synced && y.p.synced, 10_000);
			x.text.insert(0, 'before;');
			await waitFor(() => y.text.toString().includes('before;'), 5000);

			// A meeting room spanning the two processes: the chair on one, Alice on the other.
			const meetingId = await createMeeting(c.chair);
			expect((await c.alice.post(`/meetings/${meetingId}?/register`, {})).status).toBe(200);
			expect((await c.editor.post(`/meetings/${meetingId}?/register`, {})).status).toBe(200);
			const chair = new RoomClient(own[0].url, c.chair, meetingId);
			open.push({ destroy: () => chair.close() });
			await chair.joined();
			const alice = new RoomClient(own[1].url, c.alice, meetingId);
			open.push({ destroy: () => alice.close() });
			const names = (reply: Record<string, unknown>) =>
				(reply.presence as Array<{ name: string }>).map((p) => p.name).sort();
			expect(names(await alice.joined())).toEqual([people.alice.name, people.chair.name].sort());
			expect(await redisHealth(own[0])).toEqual({ status: 'ok', connections: ALL_REDIS_OK });

			redis!.kill('SIGKILL');
			await new Promise((r) => setTimeout(r, 300));
			x.text.insert(x.text.length, 'during-x;');
			y.text.insert(y.text.length, 'during-y;');
			// Each process still serves its own clients and saves their edits.
			await new Promise((r) => setTimeout(r, 500));
			// Every Redis connection is reported down, socket.io's as well as the fan-out's.
			const down = await redisHealth(own[0]);
			expect(down.status).toBe('error');
			expect(down.connections).toEqual(
				Object.fromEntries(REDIS_CONNECTIONS.map((name) => [name, 'error']))
			);

			await startRedis();
			await waitFor(
				() =>
					['before;', 'during-x;', 'during-y;'].every(
						(t) => x.text.toString().includes(t) && y.text.toString().includes(t)
					),
				15_000
			);
			x.text.insert(0, 'after;');
			await waitFor(() => y.text.toString().includes('after;'), 5000);
			expect(same([x.doc, y.doc])).toBe(true);
			x.p.destroy();
			y.p.destroy();

			// Redis came back empty; both processes wrote their people in the room again, so someone
			// joining now sees the chair (on one process) and Alice (on the other) without a rejoin.
			for (const app of own) {
				const deadline = Date.now() + 10_000;
				while ((await redisHealth(app)).status !== 'ok') {
					if (Date.now() > deadline) throw new Error('Redis connections did not recover');
					await new Promise((r) => setTimeout(r, 100));
				}
			}
			await new Promise((r) => setTimeout(r, 300));
			const editor = new RoomClient(own[0].url, c.editor, meetingId);
			open.push({ destroy: () => editor.close() });
			expect(names(await editor.joined())).toEqual(
				[people.alice.name, people.chair.name, people.editor.name].sort()
			);
			// And chat crosses processes again, both ways.
			expect((await chair.emit('chat', { body: 'Er I der stadig?' })).ok).toBe(true);
			expect((await alice.emit('chat', { body: 'Ja, her!' })).ok).toBe(true);
			await waitFor(
				() =>
					[chair, alice].every((r) =>
						['Er I der stadig?', 'Ja, her!'].every((b) => r.messages.some((m) => m.body === b))
					),
				5000
			);
			// Leaving is seen across processes as before.
			const leftSeen = chair.next<{ name: string }>('presence:left');
			alice.close();
			expect((await leftSeen).name).toBe(people.alice.name);
			chair.close();
			editor.close();
		} finally {
			for (const app of own) await app.stop();
			redis?.kill('SIGKILL');
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

/** A process an earlier failed test left dead is started again, so one failure does not cascade. */
async function running(app: TestApp) {
	if (app.child.exitCode !== null || app.child.signalCode !== null) await app.restart();
}

function same(docs: Y.Doc[]): boolean {
	const texts = docs.map((d) => d.getText('cluster').toString());
	return texts.every((t) => t === texts[0]);
}
