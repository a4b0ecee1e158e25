/**
 * The Yjs endpoint's limits and timings, with a server started on small values: the document-size
 * limit (close code 4413), unloading a document nobody has open, and an expired realtime token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/server';
import { Client } from '../helpers/http';
import { connect, synced, until, upgradeStatus, type Peer } from '../helpers/yjs';

const PW = 'limits-test-password-1';
const owner = {
	email: 'owner@limits.example',
	password: PW,
	org: 'Odense Kommune',
	role: 'editor'
};
const MAX_DOCUMENT_BYTES = 16 * 1024;
const TOKEN_LIFETIME_MS = 1500;

describe('realtime limits and timings', { timeout: 120_000 }, () => {
	let app: TestApp;
	let client: Client;
	const peers: Peer[] = [];

	function peer(id: string, auth: { client?: Client; token?: string } = { client }): Peer {
		const p = connect(app.url, id, auth);
		peers.push(p);
		return p;
	}

	async function createDraft(title: string): Promise<string> {
		const res = await client.json('POST', '/api/v1/cases', {
			kind: 'method_note',
			title,
			summary: 'Et notat til grænserne.'
		});
		expect(res.status).toBe(201);
		return ((await res.json()) as { id: string }).id;
	}

	/** The documents-loaded gauge of /metrics (served to localhost). */
	async function documentsLoaded(): Promise<number> {
		const res = await fetch(`${app.url}/metrics`);
		expect(res.status).toBe(200);
		const match = (await res.text()).match(/^vc_yjs_documents_loaded (\d+)/m);
		expect(match).not.toBeNull();
		return Number(match![1]);
	}

	beforeAll(async () => {
		app = await startApp({
			users: [owner],
			env: {
				YJS_MAX_DOCUMENT_BYTES: String(MAX_DOCUMENT_BYTES),
				YJS_IDLE_UNLOAD_MS: '400',
				YJS_TOKEN_LIFETIME_MS: String(TOKEN_LIFETIME_MS)
			}
		});
		client = new Client(app.url);
		await client.signIn(owner.email, owner.password);
	}, 300_000);

	afterAll(async () => {
		for (const p of peers) p.destroy();
		await app?.stop();
	});

	it('closes with 4413 a writer whose update would grow the document past the size limit; others go on', async () => {
		const id = await createDraft('Notat der vokser for meget');
		const big = peer(id);
		const other = peer(id);
		await Promise.all([synced(big), synced(other)]);
		big.doc.getText('t').insert(0, 'kort tekst;');
		await until(() => other.doc.getText('t').toString() === 'kort tekst;', 'small edit relayed');

		big.doc.getText('t').insert(0, 'x'.repeat(MAX_DOCUMENT_BYTES + 1024));
		await until(() => big.closes.some((x) => x.code === 4413), 'the 4413 close');
		expect(big.closes.find((x) => x.code === 4413)?.reason).toMatch(/size limit/);
		big.destroy();

		// The oversized change was neither relayed nor kept; the document goes on below the limit.
		other.doc.getText('t').insert(other.doc.getText('t').length, 'videre;');
		const fresh = peer(id);
		await synced(fresh);
		await until(() => fresh.doc.getText('t').toString() === 'kort tekst;videre;', 'later edit');
		expect(other.doc.getText('t').toString()).toBe('kort tekst;videre;');
		expect(other.provider.wsconnected).toBe(true);
		for (const p of [other, fresh]) p.destroy();
	});

	it('unloads a document nobody has open after the idle period; a later client gets the whole text', async () => {
		const id = await createDraft('Notat der lægges til side');
		const writer = peer(id);
		await synced(writer);
		for (let i = 0; i < 20; i++)
			writer.doc.getText('t').insert(writer.doc.getText('t').length, `${i};`);
		const text = writer.doc.getText('t').toString();
		await until(async () => (await documentsLoaded()) >= 1, 'the document to be loaded');
		writer.destroy();
		await until(async () => (await documentsLoaded()) === 0, 'the document to be unloaded', 10_000);

		const later = peer(id);
		await synced(later);
		expect(later.doc.getText('t').toString()).toBe(text);
		expect(await documentsLoaded()).toBe(1);
		later.destroy();
	});

	it('refuses a realtime token on upgrade once it has expired', async () => {
		const id = await createDraft('Notat med kortlivet adgang');
		const issue = async () => {
			const res = await client.json('POST', '/api/v1/realtime/token', { document: id });
			expect(res.status).toBe(200);
			return (await res.json()) as { token: string; expiresAt: string };
		};
		const base = `${app.url.replace(/^http/, 'ws')}/yjs/${id}`;
		const { token, expiresAt } = await issue();
		const lifetime = new Date(expiresAt).getTime() - Date.now();
		expect(lifetime).toBeLessThanOrEqual(TOKEN_LIFETIME_MS);
		expect(lifetime).toBeGreaterThan(0);
		expect(await upgradeStatus(`${base}?token=${token}`)).toBe(101);
		await new Promise((r) => setTimeout(r, new Date(expiresAt).getTime() - Date.now() + 200));
		expect(await upgradeStatus(`${base}?token=${token}`)).toBe(401);
		// A fresh token still opens it: what was refused is the expired one.
		expect(await upgradeStatus(`${base}?token=${(await issue()).token}`)).toBe(101);
	});
});
