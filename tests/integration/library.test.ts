import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/server';
import { Client } from '../helpers/http';

const PW = 'library-test-password-1';
const users = {
	admin: { email: 'admin@lib.example', password: PW, admin: true },
	kolding: {
		email: 'editor@kolding-lib.example',
		password: PW,
		org: 'Kolding Kommune',
		role: 'editor'
	},
	kmember: {
		email: 'member@kolding-lib.example',
		password: PW,
		org: 'Kolding Kommune',
		role: 'member'
	},
	slagelse: {
		email: 'editor@slagelse-lib.example',
		password: PW,
		org: 'Slagelse Kommune',
		role: 'editor'
	},
	odense: {
		email: 'editor@odense-lib.example',
		password: PW,
		org: 'Odense Kommune',
		role: 'editor'
	}
};

describe('experience library', { timeout: 120_000 }, () => {
	let app: TestApp;
	const c: Record<keyof typeof users, Client> = {} as never;
	let anon: Client;

	beforeAll(async () => {
		app = await startApp({ users: Object.values(users) });
		anon = new Client(app.url);
		for (const [key, u] of Object.entries(users)) {
			c[key as keyof typeof users] = new Client(app.url);
			await c[key as keyof typeof users].signIn(u.email, u.password);
		}
	}, 900_000);
	afterAll(() => app?.stop());

	async function createDraft(client: Client, body: Record<string, unknown>) {
		const res = await client.json('POST', '/api/v1/cases', body);
		expect(res.status).toBe(201);
		return (await res.json()) as { id: string; status: string };
	}

	async function publish(id: string, author = c.kolding) {
		expect((await author.post(`/library/${id}?/submit`, {})).status).toBe(200);
		expect((await c.admin.post(`/library/${id}?/publish`, {})).status).toBe(200);
	}

	async function apiIds(path: string, client = anon): Promise<string[]> {
		const res = await client.get(path);
		expect(res.status).toBe(200);
		return ((await res.json()) as { items: { id: string }[] }).items.map((i) => i.id);
	}

	it('serves the seeded public entries, with Danish stemming: "virksomheder" finds "virksomhed"', async () => {
		const all = await anon.get('/api/v1/cases?per_page=100');
		const body = await all.json();
		expect(body.total).toBeGreaterThanOrEqual(12);
		expect(body.items.map((i: { title: string }) => i.title)).toContain(
			'Kommissorium: Socialøkonomiske virksomheder i udsatte boligområder (Slagelse)'
		);
		const { id } = await createDraft(c.kolding, {
			kind: 'method_note',
			title: 'Grøn virksomhed på landet',
			summary: 'Et notat om én enkelt grøn opstart.'
		});
		await c.kolding.json('PATCH', `/api/v1/cases/${id}`, { scope: 'public' });
		await publish(id);
		const ids = await apiIds('/api/v1/cases?q=virksomheder&kind=method_note');
		expect(ids).toContain(id);
		// Title weighs more than body: an entry with the word in its title ranks first.
		const ranked = await (await anon.get('/api/v1/cases?q=ressourceforl%C3%B8b')).json();
		expect(ranked.items[0].title).toBe(
			'Slagelse: Socialøkonomiske virksomheder i beskæftigelsesindsatsen'
		);
	});

	it('finds a misspelt municipality name by trigram similarity and highlights matches in the page', async () => {
		const ids = await (await anon.get('/api/v1/cases?q=Jamerbugt')).json();
		expect(ids.items.map((i: { title: string }) => i.title)).toContain(
			'Jammerbugt: Socialøkonomiske partnerskaber som motor i landdistriktsudviklingen'
		);
		const page = await (await anon.get('/library?q=fleksjob')).text();
		expect(page).toMatch(/<mark>fleksjob<\/mark>/i);
	});

	it('counts facets and narrows by municipality, theme and kind', async () => {
		const body = await (
			await anon.get('/api/v1/cases?municipality=330&theme=indkoeb-udbud')
		).json();
		expect(body.total).toBe(1);
		expect(body.items[0].title).toBe(
			'Slagelse: Frivillige indkøbsaftaler med socialøkonomiske virksomheder'
		);
		const slagelse = await (await anon.get('/api/v1/cases?municipality=330')).json();
		const muni = slagelse.facets.municipality.find((f: { value: string }) => f.value === '330');
		expect(muni.count).toBe(slagelse.total);
		const kinds = slagelse.facets.kind.map((f: { value: string; count: number }) => f.count);
		expect(kinds.reduce((a: number, b: number) => a + b, 0)).toBe(slagelse.total);
		const notes = await (await anon.get('/api/v1/cases?kind=method_note&municipality=621')).json();
		expect(notes.items.every((i: { kind: string }) => i.kind === 'method_note')).toBe(true);
		expect(notes.facets.region.find((f: { value: string }) => f.value === '1083').count).toBe(
			notes.total
		);
	});

	it('rejects malformed parameters with 400 and treats query syntax as plain text', async () => {
		expect((await anon.get('/api/v1/cases?per_page=10000')).status).toBe(400);
		expect((await anon.get('/api/v1/cases?page=-1')).status).toBe(400);
		expect((await anon.get('/api/v1/cases?kind=novel')).status).toBe(400);
		expect((await anon.get('/api/v1/cases?theme=no-such-theme')).status).toBe(400);
		for (const q of ["'; drop table cases; --", 'fleksjob & | !(', ':* <-> \\', '"unclosed']) {
			const res = await anon.get(`/api/v1/cases?q=${encodeURIComponent(q)}`);
			expect(res.status).toBe(200);
			expect(
				(await anon.get(`/library?q=${encodeURIComponent(q)}&per_page=10000&page=-4`)).status
			).toBe(200);
		}
	});

	it('rejects bad metadata in the page forms with 422 and a message, never 500', async () => {
		const { id } = await createDraft(c.kolding, { kind: 'case', title: 'Formular-validering' });
		const entry = await (await c.kolding.get(`/api/v1/cases/${id}`)).json();
		const orgId: string = entry.organisation.id;
		for (const title of ['', '   ', 'x'.repeat(201)]) {
			const res = await c.kolding.post('/library/new', {
				kind: 'case',
				title,
				organisationId: orgId
			});
			expect(res.status).toBe(422);
			expect(await res.text()).toContain('aria-invalid');
		}
		const unknownKind = await c.kolding.post('/library/new', {
			kind: 'novel',
			title: 'x',
			organisationId: orgId
		});
		expect(unknownKind.status).toBe(422);
		const save = (form: Record<string, string>) =>
			c.kolding.post(`/library/${id}/edit?/save`, {
				kind: 'case',
				title: 'Formular-validering',
				scope: 'public',
				...form
			});
		expect((await save({ themes: 'no-such-theme' })).status).toBe(422);
		expect((await save({ targetGroups: 'no-such-group' })).status).toBe(422);
		expect((await save({ title: 'x'.repeat(201) })).status).toBe(422);
		expect((await save({ title: '' })).status).toBe(422);
		expect((await save({ themes: 'fleksjob' })).status).toBe(200);
		// Unknown terms through the API are named field by field.
		const api = await c.kolding.json('PATCH', `/api/v1/cases/${id}`, {
			targetGroups: ['no-such-group']
		});
		expect(api.status).toBe(422);
		expect((await api.json()).errors).toMatchObject({ targetGroups: 'unknown' });
		// Paging and query syntax on the page: clamped or plain text, never an error.
		for (const path of [
			'/library?per_page=10000',
			'/library?page=-1',
			`/library?q=${encodeURIComponent('a & | !(')}`,
			`/library?q=${encodeURIComponent("' or 1=1; select pg_sleep(5); --")}`
		])
			expect((await anon.get(path)).status).toBe(200);
		expect((await anon.get(`/api/v1/cases?q=${encodeURIComponent('a & | !(')}`)).status).toBe(200);
		expect((await anon.get(`/api/v1/cases?q=${'x'.repeat(201)}`)).status).toBe(400);
	});

	it('treats control characters in a search as spaces on the page, API, CSV and feed, never a 500', async () => {
		const spaced = await (await anon.get('/api/v1/cases?q=fleksjob%20caf%C3%A9')).json();
		expect(spaced.total).toBeGreaterThan(0);
		const nul = await anon.get('/api/v1/cases?q=fleksjob%00caf%C3%A9');
		expect(nul.status).toBe(200);
		const body = await nul.json();
		expect(body.total).toBe(spaced.total);
		expect(body.items.map((i: { id: string }) => i.id)).toEqual(
			spaced.items.map((i: { id: string }) => i.id)
		);
		for (const q of ['%00', '%01%02%1F', 'a%00%7F', '%00%00%00%00fleksjob']) {
			expect((await anon.get(`/api/v1/cases?q=${q}`)).status).toBe(200);
			expect((await anon.get(`/api/v1/cases.csv?q=${q}`)).status).toBe(200);
			expect((await anon.get(`/api/v1/cases.atom?q=${q}`)).status).toBe(200);
			expect((await anon.get(`/library?q=${q}`)).status).toBe(200);
			expect((await c.kolding.get(`/library?q=${q}&theme=%00&municipality=%00`)).status).toBe(200);
		}
		const page = await (await anon.get('/library?q=fleksjob%00caf%C3%A9')).text();
		expect(Number(/(\d+) resultater/.exec(page)?.[1])).toBe(spaced.total);
		const csv = await (await anon.get('/api/v1/cases.csv?q=fleksjob%00caf%C3%A9')).text();
		expect(csv.trim().split('\r\n').length).toBe(spaced.total + 1);
	});

	it('strips control characters from titles, summaries and the body, or answers 422 naming the field', async () => {
		const created = await c.kolding.json('POST', '/api/v1/cases', {
			kind: 'case',
			title: 'Nul\u0000tegn\u0007 i titlen',
			summary: 'Resumé\u0000 med\u001b styretegn\nog linjeskift'
		});
		expect(created.status).toBe(201);
		const { id } = await created.json();
		const entry = await (await c.kolding.get(`/api/v1/cases/${id}`)).json();
		expect(entry.title).toBe('Nultegn i titlen');
		expect(entry.summary).toBe('Resumé med styretegn\nog linjeskift');

		const empty = await c.kolding.json('POST', '/api/v1/cases', {
			kind: 'case',
			title: '\u0000\u0001'
		});
		expect(empty.status).toBe(422);
		expect((await empty.json()).errors).toMatchObject({ title: 'required' });

		const patched = await c.kolding.json('PATCH', `/api/v1/cases/${id}`, {
			title: 'Rettet\u0000 titel',
			summary: '\u0000Nyt resumé',
			partners: [{ name: 'Café\u0000 Partner', role: 'partner' }],
			indicators: [{ label: 'Timer\u0000', value: '12', unit: 't\u0000' }]
		});
		expect(patched.status).toBe(200);
		const after = await patched.json();
		expect(after).toMatchObject({ title: 'Rettet titel', summary: 'Nyt resumé' });
		expect(after.partners[0].name).toBe('Café Partner');
		expect(after.impact.indicators[0]).toMatchObject({ label: 'Timer', unit: 't' });
		const blank = await c.kolding.json('PATCH', `/api/v1/cases/${id}`, { title: '\u0000' });
		expect(blank.status).toBe(422);
		expect((await blank.json()).errors).toMatchObject({ title: 'required' });

		// The page forms: the new-entry form, the metadata form and the Markdown body.
		const orgId: string = entry.organisation.id;
		const made = await c.kolding.post('/library/new', {
			kind: 'case',
			title: 'Formular\u0000 med nul',
			summary: 'x\u0000y',
			organisationId: orgId
		});
		expect(made.status).toBe(303);
		const newId = /\/library\/([0-9a-f-]{36})\/edit/.exec(made.headers.get('location') ?? '')?.[1];
		expect((await (await c.kolding.get(`/api/v1/cases/${newId}`)).json()).title).toBe(
			'Formular med nul'
		);
		const saved = await c.kolding.post(`/library/${id}/edit?/save`, {
			kind: 'case',
			title: 'Gemt\u0000 i formularen',
			summary: 'Og\u0000 resuméet',
			scope: 'public'
		});
		expect(saved.status).toBe(200);
		const empty422 = await c.kolding.post(`/library/${id}/edit?/save`, {
			kind: 'case',
			title: '\u0000',
			scope: 'public'
		});
		expect(empty422.status).toBe(422);
		expect(await empty422.text()).toContain('aria-invalid');
		const body = await c.kolding.post(`/library/${id}/edit?/body`, {
			markdown: '# Over\u0000skrift\n\nTekst\u0000 med nul.'
		});
		expect(body.status).toBe(200);
		const final = await (await c.kolding.get(`/api/v1/cases/${id}`)).json();
		expect(final).toMatchObject({ title: 'Gemt i formularen', summary: 'Og resuméet' });
		expect(final.bodyHtml).toContain('Overskrift');
		expect(final.bodyText).toContain('Tekst med nul.');
		// A review note with control characters is kept without them.
		expect((await c.kolding.post(`/library/${id}?/submit`, {})).status).toBe(200);
		expect(
			(await c.admin.post(`/library/${id}?/request_changes`, { note: 'Ret\u0000 venligst' })).status
		).toBe(200);
	});

	it('keeps drafts out of the list, CSV, feed and single-entry API', async () => {
		const { id, status } = await createDraft(c.kolding, {
			kind: 'case',
			title: 'Hemmelig kladde om fleksjob café',
			summary: 'Må ikke ses.'
		});
		expect(status).toBe('draft');
		expect(await apiIds('/api/v1/cases?q=hemmelig')).not.toContain(id);
		expect(await apiIds('/api/v1/cases?q=hemmelig', c.kolding)).not.toContain(id);
		expect(await (await anon.get('/api/v1/cases.csv?per_page=100')).text()).not.toContain(id);
		expect(await (await anon.get('/api/v1/cases.atom')).text()).not.toContain(id);
		expect((await anon.get(`/api/v1/cases/${id}`)).status).toBe(404);
		expect((await c.slagelse.get(`/api/v1/cases/${id}`)).status).toBe(404);
		expect((await c.kolding.get(`/api/v1/cases/${id}`)).status).toBe(200);
		expect((await anon.get(`/library/${id}`)).status).toBe(404);
	});

	it('exports the public list as CSV with a header and one row per entry', async () => {
		const res = await anon.get('/api/v1/cases.csv?municipality=740&per_page=100');
		expect(res.headers.get('content-type')).toContain('text/csv');
		const lines = (await res.text())
			.replace(/^\uFEFF/, '')
			.trim()
			.split('\r\n');
		expect(lines[0]).toBe(
			'id,kind,title,summary,organisation,municipality_codes,municipalities,themes,year,published_at,url'
		);
		expect(lines.length).toBe(3);
		expect(lines.slice(1).every((l) => l.includes('740'))).toBe(true);
		const feed = await (await anon.get('/api/v1/cases.atom')).text();
		expect(feed).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
		const spec = await (await anon.get('/api/v1/openapi.json')).json();
		expect(Object.keys(spec.paths)).toEqual(
			expect.arrayContaining(['/cases', '/cases/{id}', '/cases.csv'])
		);
	});

	it('validates metadata: empty and over-long titles, unknown terms, negative counts, SROI ≤ 0', async () => {
		expect(
			(await c.kolding.json('POST', '/api/v1/cases', { kind: 'case', title: '' })).status
		).toBe(422);
		expect(
			(await c.kolding.json('POST', '/api/v1/cases', { kind: 'case', title: 'x'.repeat(201) }))
				.status
		).toBe(422);
		expect(
			(await c.kolding.json('POST', '/api/v1/cases', { kind: 'novel', title: 'x' })).status
		).toBe(422);
		expect((await anon.json('POST', '/api/v1/cases', { kind: 'case', title: 'x' })).status).toBe(
			401
		);
		expect(
			(await c.kmember.json('POST', '/api/v1/cases', { kind: 'case', title: 'x' })).status
		).toBe(403);
		const { id } = await createDraft(c.kolding, { kind: 'case', title: 'Validering' });
		const bad = await c.kolding.json('PATCH', `/api/v1/cases/${id}`, {
			themes: ['no-such-theme'],
			flexJobs: -3,
			sroiRatio: '1:0'
		});
		expect(bad.status).toBe(422);
		const { errors } = await bad.json();
		expect(errors).toMatchObject({
			themes: 'unknown',
			flexJobs: 'negative',
			sroiRatio: 'not_positive'
		});
		const ok = await c.kolding.json('PATCH', `/api/v1/cases/${id}`, {
			themes: ['fleksjob'],
			flexJobs: 12,
			sroiRatio: '1:8',
			municipalities: ['621']
		});
		expect(ok.status).toBe(200);
		expect((await ok.json()).impact).toMatchObject({ flexJobs: 12, sroiRatio: 8 });
		expect(
			(await c.slagelse.json('PATCH', `/api/v1/cases/${id}`, { title: 'Kapret' })).status
		).toBe(404);
	});

	it('runs the workflow with its permissions, audits it and notifies the authors', async () => {
		const { id } = await createDraft(c.kolding, { kind: 'case', title: 'Arbejdsgang-test' });
		// Only an editor of the entry may submit; only an admin may publish or ask for changes.
		expect((await c.slagelse.post(`/library/${id}?/submit`, {})).status).toBe(404);
		expect((await c.kolding.post(`/library/${id}?/publish`, {})).status).toBe(403);
		expect((await c.kolding.post(`/library/${id}?/submit`, {})).status).toBe(200);
		expect((await c.kolding.post(`/library/${id}?/submit`, {})).status).toBe(409);
		expect((await c.kolding.post(`/library/${id}?/publish`, {})).status).toBe(403);
		const review = await (await c.admin.get('/library/review')).text();
		expect(review).toContain('Arbejdsgang-test');
		expect((await c.kolding.get('/library/review')).status).toBe(403);
		expect(
			(await c.admin.post(`/library/${id}?/request_changes`, { note: 'Tilføj tal' })).status
		).toBe(200);
		expect((await anon.get(`/api/v1/cases/${id}`)).status).toBe(404);
		expect((await c.kolding.post(`/library/${id}?/submit`, {})).status).toBe(200);
		expect((await c.admin.post(`/library/${id}?/publish`, {})).status).toBe(200);
		expect((await anon.get(`/api/v1/cases/${id}`)).status).toBe(200);
		expect((await c.kolding.post(`/library/${id}?/archive`, {})).status).toBe(403);
		expect((await c.admin.post(`/library/${id}?/archive`, {})).status).toBe(200);
		expect((await anon.get(`/api/v1/cases/${id}`)).status).toBe(404);
		const outbox = await (await c.admin.get('/admin/outbox')).text();
		for (const subject of [
			'Ændringer ønsket: Arbejdsgang-test',
			'Post udgivet: Arbejdsgang-test',
			'Post arkiveret: Arbejdsgang-test'
		])
			expect(outbox).toContain(subject);
		expect(outbox).toContain(users.kolding.email);
	});

	it('shows a network-scoped entry to network members only — in pages, search, facets and API', async () => {
		const { id } = await createDraft(c.kolding, {
			kind: 'case',
			title: 'Netværksdelt erfaring med sjældenord',
			summary: 'Deles kun i netværket.'
		});
		const edit = await c.kolding.get(`/library/${id}/edit`);
		const html = await edit.text();
		const networkId = /name="networks" value="([0-9a-f-]{36})"/.exec(html)?.[1];
		expect(networkId).toBeDefined();
		const patched = await c.kolding.json('PATCH', `/api/v1/cases/${id}`, {
			scope: 'network',
			networks: [networkId],
			municipalities: ['621'],
			themes: ['afknopning']
		});
		expect(patched.status).toBe(200);
		await publish(id);

		const search = (client: Client) =>
			client.get('/library?q=sj%C3%A6ldenord').then((r) => r.text());
		// Slagelse is in the network; Odense is not; anonymous users never.
		expect(await search(c.slagelse)).toContain('Netværksdelt erfaring');
		expect(await search(c.kolding)).toContain('Netværksdelt erfaring');
		expect(await search(c.odense)).not.toContain('Netværksdelt erfaring');
		expect(await search(anon)).not.toContain('Netværksdelt erfaring');
		expect((await c.slagelse.get(`/library/${id}`)).status).toBe(200);
		expect((await c.odense.get(`/library/${id}`)).status).toBe(404);
		expect((await anon.get(`/library/${id}`)).status).toBe(404);
		// Facet counts: the theme counts one more for the member than for the outsider.
		const count = async (client: Client) => {
			const page = await (await client.get('/library?theme=afknopning')).text();
			return Number(/(\d+) resultater/.exec(page)?.[1]);
		};
		expect((await count(c.slagelse)) - (await count(c.odense))).toBe(1);
		// The open-data API shows public entries only, even to a signed-in member.
		expect(await apiIds('/api/v1/cases?q=sj%C3%A6ldenord', c.slagelse)).toEqual([]);
		expect((await c.odense.get(`/api/v1/cases/${id}`)).status).toBe(404);
	});

	it('refuses an attachment of a forbidden type with a message', async () => {
		const { id } = await createDraft(c.kolding, { kind: 'case', title: 'Bilag-test' });
		const form = new FormData();
		form.append(
			'attachment',
			new Blob(['MZ\u0000\u0000evil'], { type: 'application/octet-stream' }),
			'tool.exe'
		);
		const res = await fetch(`${app.url}/library/${id}/edit?/attach`, {
			method: 'POST',
			body: form,
			headers: {
				cookie: [...c.kolding.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
				origin: app.url,
				accept: 'text/html'
			}
		});
		expect(res.status).toBe(400);
		expect(await res.text()).toContain('Den filtype kan ikke vedhæftes.');
		const pdf = new FormData();
		pdf.append(
			'attachment',
			new Blob(['%PDF-1.4 test'], { type: 'application/pdf' }),
			'rapport.pdf'
		);
		const ok = await fetch(`${app.url}/library/${id}/edit?/attach`, {
			method: 'POST',
			body: pdf,
			headers: {
				cookie: [...c.kolding.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
				origin: app.url,
				accept: 'text/html'
			}
		});
		expect(ok.status).toBe(200);
		expect(await (await c.kolding.get(`/library/${id}`)).text()).toContain('rapport.pdf');
	});
});
