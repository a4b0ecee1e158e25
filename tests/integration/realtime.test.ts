/**
 * The Yjs endpoint with stock y-websocket clients over real websockets against the running server:
 * convergence, access on upgrade (cookie, token, refusals, read-only), malformed and oversized
 * messages, and the entry's text following the document (search finds what was typed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startApp, type TestApp } from '../helpers/server';
import { Client } from '../helpers/http';
import {
	addParagraph,
	closeOf,
	connect,
	cookieOf,
	rawSocket,
	synced,
	until,
	upgradeStatus,
	type Peer
} from '../helpers/yjs';

const PW = 'realtime-test-password-1';
const users = {
	admin: { email: 'admin@rt.example', password: PW, admin: true },
	owner: {
		email: 'owner@kolding-rt.example',
		password: PW,
		org: 'Kolding Kommune',
		role: 'editor'
	},
	colleague: {
		email: 'kollega@kolding-rt.example',
		password: PW,
		name: 'Kirsten Kollega',
		org: 'Kolding Kommune',
		role: 'editor'
	},
	other: {
		email: 'editor@slagelse-rt.example',
		password: PW,
		org: 'Slagelse Kommune',
		role: 'editor'
	}
};

describe('realtime co-authoring endpoint', { timeout: 120_000 }, () => {
	let app: TestApp;
	const c: Record<keyof typeof users, Client> = {} as never;
	const peers: Peer[] = [];
	let draft: string;

	function peer(id: string, auth: { client?: Client; token?: string }): Peer {
		const p = connect(app.url, id, auth);
		peers.push(p);
		return p;
	}

	async function createDraft(title: string): Promise<string> {
		const res = await c.owner.json('POST', '/api/v1/cases', {
			kind: 'method_note',
			title,
			summary: 'Et notat skrevet af flere på én gang.'
		});
		expect(res.status).toBe(201);
		return ((await res.json()) as { id: string }).id;
	}

	async function publishPublic(id: string): Promise<void> {
		expect((await c.owner.json('PATCH', `/api/v1/cases/${id}`, { scope: 'public' })).status).toBe(
			200
		);
		expect((await c.owner.post(`/library/${id}?/submit`, {})).status).toBe(200);
		expect((await c.admin.post(`/library/${id}?/publish`, {})).status).toBe(200);
	}

	beforeAll(async () => {
		app = await startApp({
			users: Object.values(users),
			env: { YJS_MAX_MESSAGE_BYTES: String(64 * 1024), YJS_RENDER_DEBOUNCE_MS: '200' }
		});
		for (const [key, u] of Object.entries(users)) {
			c[key as keyof typeof users] = new Client(app.url);
			await c[key as keyof typeof users].signIn(u.email, u.password);
		}
		draft = await createDraft('Metodenotat om fælles skrivning');
	}, 300_000);

	afterAll(async () => {
		for (const p of peers) p.destroy();
		await app?.stop();
	});

	it('two and three stock WebsocketProviders converge on the same document', async () => {
		const a = peer(draft, { client: c.owner });
		const b = peer(draft, { client: c.owner });
		await Promise.all([synced(a), synced(b)]);
		a.doc.getText('t').insert(0, 'Hej ');
		b.doc.getText('t').insert(0, 'verden');
		await until(
			() =>
				a.doc.getText('t').toString() === b.doc.getText('t').toString() &&
				a.doc.getText('t').length === 10,
			'two peers to converge'
		);
		const third = peer(draft, { client: c.owner });
		await synced(third);
		expect(third.doc.getText('t').toString()).toBe(a.doc.getText('t').toString());
		// Concurrent edits from all three.
		a.doc.getText('t').insert(0, 'A');
		b.doc.getText('t').insert(b.doc.getText('t').length, 'B');
		third.doc.getText('t').insert(3, 'C');
		await until(() => {
			const texts = [a, b, third].map((p) => p.doc.getText('t').toString());
			return texts.every((t) => t === texts[0] && t.length === 13);
		}, 'three peers to converge');
		expect(a.doc.getText('t').toString()).toMatch(/^A.*B$/);
		for (const p of [a, b, third]) p.destroy();
	});

	it('refuses an upgrade without a session (401) and a signed-in user without access (403)', async () => {
		const url = `${app.url.replace(/^http/, 'ws')}/yjs/${draft}`;
		expect(await upgradeStatus(url)).toBe(401);
		expect(await upgradeStatus(url, { cookie: 'session=not-a-session' })).toBe(401);
		expect(await upgradeStatus(url, { cookie: cookieOf(c.other) })).toBe(403);
		expect(await upgradeStatus(url, { cookie: cookieOf(c.owner) })).toBe(101);
		// A cookie sent from another site does not count.
		expect(
			await upgradeStatus(url, { cookie: cookieOf(c.owner), origin: 'https://evil.example' })
		).toBe(401);
		expect(await upgradeStatus(`${app.url.replace(/^http/, 'ws')}/yjs/not%20valid`)).toBe(400);
	});

	it('accepts a token from POST /api/v1/realtime/token and refuses unknown or foreign ones', async () => {
		const res = await c.owner.json('POST', '/api/v1/realtime/token', { document: draft });
		expect(res.status).toBe(200);
		const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: string };
		expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
		expect(new Date(expiresAt).getTime()).toBeLessThan(Date.now() + 60 * 60 * 1000);
		const base = `${app.url.replace(/^http/, 'ws')}/yjs/${draft}`;
		expect(await upgradeStatus(`${base}?token=${token}`)).toBe(101);
		expect(await upgradeStatus(`${base}?token=unknown-token`)).toBe(401);
		// The token is for this document only.
		const second = await createDraft('Et andet notat');
		expect(
			await upgradeStatus(`${app.url.replace(/^http/, 'ws')}/yjs/${second}?token=${token}`)
		).toBe(401);
		// No token for a document the user may not open; none without a session.
		expect((await c.other.json('POST', '/api/v1/realtime/token', { document: draft })).status).toBe(
			403
		);
		expect(
			(await new Client(app.url).json('POST', '/api/v1/realtime/token', { document: draft })).status
		).toBe(401);
		expect((await c.owner.json('POST', '/api/v1/realtime/token', { nope: 1 })).status).toBe(400);
		// A token provider syncs like a cookie one.
		const viaToken = peer(draft, { token });
		await synced(viaToken);
		expect(viaToken.doc.getText('t').length).toBeGreaterThan(0);
		viaToken.destroy();
	});

	it('gives a reader of a published entry read-only access: their updates reach no one', async () => {
		const id = await createDraft('Offentligt notat til læsning');
		await publishPublic(id);
		const writer = peer(id, { client: c.owner });
		const reader = peer(id, { client: c.other });
		await Promise.all([synced(writer), synced(reader)]);
		writer.doc.getText('t').insert(0, 'fra forfatteren');
		await until(() => reader.doc.getText('t').toString() === 'fra forfatteren', 'reader sees it');
		reader.doc.getText('t').insert(0, 'LÆSER ');
		writer.doc.getText('t').insert(writer.doc.getText('t').length, '.');
		await until(() => reader.doc.getText('t').toString().endsWith('.'), 'later writer update');
		await new Promise((r) => setTimeout(r, 300));
		expect(writer.doc.getText('t').toString()).toBe('fra forfatteren.');
		// Nor is it kept by the server: a fresh client sees only the writer's text.
		const fresh = peer(id, { client: c.owner });
		await synced(fresh);
		expect(fresh.doc.getText('t').toString()).toBe('fra forfatteren.');
		// Anonymous visitors read a public entry too, read-only.
		expect(await upgradeStatus(`${app.url.replace(/^http/, 'ws')}/yjs/${id}`)).toBe(101);
		for (const p of [writer, reader, fresh]) p.destroy();
	});

	it('cuts off a connected writer when the entry is archived: their later edits reach no one and are not kept', async () => {
		const id = await createDraft('Notat der arkiveres mens der skrives');
		const writer = peer(id, { client: c.owner });
		const watcher = peer(id, { client: c.admin });
		await Promise.all([synced(writer), synced(watcher)]);
		writer.doc.getText('t').insert(0, 'før arkivering');
		await until(() => watcher.doc.getText('t').toString() === 'før arkivering', 'relay before');
		expect((await c.admin.post(`/library/${id}?/archive`, {})).status).toBe(200);
		await until(() => writer.closes.some((x) => x.code === 4403), 'the writer to be cut off');
		expect(writer.closes.find((x) => x.code === 4403)?.reason).toMatch(/revoked/);
		// The provider keeps trying, and is refused at the upgrade from now on.
		writer.doc.getText('t').insert(0, 'EFTER ');
		await new Promise((r) => setTimeout(r, 800));
		expect(writer.provider.wsconnected).toBe(false);
		expect(watcher.doc.getText('t').toString()).toBe('før arkivering');
		const url = `${app.url.replace(/^http/, 'ws')}/yjs/${id}`;
		expect(await upgradeStatus(url, { cookie: cookieOf(c.owner) })).toBe(403);
		// What the server holds (saved before it is relayed) has none of it.
		const fresh = peer(id, { client: c.admin });
		await synced(fresh);
		expect(fresh.doc.getText('t').toString()).toBe('før arkivering');
		for (const p of [writer, watcher, fresh]) p.destroy();
	});

	it('cuts off an editor of the owning organisation the moment they are removed from it', async () => {
		const id = await createDraft('Notat mens kollegaen forlader kommunen');
		// Not an author: the colleague writes as an editor of Kolding Kommune, the owner.
		const colleague = peer(id, { client: c.colleague });
		const watcher = peer(id, { client: c.owner });
		await Promise.all([synced(colleague), synced(watcher)]);
		colleague.doc.getText('t').insert(0, 'kollegaens tekst');
		await until(() => watcher.doc.getText('t').toString() === 'kollegaens tekst', 'relay');

		const page = await (await c.admin.get('/organisations/kolding-kommune')).text();
		const row = page
			.split('<tr')
			.find((r) => r.includes('Kirsten Kollega') && r.includes('userId'));
		const userId = row?.match(/name="userId" value="([0-9a-f-]{36})"/)?.[1];
		expect(userId).toBeDefined();
		const removed = await c.admin.post('/organisations/kolding-kommune?/remove', {
			userId: userId!
		});
		expect([200, 303]).toContain(removed.status);
		// The membership ends in the database, then every open connection of hers is decided again.
		await until(() => colleague.closes.some((x) => x.code === 4403), 'the colleague to be cut off');
		expect(watcher.provider.wsconnected).toBe(true);
		const url = `${app.url.replace(/^http/, 'ws')}/yjs/${id}`;
		expect(await upgradeStatus(url, { cookie: cookieOf(c.colleague) })).toBe(403);
		for (const p of [colleague, watcher]) p.destroy();
	});

	it('closes a connection sending a malformed or oversized message; the others go on', async () => {
		const a = peer(draft, { client: c.owner });
		const b = peer(draft, { client: c.owner });
		await Promise.all([synced(a), synced(b)]);
		const url = `${app.url.replace(/^http/, 'ws')}/yjs/${draft}`;
		const headers = { cookie: cookieOf(c.owner) };

		const cases: { send: Buffer | string; code: number; reason?: RegExp }[] = [
			{ send: Buffer.from([0, 2, 200, 1, 2, 3]), code: 1007, reason: /malformed/ },
			{ send: Buffer.from([0, 2, 3, 0xff, 0xfe, 0x01]), code: 1007, reason: /malformed/ },
			{ send: Buffer.from([9]), code: 1007, reason: /unknown message type/ },
			{ send: Buffer.from([]), code: 1007, reason: /empty/ },
			{ send: Buffer.from([1, 5, 1, 2]), code: 1007, reason: /awareness/ },
			{ send: 'hello', code: 1003, reason: /binary/ },
			{ send: Buffer.alloc(100 * 1024, 7), code: 1009 }
		];
		for (const item of cases) {
			const ws = await rawSocket(url, headers);
			const closed = closeOf(ws);
			ws.send(item.send);
			const { code, reason } = await closed;
			expect(code, `close code for ${String(item.send).slice(0, 20)}`).toBe(item.code);
			if (item.reason) expect(reason).toMatch(item.reason);
		}
		// The server and the other clients went on.
		a.doc.getText('t').insert(0, 'efter ');
		await until(
			() => b.doc.getText('t').toString().startsWith('efter '),
			'relay after bad clients'
		);
		expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
		const health = await fetch(`${app.url}/health`);
		expect(health.status).toBeLessThan(500);
		for (const p of [a, b]) p.destroy();
	});

	it('refreshes the entry HTML and text once edits settle: search finds a word typed live', async () => {
		const id = await createDraft('Notat der skrives live');
		await publishPublic(id);
		const search = async (q: string) => {
			const res = await new Client(app.url).get(`/api/v1/cases?q=${encodeURIComponent(q)}`);
			expect(res.status).toBe(200);
			return ((await res.json()) as { items: { id: string }[] }).items.map((i) => i.id);
		};
		expect(await search('kvædelikør')).not.toContain(id);
		const writer = peer(id, { client: c.owner });
		await synced(writer);
		addParagraph(writer.doc, 'Vi brygger kvædelikør i værkstedet.');
		await until(async () => (await search('kvædelikør')).includes(id), 'search to find it', 15_000);
		const page = await new Client(app.url).get(`/library/${id}`);
		expect(await page.text()).toContain('Vi brygger kvædelikør i værkstedet.');
		writer.destroy();
	});

	it('an update merged from another Y.Doc through the endpoint reaches a late joiner intact', async () => {
		const id = await createDraft('Notat med kopi');
		const source = new Y.Doc();
		source.getMap('m').set('k', 'v');
		const a = peer(id, { client: c.owner });
		await synced(a);
		Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(source));
		const late = peer(id, { client: c.owner });
		await until(() => late.provider.synced && late.doc.getMap('m').get('k') === 'v', 'late joiner');
		expect(late.doc.getMap('m').get('k')).toBe('v');
		source.destroy();
	});
});
