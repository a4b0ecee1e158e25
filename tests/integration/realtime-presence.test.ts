/**
 * Presence cannot be forged: stock y-websocket clients and raw sockets against the running server.
 * Names and colours come from the session, a connection speaks only for its own awareness client
 * id (no forged carets, no removing someone else), readers show as readers, and oversized
 * awareness updates are refused. Frames are checked as raw bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import { startApp, type TestApp } from '../helpers/server';
import { Client } from '../helpers/http';
import { closeOf, connect, cookieOf, rawSocket, synced, until, type Peer } from '../helpers/yjs';

const PW = 'presence-test-password-1';
const users = {
	admin: { email: 'admin@presence.example', password: PW, admin: true },
	owner: {
		email: 'owner@kolding-presence.example',
		password: PW,
		name: 'Olga Ejer',
		org: 'Kolding Kommune',
		role: 'editor'
	},
	colleague: {
		email: 'kollega@kolding-presence.example',
		password: PW,
		name: 'Kirsten Kollega',
		org: 'Kolding Kommune',
		role: 'editor'
	},
	reader: {
		email: 'laeser@slagelse-presence.example',
		password: PW,
		name: 'Lars Læser',
		org: 'Slagelse Kommune',
		role: 'editor'
	}
};

/** A y-websocket awareness message (type 1) with one entry. */
function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, 1);
	encoding.writeVarUint(inner, clientId);
	encoding.writeVarUint(inner, clock);
	encoding.writeVarString(inner, JSON.stringify(state));
	const outer = encoding.createEncoder();
	encoding.writeVarUint(outer, 1);
	encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
	return encoding.toUint8Array(outer);
}

/** Every binary frame a socket receives, kept raw. */
function record(ws: WebSocket): Buffer[] {
	const frames: Buffer[] = [];
	ws.on('message', (data) => frames.push(Buffer.from(data as Buffer)));
	return frames;
}

const contains = (frames: Buffer[], marker: string) =>
	frames.some((f) => f.includes(Buffer.from(marker, 'utf8')));

describe('presence on the Yjs endpoint', { timeout: 120_000 }, () => {
	let app: TestApp;
	const c: Record<keyof typeof users, Client> = {} as never;
	const peers: Peer[] = [];
	const sockets: WebSocket[] = [];
	let entry: string;

	function peer(auth: { client?: Client }): Peer {
		const p = connect(app.url, entry, auth);
		peers.push(p);
		return p;
	}

	async function raw(client: Client): Promise<{ ws: WebSocket; frames: Buffer[] }> {
		const ws = await rawSocket(`${app.url.replace(/^http/, 'ws')}/yjs/${entry}`, {
			cookie: cookieOf(client)
		});
		sockets.push(ws);
		return { ws, frames: record(ws) };
	}

	beforeAll(async () => {
		app = await startApp({ users: Object.values(users) });
		for (const [key, u] of Object.entries(users)) {
			c[key as keyof typeof users] = new Client(app.url);
			await c[key as keyof typeof users].signIn(u.email, u.password);
		}
		const res = await c.owner.json('POST', '/api/v1/cases', {
			kind: 'method_note',
			title: 'Notat om tilstedeværelse',
			summary: 'Hvem der skriver lige nu.'
		});
		expect(res.status).toBe(201);
		entry = ((await res.json()) as { id: string }).id;
		expect(
			(await c.owner.json('PATCH', `/api/v1/cases/${entry}`, { scope: 'public' })).status
		).toBe(200);
		expect((await c.owner.post(`/library/${entry}?/submit`, {})).status).toBe(200);
		expect((await c.admin.post(`/library/${entry}?/publish`, {})).status).toBe(200);
	}, 300_000);

	afterAll(async () => {
		for (const p of peers) p.destroy();
		for (const ws of sockets) ws.terminate();
		await app?.stop();
	});

	it('fills name and colour from the session and drops unknown fields', async () => {
		const watcher = await raw(c.colleague);
		const writer = peer({ client: c.owner });
		await synced(writer);
		writer.provider.awareness.setLocalState({
			user: { name: 'FalskNavn', color: 'red;background:url(//evil.example/x)' },
			cursor: null,
			extra: 'EkstraFelt'
		});
		const id = writer.doc.clientID;
		const other = peer({ client: c.colleague });
		await until(() => {
			const s = other.provider.awareness.getStates().get(id) as
				{ user?: { name?: string } } | undefined;
			return s?.user?.name === 'Olga Ejer';
		}, 'the writer to be present with the session name');
		const state = other.provider.awareness.getStates().get(id) as Record<string, unknown>;
		expect(state.user).toEqual({
			name: 'Olga Ejer',
			color: expect.stringMatching(/^#[0-9a-f]{6}$/)
		});
		expect(state).not.toHaveProperty('extra');
		await new Promise((r) => setTimeout(r, 200));
		for (const marker of ['FalskNavn', 'evil.example', 'EkstraFelt']) {
			expect(contains(watcher.frames, marker)).toBe(false);
		}
	});

	it("refuses awareness for another client id: no forged caret, no removing someone's presence", async () => {
		const writer = peer({ client: c.owner });
		await synced(writer);
		writer.provider.awareness.setLocalStateField('cursor', null);
		const id = writer.doc.clientID;
		const watcher = peer({ client: c.colleague });
		await until(
			() => watcher.provider.awareness.getStates().has(id),
			'the writer to be present for the watcher'
		);
		const watcherRaw = await raw(c.colleague);
		// An attacker (a reader) announces itself, then speaks for the writer's client id.
		const attacker = await raw(c.reader);
		attacker.ws.send(awarenessFrame(424242, 1, { user: { name: 'Angriber' } }));
		attacker.ws.send(awarenessFrame(id, 1000, { user: { name: 'Forfalsket' }, cursor: null }));
		attacker.ws.send(awarenessFrame(id, 1001, null));
		// A writer cannot either.
		const writer2 = await raw(c.colleague);
		writer2.ws.send(awarenessFrame(515151, 1, { user: {} }));
		writer2.ws.send(awarenessFrame(id, 2000, null));
		await new Promise((r) => setTimeout(r, 500));
		const state = watcher.provider.awareness.getStates().get(id) as
			{ user?: { name?: string } } | undefined;
		expect(state?.user?.name).toBe('Olga Ejer');
		expect(contains(watcherRaw.frames, 'Forfalsket')).toBe(false);
		// The attacker's own presence is there, as a reader, under its session name.
		const own = watcher.provider.awareness.getStates().get(424242) as
			{ user?: { name?: string; readOnly?: boolean } } | undefined;
		expect(own?.user?.name).toBe('Lars Læser');
		expect(own?.user?.readOnly).toBe(true);
	});

	it('shows a reader as a reader, without a caret', async () => {
		const reader = peer({ client: c.reader });
		await synced(reader);
		reader.provider.awareness.setLocalState({
			user: { name: 'Skribent', color: '#000000' },
			cursor: { anchor: { type: 'x' }, head: { type: 'x' } }
		});
		const id = reader.doc.clientID;
		const watcher = peer({ client: c.owner });
		await until(
			() => watcher.provider.awareness.getStates().has(id),
			'the reader to be present for the watcher'
		);
		const state = watcher.provider.awareness.getStates().get(id) as Record<string, unknown>;
		expect(state).toEqual({
			user: {
				name: 'Lars Læser',
				color: expect.stringMatching(/^#[0-9a-f]{6}$/),
				readOnly: true
			}
		});
	});

	it('closes a connection that sends an oversized awareness update', async () => {
		const sender = await raw(c.owner);
		const closed = closeOf(sender.ws);
		sender.ws.send(awarenessFrame(777, 1, { user: { name: 'x'.repeat(20_000) } }));
		const { code, reason } = await closed;
		expect(code).toBe(1007);
		expect(reason).toMatch(/too large/);
	});
});
