/**
 * Deleted text never leaves the server: after a writer types and deletes a marker, a client that
 * connects later receives no byte of it (raw frames checked), and a document whose visible text is
 * small costs its openers little however much was typed and deleted before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { startApp, type TestApp } from '../helpers/server';
import { Client } from '../helpers/http';
import { connect, cookieOf, rawSocket, synced, until, type Peer } from '../helpers/yjs';

const PW = 'deleted-test-password-1';
const owner = {
	email: 'owner@kolding-deleted.example',
	password: PW,
	name: 'Olga Ejer',
	org: 'Kolding Kommune',
	role: 'editor'
};

/** Sync step 1 with an empty state vector: "send me everything". */
function syncStep1(): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint8Array(e, new Uint8Array([0]));
	return encoding.toUint8Array(e);
}

const admin = {
	email: 'admin@videnscenter-deleted.example',
	password: PW,
	name: 'Ada Admin',
	admin: true
};

describe('deleted text on the Yjs endpoint', { timeout: 180_000 }, () => {
	let app: TestApp;
	let client: Client;
	const peers: Peer[] = [];
	const sockets: WebSocket[] = [];

	async function draft(title: string): Promise<string> {
		const res = await client.json('POST', '/api/v1/cases', {
			kind: 'method_note',
			title,
			summary: 'Et notat hvor noget blev slettet.'
		});
		expect(res.status).toBe(201);
		return ((await res.json()) as { id: string }).id;
	}

	/** Every frame a fresh raw client receives in `ms` after asking for the whole document. */
	async function freshFrames(id: string, ms = 800): Promise<Buffer[]> {
		const ws = await rawSocket(`${app.url.replace(/^http/, 'ws')}/yjs/${id}`, {
			cookie: cookieOf(client)
		});
		sockets.push(ws);
		const frames: Buffer[] = [];
		ws.on('message', (data) => frames.push(Buffer.from(data as Buffer)));
		ws.send(syncStep1());
		await new Promise((r) => setTimeout(r, ms));
		ws.close();
		return frames;
	}

	beforeAll(async () => {
		app = await startApp({ users: [owner, admin] });
		client = new Client(app.url);
		await client.signIn(owner.email, owner.password);
	}, 300_000);

	afterAll(async () => {
		for (const p of peers) p.destroy();
		for (const ws of sockets) ws.terminate();
		await app?.stop();
	});

	it('sends a client that connects later no byte of text deleted before', async () => {
		const id = await draft('Notat med et CPR-nummer ved en fejl');
		const writer = connect(app.url, id, { client });
		peers.push(writer);
		await synced(writer);
		const text = writer.doc.getText('t');
		text.insert(0, 'Borger: SLETTET-MARKOR-0101901234 bor her. ');
		text.insert(text.length, 'Det blivende.');
		const marker = 'SLETTET-MARKOR-0101901234';
		await new Promise((r) => setTimeout(r, 300));
		text.delete(text.toString().indexOf(marker), marker.length);
		const reader = connect(app.url, id, { client });
		peers.push(reader);
		await until(() => !reader.doc.getText('t').toString().includes('SLETTET'), 'delete relayed');
		await synced(reader);
		await new Promise((r) => setTimeout(r, 300));
		const frames = await freshFrames(id);
		expect(frames.length).toBeGreaterThan(0);
		expect(frames.some((f) => f.includes(Buffer.from('Det blivende.')))).toBe(true);
		expect(frames.some((f) => f.includes(Buffer.from('SLETTET-MARKOR')))).toBe(false);
		expect(frames.some((f) => f.includes(Buffer.from('0101901234')))).toBe(false);
	});

	it('keeps the wire size small after 20 rounds of inserting and deleting 50 kB', async () => {
		const id = await draft('Notat hvor meget blev skrevet og slettet');
		const writer = connect(app.url, id, { client });
		peers.push(writer);
		await synced(writer);
		const text = writer.doc.getText('t');
		for (let i = 0; i < 20; i++) {
			text.insert(0, 'x'.repeat(50_000));
			await new Promise((r) => setTimeout(r, 50));
			text.delete(0, 50_000);
			await new Promise((r) => setTimeout(r, 50));
		}
		text.insert(0, 'tilbage');
		await new Promise((r) => setTimeout(r, 500));
		const frames = await freshFrames(id);
		const bytes = frames.reduce((n, f) => n + f.length, 0);
		console.log(`wire size after 20 × (insert 50 kB, delete it): ${bytes} bytes`);
		expect(bytes).toBeLessThan(20_000);
	});

	it('purges pasted personal data from the text and every version, for an admin only, audited', async () => {
		const id = await draft('Notat hvor et CPR-nummer kom med');
		const writer = connect(app.url, id, { client });
		peers.push(writer);
		await synced(writer);
		const cpr = '2412849876';
		const body = writer.doc.getXmlFragment('default');
		writer.doc.transact(() => {
			const p = new Y.XmlElement('paragraph');
			p.insert(0, [new Y.XmlText(`Borgeren med CPR ${cpr} fik et fleksjob.`)]);
			body.insert(0, [p]);
		});
		await new Promise((r) => setTimeout(r, 500));
		const saved = await client.post(`/library/${id}/history?/save`, { name: 'Med CPR' });
		expect(saved.status).toBe(200);
		const history = await (await client.get(`/library/${id}/history`)).text();
		const versionId = /history\/([0-9a-f-]{36})"/.exec(history)![1];
		expect(await (await client.get(`/library/${id}/history/${versionId}`)).text()).toContain(cpr);

		// The owner, an editor, may not purge; the form is not even shown to them.
		expect(history).not.toContain('action="?/purge"');
		const refused = await client.post(`/library/${id}/history?/purge`, {
			text: cpr,
			confirm: 'yes'
		});
		expect(refused.status).toBe(403);
		expect(writer.doc.getXmlFragment('default').toString()).toContain(cpr);

		const adminClient = new Client(app.url);
		await adminClient.signIn(admin.email, admin.password);
		const page = await (await adminClient.get(`/library/${id}/history`)).text();
		expect(page).toContain('action="?/purge"');
		const unconfirmed = await adminClient.post(`/library/${id}/history?/purge`, { text: cpr });
		expect(unconfirmed.status).toBe(400);
		expect(await unconfirmed.text()).toContain(cpr); // what was typed comes back
		const short = await adminClient.post(`/library/${id}/history?/purge`, {
			text: '24',
			confirm: 'yes'
		});
		expect(short.status).toBe(400);
		const done = await adminClient.post(`/library/${id}/history?/purge`, {
			text: cpr,
			confirm: 'yes'
		});
		expect(done.status).toBe(200);
		const report = await done.text();
		expect(report).toMatch(/Fjernet: 1 forekomster i den nuværende tekst, 1 versioner/);

		// The open editor loses the text at once; a later client receives no byte of it.
		await until(
			() => !writer.doc.getXmlFragment('default').toString().includes(cpr),
			'purge relayed'
		);
		expect(writer.doc.getXmlFragment('default').toString()).toContain('fik et fleksjob.');
		const frames = await freshFrames(id);
		expect(frames.some((f) => f.includes(Buffer.from('fik et fleksjob.')))).toBe(true);
		expect(frames.some((f) => f.includes(Buffer.from(cpr)))).toBe(false);
		const version = await (await client.get(`/library/${id}/history/${versionId}`)).text();
		expect(version).toContain('fik et fleksjob.');
		expect(version).not.toContain(cpr);
		const entry = await (await client.get(`/library/${id}`)).text();
		expect(entry).not.toContain(cpr);

		const audit = await (await adminClient.get('/admin/audit?action=library.text_purged')).text();
		expect(audit).toContain('library.text_purged');
		expect(audit).toContain(id);
		expect(audit).not.toContain(cpr);
	});
});
