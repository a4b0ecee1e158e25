/**
 * History of a co-authored entry over HTTP and live websockets: named versions, automatic ones at
 * each workflow step, a past version with its changes marked, restore as a new change that reaches
 * connected editors and keeps the overwritten text as a version; and publish renders the latest
 * live text at once (search finds it without waiting for the debounce).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/server';
import { Client } from '../helpers/http';
import { addParagraph, connect, synced, until, type Peer } from '../helpers/yjs';
import * as Y from 'yjs';

const PW = 'history-test-password-1';
const users = {
	admin: { email: 'admin@hist.example', password: PW, admin: true },
	owner: {
		email: 'owner@kolding-hist.example',
		password: PW,
		org: 'Kolding Kommune',
		role: 'editor'
	},
	other: {
		email: 'editor@odense-hist.example',
		password: PW,
		org: 'Odense Kommune',
		role: 'editor'
	}
};

function texts(doc: Y.Doc): string[] {
	return doc
		.getXmlFragment('default')
		.toArray()
		.map((node) => node.toString().replace(/<[^>]*>/g, ''));
}

function versionLinks(html: string, id: string): { vid: string; label: string }[] {
	const re = new RegExp(`href="/library/${id}/history/([0-9a-f-]{36})"[^>]*>([^<]*)<`, 'g');
	return [...html.matchAll(re)].map((x) => ({ vid: x[1], label: x[2] }));
}

describe('versions, diff and restore', { timeout: 120_000 }, () => {
	let app: TestApp;
	const c: Record<keyof typeof users, Client> = {} as never;
	const peers: Peer[] = [];

	beforeAll(async () => {
		app = await startApp({
			users: Object.values(users),
			// Renders wait long here, so only publish's own render can make search find new text.
			env: {
				YJS_RENDER_DEBOUNCE_MS: '60000',
				YJS_RENDER_MAX_WAIT_MS: '60000',
				YJS_IDLE_UNLOAD_MS: '300'
			}
		});
		for (const [key, u] of Object.entries(users)) {
			c[key as keyof typeof users] = new Client(app.url);
			await c[key as keyof typeof users].signIn(u.email, u.password);
		}
	}, 300_000);

	afterAll(async () => {
		for (const p of peers) p.destroy();
		await app?.stop();
	});

	it('saves named versions, marks changes, restores as a new change and keeps what it replaced', async () => {
		const res = await c.owner.json('POST', '/api/v1/cases', {
			kind: 'method_note',
			title: 'Notat med historik',
			summary: 'Skrevet, navngivet og gendannet.'
		});
		const { id } = (await res.json()) as { id: string };
		const a = connect(app.url, id, { client: c.owner });
		const b = connect(app.url, id, { client: c.owner });
		peers.push(a, b);
		await Promise.all([synced(a), synced(b)]);
		const fragment = a.doc.getXmlFragment('default');
		fragment.delete(0, fragment.length);
		addParagraph(a.doc, 'Første udgave af teksten.');
		await until(() => texts(b.doc).join('|') === 'Første udgave af teksten.', 'b to see it');

		// A name is required.
		const empty = await c.owner.post(`/library/${id}/history?/save`, { name: '  ' });
		expect(empty.status).toBe(400);
		expect(await empty.text()).toContain('aria-invalid="true"');
		const saved = await c.owner.post(`/library/${id}/history?/save`, { name: 'Udkast 1' });
		expect(saved.status).toBe(200);
		expect(await saved.text()).toContain('Udkast 1');

		// Change a word and add a paragraph, live.
		const text = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
		text.delete(0, 'Første'.length);
		text.insert(0, 'Anden');
		addParagraph(a.doc, 'Et helt nyt afsnit.');
		await until(() => texts(b.doc).length === 2, 'b to see the edit');

		const history = await (await c.owner.get(`/library/${id}/history`)).text();
		const links = versionLinks(history, id);
		const first = links.find((l) => l.label === 'Udkast 1');
		expect(first).toBeDefined();

		// Compared with the current text: the old word deleted, the new one and the paragraph inserted.
		const view = await (await c.owner.get(`/library/${id}/history/${first!.vid}`)).text();
		expect(view).toMatch(/<del[^>]*>(?:(?!<\/del>)[\s\S])*Første/);
		expect(view).toMatch(/<ins[^>]*>(?:(?!<\/ins>)[\s\S])*Anden/);
		expect(view).toMatch(/<ins class="block[^"]*"(?:(?!<\/ins>)[\s\S])*Et helt nyt afsnit/);
		// The version's own text is shown too.
		expect(view).toContain('<p>Første udgave af teksten.</p>');

		// Restore: connected editors get the old text as a new change.
		const restored = await c.owner.post(`/library/${id}/history/${first!.vid}?/restore`, {});
		expect(restored.status).toBe(200);
		await until(
			() =>
				texts(a.doc).join('|') === 'Første udgave af teksten.' &&
				texts(b.doc).join('|') === 'Første udgave af teksten.',
			'editors to receive the restore'
		);
		// The replaced text was kept as an automatic version first.
		const after = versionLinks(await (await c.owner.get(`/library/${id}/history`)).text(), id);
		const before = after.find((l) => l.label === 'Før gendannelse');
		expect(before).toBeDefined();
		const kept = await (await c.owner.get(`/library/${id}/history/${before!.vid}`)).text();
		expect(kept).toContain('Et helt nyt afsnit.');
		// Editing goes on from the restored text.
		addParagraph(b.doc, 'Skrevet efter gendannelsen.');
		await until(() => texts(a.doc).length === 2, 'edit after restore');

		// Readers from elsewhere see no history.
		expect((await c.other.get(`/library/${id}/history`)).status).toBe(404);
		expect((await c.other.post(`/library/${id}/history?/save`, { name: 'x' })).status).toBe(404);
		expect((await c.other.post(`/library/${id}/history/${first!.vid}?/restore`, {})).status).toBe(
			404
		);

		// Restore with nobody connected: applied to the stored document and rendered.
		a.destroy();
		b.destroy();
		await new Promise((r) => setTimeout(r, 1000));
		const back = after.find((l) => l.label === 'Før gendannelse')!;
		expect((await c.owner.post(`/library/${id}/history/${back.vid}?/restore`, {})).status).toBe(
			200
		);
		const page = await (await c.owner.get(`/library/${id}`)).text();
		expect(page).toContain('Et helt nyt afsnit.');
		expect(page).toContain('Anden udgave af teksten.');
		const fresh = connect(app.url, id, { client: c.owner });
		peers.push(fresh);
		await synced(fresh);
		expect(texts(fresh.doc)).toEqual(['Anden udgave af teksten.', 'Et helt nyt afsnit.']);
		fresh.destroy();
	});

	it('stores an automatic version at each workflow step and renders the live text at publish', async () => {
		const res = await c.owner.json('POST', '/api/v1/cases', {
			kind: 'method_note',
			title: 'Notat der udgives',
			summary: 'Udgives mens der skrives.'
		});
		const { id } = (await res.json()) as { id: string };
		await c.owner.json('PATCH', `/api/v1/cases/${id}`, { scope: 'public' });
		const a = connect(app.url, id, { client: c.owner });
		peers.push(a);
		await synced(a);
		addParagraph(a.doc, 'Hyldeblomstsaft fra egen have.');
		// Wait until the server has it (a second client sees it), not for any render.
		const b = connect(app.url, id, { client: c.owner });
		peers.push(b);
		await until(
			() => b.provider.synced && texts(b.doc).some((t) => t.includes('Hyldeblomstsaft')),
			'server to have it'
		);

		expect((await c.owner.post(`/library/${id}?/submit`, {})).status).toBe(200);
		expect((await c.admin.post(`/library/${id}?/publish`, {})).status).toBe(200);
		const found = await new Client(app.url).get('/api/v1/cases?q=hyldeblomstsaft');
		expect(((await found.json()) as { items: { id: string }[] }).items.map((i) => i.id)).toContain(
			id
		);
		const labels = versionLinks(await (await c.owner.get(`/library/${id}/history`)).text(), id).map(
			(l) => l.label
		);
		expect(labels).toEqual(expect.arrayContaining(['Sendt til godkendelse', 'Udgivet']));
		a.destroy();
		b.destroy();
	});
	it('an imported body replaces the text as one change that open editors follow (no second copy)', async () => {
		const res = await c.owner.json('POST', '/api/v1/cases', {
			kind: 'method_note',
			title: 'Notat der importeres',
			summary: 'Markdown ind, mens nogen skriver.'
		});
		const { id } = (await res.json()) as { id: string };
		const a = connect(app.url, id, { client: c.owner });
		peers.push(a);
		await synced(a);
		addParagraph(a.doc, 'Gammel tekst fra editoren.');
		await until(async () => {
			const probe = connect(app.url, id, { client: c.owner });
			await synced(probe);
			const ok = texts(probe.doc).includes('Gammel tekst fra editoren.');
			probe.destroy();
			return ok;
		}, 'the server to have the paragraph');
		const imported = await c.owner.post(`/library/${id}/edit?/body`, {
			markdown: '## Resultater\n\nSeksten unge i job.'
		});
		expect(imported.status).toBe(200);
		await until(
			() => texts(a.doc).join('|') === 'Resultater|Seksten unge i job.',
			'the open editor to follow the import'
		);
		const page = await (await c.owner.get(`/library/${id}`)).text();
		expect(page).toContain('Seksten unge i job.');
		expect(page).not.toContain('Gammel tekst fra editoren.');
		// The stored document holds the new content once.
		const fresh = connect(app.url, id, { client: c.owner });
		peers.push(fresh);
		await synced(fresh);
		expect(texts(fresh.doc)).toEqual(['Resultater', 'Seksten unge i job.']);
		fresh.destroy();
		a.destroy();
	});
});
