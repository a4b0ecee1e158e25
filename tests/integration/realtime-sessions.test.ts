/**
 * Open connections follow the session (issue 16.2): signing out closes the user's Yjs websockets
 * (4401) and socket.io sockets (a `session:ended` event, then a server disconnect), and a further
 * edit is not saved. Unknown upgrade paths get 404 at once, and SIGTERM ends the process in bounded
 * time with odd sockets open (16.4).
 */
import { connect as netConnect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient } from 'socket.io-client';
import { startApp, type TestApp } from '../helpers/server';
import { Client } from '../helpers/http';
import {
	addParagraph,
	connect,
	cookieOf,
	rawSocket,
	synced,
	until,
	upgradeStatus,
	type Peer
} from '../helpers/yjs';

const PW = 'sessions-test-password-1';
const owner = {
	email: 'owner@kolding-sess.example',
	password: PW,
	org: 'Kolding Kommune',
	role: 'editor'
};

const leaver = {
	email: 'leaver@kolding-sess.example',
	password: PW,
	org: 'Kolding Kommune',
	role: 'editor'
};

describe('open connections follow the session', { timeout: 120_000 }, () => {
	let app: TestApp;
	const peers: Peer[] = [];
	let draft: string;

	async function signedIn(): Promise<Client> {
		const client = new Client(app.url);
		await client.signIn(owner.email, owner.password);
		return client;
	}

	beforeAll(async () => {
		app = await startApp({ users: [owner, leaver] });
		const res = await (
			await signedIn()
		).json('POST', '/api/v1/cases', {
			kind: 'method_note',
			title: 'Notat om sessioner',
			summary: 'Et notat der skrives mens man logger ud.'
		});
		expect(res.status).toBe(201);
		draft = ((await res.json()) as { id: string }).id;
	}, 300_000);

	afterAll(async () => {
		for (const p of peers) p.destroy();
		await app?.stop();
	});

	const textOf = (p: Peer) => p.doc.getXmlFragment('default').toString();

	it('closes the Yjs connection with 4401 at sign-out; a further edit is not saved', async () => {
		const leaving = await signedIn();
		const staying = await signedIn();
		const a = connect(app.url, draft, { client: leaving });
		peers.push(a);
		await synced(a);
		addParagraph(a.doc, 'before sign-out');
		const b = connect(app.url, draft, { client: staying });
		peers.push(b);
		await until(() => textOf(b).includes('before sign-out'), 'the first edit to arrive');

		expect((await leaving.post('/logout', { signout: '1' })).status).toBe(303);
		await until(() => a.closes.some((x) => x.code === 4401), 'the connection to close with 4401');
		expect(a.closes.find((x) => x.code === 4401)?.reason).toBe('session ended');
		// The other session of the same user stays connected.
		expect(b.closes).toEqual([]);

		addParagraph(a.doc, 'after sign-out');
		await new Promise((r) => setTimeout(r, 1500));
		const fresh = connect(app.url, draft, { client: staying });
		peers.push(fresh);
		await synced(fresh);
		expect(textOf(fresh)).toContain('before sign-out');
		expect(textOf(fresh)).not.toContain('after sign-out');
		expect(textOf(b)).not.toContain('after sign-out');
		a.destroy();
	});

	it('tells a socket.io client why and disconnects it at sign-out', async () => {
		const leaving = await signedIn();
		const socket = ioClient(app.url, {
			path: '/socket.io',
			transports: ['websocket'],
			extraHeaders: { cookie: cookieOf(leaving) },
			reconnection: false
		});
		const events: string[] = [];
		socket.on('session:ended', (info: { reason: string }) => events.push(`ended:${info.reason}`));
		socket.on('disconnect', (reason) => events.push(`disconnect:${reason}`));
		await new Promise<void>((done, fail) => {
			socket.once('connect', () => done());
			socket.once('connect_error', fail);
		});
		expect((await leaving.post('/logout', { signout: '1' })).status).toBe(303);
		await until(() => events.length >= 2, 'the socket to be disconnected');
		expect(events).toEqual(['ended:session_ended', 'disconnect:io server disconnect']);
		socket.close();
	});

	it('closes every Yjs and socket.io connection of an account when it is deleted', async () => {
		const gone = new Client(app.url);
		await gone.signIn(leaver.email, leaver.password);
		const doc = connect(app.url, draft, { client: gone });
		peers.push(doc);
		await synced(doc);
		const socket = ioClient(app.url, {
			path: '/socket.io',
			transports: ['websocket'],
			extraHeaders: { cookie: cookieOf(gone) },
			reconnection: false
		});
		const events: string[] = [];
		socket.on('session:ended', (info: { reason: string }) => events.push(`ended:${info.reason}`));
		socket.on('disconnect', (reason) => events.push(`disconnect:${reason}`));
		await new Promise<void>((done, fail) => {
			socket.once('connect', () => done());
			socket.once('connect_error', fail);
		});
		const deleted = await gone.post('/account?/delete', { confirm_password: leaver.password });
		expect(deleted.status).toBe(303);
		await until(() => doc.closes.length > 0, 'the document connection to close');
		expect([4401, 4403]).toContain(doc.closes[0].code);
		await until(() => events.length >= 2, 'the socket to be disconnected');
		expect(events).toEqual(['ended:session_ended', 'disconnect:io server disconnect']);
		socket.close();
		doc.destroy();
	});

	it('closes the connections of the other sessions at a password change, not this one', async () => {
		const current = await signedIn();
		const other = await signedIn();
		const mine = connect(app.url, draft, { client: current });
		const theirs = connect(app.url, draft, { client: other });
		peers.push(mine, theirs);
		await Promise.all([synced(mine), synced(theirs)]);
		const changed = await current.post('/account?/password', {
			current: PW,
			password: 'sessions-new-password-2',
			confirm: 'sessions-new-password-2'
		});
		expect([200, 303]).toContain(changed.status);
		await until(() => theirs.closes.some((x) => x.code === 4401), 'the other session to close');
		expect(mine.closes).toEqual([]);
		owner.password = 'sessions-new-password-2';
	});

	it('answers an upgrade to a path it does not serve with 404 at once', async () => {
		const ws = app.url.replace(/^http/, 'ws');
		const started = Date.now();
		for (const path of ['/nowhere', '/library/x', '/socket.iox', '/yjsfoo']) {
			expect(await upgradeStatus(`${ws}${path}`)).toBe(404);
		}
		expect(Date.now() - started).toBeLessThan(2000);
	});
});

describe('shutdown with odd sockets open', { timeout: 120_000 }, () => {
	it('exits within 10 s of SIGTERM with idle websockets, half-open TCP and a slow keep-alive open', async () => {
		const app = await startApp({ users: [{ ...owner, password: PW }] });
		const client = new Client(app.url);
		await client.signIn(owner.email, PW);
		const res = await client.json('POST', '/api/v1/cases', {
			kind: 'method_note',
			title: 'Notat til nedlukning',
			summary: 'Et notat der er åbent når serveren lukker.'
		});
		const id = ((await res.json()) as { id: string }).id;
		const ws = app.url.replace(/^http/, 'ws');
		const sockets: Array<{ terminate?: () => void; destroy?: () => void }> = [];
		// An idle Yjs websocket and an idle socket.io websocket.
		sockets.push(await rawSocket(`${ws}/yjs/${id}`, { cookie: cookieOf(client) }));
		sockets.push(
			await rawSocket(`${ws}/socket.io/?EIO=4&transport=websocket`, { cookie: cookieOf(client) })
		);
		const tcp = (): Promise<Socket> =>
			new Promise((done) => {
				const s = netConnect(app.port, '127.0.0.1', () => done(s));
				s.on('error', () => {});
			});
		// Half-open: a connection that never sends a request; one that sends half a request line.
		sockets.push(await tcp());
		const half = await tcp();
		half.write('GET / HTTP/1.1\r\nHost: x\r\n');
		sockets.push(half);
		// A slow keep-alive: a request whose body never finishes arriving.
		const slow = await tcp();
		slow.write(
			'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\nConnection: keep-alive\r\n\r\nemail='
		);
		sockets.push(slow);
		// An upgrade still being decided when the signal comes.
		const upgrading = await tcp();
		upgrading.write(
			`GET /yjs/${id} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n`
		);
		sockets.push(upgrading);

		const started = Date.now();
		const exited = new Promise<number>((done) =>
			app.child.once('exit', () => done(Date.now() - started))
		);
		app.child.kill('SIGTERM');
		const ms = await exited;
		console.log(`exit after SIGTERM with odd sockets open: ${ms} ms`);
		expect(ms).toBeLessThan(10_000);
		for (const s of sockets) (s.terminate ?? s.destroy)?.call(s);
		await app.stop().catch(() => {});
	});
});
