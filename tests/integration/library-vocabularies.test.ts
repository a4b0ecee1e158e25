/**
 * Managed vocabularies: admins add, rename, retire and reinstate themes and target groups; a
 * retired term stays on the entries that have it but cannot be chosen; every change is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/server';
import { Client } from '../helpers/http';

const PW = 'vocabulary-test-password-1';
const users = {
	admin: { email: 'admin@vocab.example', password: PW, admin: true },
	editor: { email: 'editor@vocab.example', password: PW, org: 'Kolding Kommune', role: 'editor' }
};

describe('library vocabularies', { timeout: 120_000 }, () => {
	let app: TestApp;
	let admin: Client;
	let editor: Client;

	beforeAll(async () => {
		app = await startApp({ users: Object.values(users) });
		admin = new Client(app.url);
		editor = new Client(app.url);
		await admin.signIn(users.admin.email, PW);
		await editor.signIn(users.editor.email, PW);
	}, 900_000);
	afterAll(() => app?.stop());

	const termId = async (slug: string) => {
		const html = await (await admin.get('/admin/vocabularies')).text();
		const row = html.slice(html.indexOf(`data-slug="${slug}"`));
		return /name="id" value="([0-9a-f-]{36})"/.exec(row)?.[1] ?? '';
	};

	it('is for admins only', async () => {
		expect((await editor.get('/admin/vocabularies')).status).toBe(403);
		expect(
			(await editor.post('/admin/vocabularies?/add', { vocabulary: 'theme', labelDa: 'X' })).status
		).toBe(403);
		expect((await new Client(app.url).get('/admin/vocabularies')).status).toBe(303);
	});

	it('adds a term with a slug, refusing empty, over-long, duplicate labels and unknown vocabularies', async () => {
		const add = (form: Record<string, string>) => admin.post('/admin/vocabularies?/add', form);
		const ok = await add({
			vocabulary: 'theme',
			labelDa: 'Cirkulær økonomi',
			labelEn: 'Circular economy'
		});
		expect(ok.status).toBe(200);
		const page = await (await admin.get('/admin/vocabularies')).text();
		expect(page).toContain('data-slug="cirkulaer-oekonomi"');
		expect((await add({ vocabulary: 'theme', labelDa: 'Cirkulær  Økonomi' })).status).toBe(409);
		const empty = await add({ vocabulary: 'theme', labelDa: '   ' });
		expect(empty.status).toBe(422);
		expect(await empty.text()).toContain('Skriv en betegnelse.');
		expect((await add({ vocabulary: 'theme', labelDa: 'x'.repeat(81) })).status).toBe(422);
		expect((await add({ vocabulary: 'colour', labelDa: 'Blå' })).status).toBe(422);
		// The new term can be chosen for an entry.
		const created = await editor.json('POST', '/api/v1/cases', { kind: 'case', title: 'Genbrug' });
		const { id } = await created.json();
		const patched = await editor.json('PATCH', `/api/v1/cases/${id}`, {
			themes: ['cirkulaer-oekonomi']
		});
		expect(patched.status).toBe(200);
		expect((await patched.json()).themes).toEqual(['cirkulaer-oekonomi']);
	});

	it('renames a term (the slug stays) and retires it: kept on old entries, refused for new ones', async () => {
		const created = await editor.json('POST', '/api/v1/cases', {
			kind: 'case',
			title: 'Unge i job'
		});
		const { id: old } = await created.json();
		expect(
			(await editor.json('PATCH', `/api/v1/cases/${old}`, { targetGroups: ['unge'] })).status
		).toBe(200);
		const unge = await termId('unge');
		expect(unge).not.toBe('');

		const renamed = await admin.post('/admin/vocabularies?/rename', {
			id: unge,
			labelDa: 'Unge under 30',
			labelEn: 'Young people under 30'
		});
		expect(renamed.status).toBe(200);
		expect(await (await admin.get('/admin/vocabularies')).text()).toContain('Unge under 30');
		expect(
			(await admin.post('/admin/vocabularies?/rename', { id: unge, labelDa: '' })).status
		).toBe(422);

		expect(
			(await admin.post('/admin/vocabularies?/retire', { id: unge, retired: 'true' })).status
		).toBe(200);
		// The old entry keeps it and can still be saved with it.
		const kept = await editor.json('PATCH', `/api/v1/cases/${old}`, {
			title: 'Unge i job (rettet)'
		});
		expect(kept.status).toBe(200);
		expect((await kept.json()).targetGroups).toEqual(['unge']);
		// A new entry cannot choose it, and the edit form does not offer it.
		const fresh = await editor.json('POST', '/api/v1/cases', { kind: 'case', title: 'Ny post' });
		const { id: next } = await fresh.json();
		const refused = await editor.json('PATCH', `/api/v1/cases/${next}`, { targetGroups: ['unge'] });
		expect(refused.status).toBe(422);
		expect((await refused.json()).errors).toMatchObject({ targetGroups: 'unknown' });
		expect(await (await editor.get(`/library/${next}/edit`)).text()).not.toContain('value="unge"');
		expect(await (await editor.get(`/library/${old}/edit`)).text()).toContain('value="unge"');

		expect(
			(await admin.post('/admin/vocabularies?/retire', { id: unge, retired: 'false' })).status
		).toBe(200);
		expect(
			(await editor.json('PATCH', `/api/v1/cases/${next}`, { targetGroups: ['unge'] })).status
		).toBe(200);
		expect((await admin.post('/admin/vocabularies?/retire', { id: 'not-a-uuid' })).status).toBe(
			404
		);
	});

	it('writes every change to the audit log', async () => {
		const log = await (await admin.get('/admin/audit')).text();
		for (const action of [
			'library.term.add',
			'library.term.rename',
			'library.term.retire',
			'library.term.reinstate'
		])
			expect(log).toContain(action);
	});
});
