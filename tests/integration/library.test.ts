import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
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
			'id,kind,title,summary,organisation,municipality_codes,municipalities,themes,year,jobs_created,flex_jobs,people_in_training,people_in_ressourceforloeb,sroi_ratio,partners,published_at,url'
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
	/** A facet value's count as the index page shows it to this viewer (0 when not listed). */
	async function pageFacet(client: Client, query: string, facet: string, value: string) {
		const html = await (await client.get(`/library?${query}`)).text();
		const re = new RegExp(
			`(?:\\?|&amp;|&)${facet}=${value}[^"]*"[^>]*>[^<]*<span class="count[^"]*">\\((\\d+)\\)`
		);
		return Number(re.exec(html)?.[1] ?? 0);
	}

	it('shows organisation-scoped entries to the organisation and members-scoped ones to every signed-in user, in pages, search, facet counts and API', async () => {
		const make = async (title: string, scope: string) => {
			const { id } = await createDraft(c.kolding, {
				kind: 'case',
				title,
				summary: 'Deling efter omfang: lukketord.',
				scope,
				municipalities: ['621'],
				themes: ['fleksjob']
			});
			await publish(id);
			return id;
		};
		const org = await make('Organisationsdelt lukketord', 'organisation');
		const members = await make('Medlemsdelt lukketord', 'members');
		const open = await make('Offentlig lukketord', 'public');

		// The theme and municipality facets count exactly what each viewer may see.
		const expected: [string, Client, number][] = [
			['editor of the owning organisation', c.kolding, 3],
			['plain member of the owning organisation', c.kmember, 3],
			['editor in another municipality', c.slagelse, 2],
			['editor in a municipality outside every network', c.odense, 2],
			['anonymous visitor', anon, 1]
		];
		for (const [who, client, n] of expected) {
			expect([who, await pageFacet(client, 'q=lukketord', 'theme', 'fleksjob')]).toEqual([who, n]);
			expect([who, await pageFacet(client, 'q=lukketord', 'municipality', '621')]).toEqual([
				who,
				n
			]);
			const page = await (await client.get('/library?q=lukketord')).text();
			expect([who, Number(/(\d+) resultater/.exec(page)?.[1])]).toEqual([who, n]);
			expect(page.includes('Organisationsdelt lukketord')).toBe(n === 3);
			expect(page.includes('Medlemsdelt lukketord')).toBe(n >= 2);
			expect(page).toContain('Offentlig lukketord');
			// The open-data API shows the public entry only, to everyone, facets included.
			const api = await (await client.get('/api/v1/cases?q=lukketord')).json();
			expect(api.items.map((i: { id: string }) => i.id)).toEqual([open]);
			expect(api.facets.theme.find((f: { value: string }) => f.value === 'fleksjob').count).toBe(1);
			expect(api.facets.municipality.find((f: { value: string }) => f.value === '621').count).toBe(
				1
			);
			const csv = await (await client.get('/api/v1/cases.csv?q=lukketord')).text();
			expect(csv).toContain(open);
			expect(csv).not.toContain(org);
			expect(csv).not.toContain(members);
		}
		// A theme filter without words counts the same way: the owner's side sees both shared ones.
		expect(
			(await pageFacet(c.kmember, 'theme=fleksjob', 'municipality', '621')) -
				(await pageFacet(c.slagelse, 'theme=fleksjob', 'municipality', '621'))
		).toBe(1);
		expect(
			(await pageFacet(c.slagelse, 'theme=fleksjob', 'municipality', '621')) -
				(await pageFacet(anon, 'theme=fleksjob', 'municipality', '621'))
		).toBe(1);

		// The entry pages follow the same rule; the single-entry API serves public entries only
		// (and unpublished or shared ones to those who may edit them).
		const status = async (client: Client, path: string) => (await client.get(path)).status;
		expect(await status(c.kolding, `/library/${org}`)).toBe(200);
		expect(await status(c.kmember, `/library/${org}`)).toBe(200);
		expect(await status(c.slagelse, `/library/${org}`)).toBe(404);
		expect(await status(anon, `/library/${org}`)).toBe(404);
		expect(await status(c.slagelse, `/library/${members}`)).toBe(200);
		expect(await status(c.odense, `/library/${members}`)).toBe(200);
		expect(await status(anon, `/library/${members}`)).toBe(404);
		for (const id of [org, members]) {
			expect(await status(anon, `/api/v1/cases/${id}`)).toBe(404);
			expect(await status(c.kmember, `/api/v1/cases/${id}`)).toBe(404);
			expect(await status(c.slagelse, `/api/v1/cases/${id}`)).toBe(404);
			expect(await status(c.kolding, `/api/v1/cases/${id}`)).toBe(200);
		}
		expect(await status(anon, `/api/v1/cases/${open}`)).toBe(200);
	});

	async function upload(id: string, name: string, bytes: Uint8Array, type: string) {
		const form = new FormData();
		form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
		return fetch(`${app.url}/library/${id}/edit?/body`, {
			method: 'POST',
			body: form,
			headers: {
				cookie: [...c.kolding.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
				origin: app.url,
				accept: 'text/html'
			}
		});
	}

	/** A minimal Word document: a Heading 1, a paragraph and a two-item bulleted list. */
	async function docx(): Promise<Uint8Array> {
		const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
		const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
		const zip = new JSZip();
		zip.file(
			'[Content_Types].xml',
			`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>`
		);
		zip.file(
			'_rels/.rels',
			`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/></Relationships>`
		);
		zip.file(
			'word/_rels/document.xml.rels',
			`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="${R}/numbering" Target="numbering.xml"/></Relationships>`
		);
		zip.file(
			'word/styles.xml',
			`<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="${W}"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>`
		);
		zip.file(
			'word/numbering.xml',
			`<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="${W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`
		);
		const item = (text: string) =>
			`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
		zip.file(
			'word/document.xml',
			`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Wordoverskrift om kaffebrænding</w:t></w:r></w:p><w:p><w:r><w:t>Et afsnit om mølleværkstedet i Vamdrup.</w:t></w:r></w:p>${item('Første punkt')}${item('Andet punkt')}</w:body></w:document>`
		);
		return zip.generateAsync({ type: 'uint8array' });
	}

	it('imports a .docx body with its heading, paragraph and list, and indexes its text for search', async () => {
		const { id } = await createDraft(c.kolding, {
			kind: 'case',
			title: 'Importeret fra Word',
			scope: 'public'
		});
		const res = await upload(
			id,
			'notat.docx',
			await docx(),
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
		);
		expect(res.status).toBe(200);
		const entry = await (await c.kolding.get(`/api/v1/cases/${id}`)).json();
		expect(entry.bodyHtml).toMatch(/<h1[^>]*>Wordoverskrift om kaffebrænding<\/h1>/);
		expect(entry.bodyHtml).toMatch(/<p[^>]*>Et afsnit om mølleværkstedet i Vamdrup\.<\/p>/);
		expect(entry.bodyHtml).toMatch(
			/<ul[^>]*>\s*<li[^>]*>(<p[^>]*>)?Første punkt(<\/p>)?<\/li>\s*<li[^>]*>(<p[^>]*>)?Andet punkt/
		);
		expect(entry.bodyText).toContain('Et afsnit om mølleværkstedet i Vamdrup.');
		expect(entry.bodyText).toContain('Første punkt');
		await publish(id);
		// The body's words find the entry (Danish stemming: "mølleværksteder" finds "mølleværkstedet").
		expect(await apiIds('/api/v1/cases?q=m%C3%B8llev%C3%A6rksteder')).toEqual([id]);
		expect(await apiIds('/api/v1/cases?q=kaffebr%C3%A6nding')).toEqual([id]);
		const page = await (await anon.get(`/library/${id}`)).text();
		expect(page).toContain('Wordoverskrift om kaffebrænding');
	});

	it('imports a Markdown file with headings, lists, links and tables, and indexes its text', async () => {
		const { id } = await createDraft(c.kolding, {
			kind: 'method_note',
			title: 'Importeret fra Markdown',
			scope: 'public'
		});
		const md = [
			'## Metode for cykelreparation',
			'',
			'Værkstedet [læs mere](https://example.org/vaerksted) har åbent.',
			'',
			'1. Modtag cyklen',
			'2. Reparér den',
			'',
			'| Uge | Cykler |',
			'| --- | --- |',
			'| 1 | 14 |'
		].join('\n');
		const res = await upload(id, 'metode.md', new TextEncoder().encode(md), 'text/markdown');
		expect(res.status).toBe(200);
		const entry = await (await c.kolding.get(`/api/v1/cases/${id}`)).json();
		expect(entry.bodyHtml).toMatch(/<h2[^>]*>Metode for cykelreparation<\/h2>/);
		expect(entry.bodyHtml).toMatch(
			/<a [^>]*href="https:\/\/example.org\/vaerksted"[^>]*>læs mere<\/a>/
		);
		expect(entry.bodyHtml).toMatch(/<ol[^>]*>[\s\S]*Modtag cyklen[\s\S]*Reparér den[\s\S]*<\/ol>/);
		expect(entry.bodyHtml).toMatch(/<table[\s\S]*Cykler[\s\S]*14[\s\S]*<\/table>/);
		expect(entry.bodyText).toContain('Modtag cyklen');
		await publish(id);
		expect(await apiIds('/api/v1/cases?q=cykelreparation')).toEqual([id]);
		// A file of another type is refused with a message, and the body stays as it was.
		const bad = await upload(
			id,
			'virus.exe',
			new Uint8Array([77, 90, 0, 0]),
			'application/octet-stream'
		);
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain('Den filtype kan ikke vedhæftes.');
		expect((await (await c.kolding.get(`/api/v1/cases/${id}`)).json()).bodyHtml).toBe(
			entry.bodyHtml
		);
	});
	it("labels the export and the partner-kind facet in the reader's language", async () => {
		const { id } = await createDraft(c.kolding, {
			kind: 'case',
			title: 'Eksport på to sprog',
			scope: 'public'
		});
		const patched = await c.kolding.json('PATCH', `/api/v1/cases/${id}`, {
			jobsCreated: 7,
			sroiRatio: '1:4',
			partners: [{ name: 'Fonden for Kaffe', role: 'funder', description: 'Betaler' }]
		});
		expect(patched.status).toBe(200);
		const da = await (await c.kolding.get(`/library/${id}/export`)).text();
		for (const text of [
			'Partnere',
			'Effekt',
			'Job skabt</span>: 7',
			'SROI</span>: 1:4',
			'(<span lang="da">Finansiering</span>)'
		])
			expect(da).toContain(text);
		expect(da).not.toContain('(funder)');
		const en = await (await c.kolding.get(`/en/library/${id}/export`)).text();
		for (const text of [
			'Partners',
			'Impact',
			'Jobs created</span>: 7',
			'(<span lang="en">Funder</span>)'
		])
			expect(en).toContain(text);
		expect(en).not.toContain('Job skabt');
		expect(en).not.toContain('Finansiering');

		const labels = (locale: string) =>
			JSON.parse(readFileSync(`messages/organisations/${locale}.json`, 'utf8')) as Record<
				string,
				string
			>;
		const kinds = (await (await anon.get('/api/v1/cases')).json()).facets.partner_kind as {
			value: string;
		}[];
		expect(kinds.length).toBeGreaterThan(0);
		for (const [locale, path] of [
			['da', '/library'],
			['en', '/en/library']
		]) {
			const html = await (await anon.get(path)).text();
			for (const { value } of kinds.slice(0, 12)) {
				const shown = new RegExp(`partner_kind=${value}[^"]*"[^>]*>([^<]*)<span`).exec(html)?.[1];
				expect([value, shown?.trim()]).toEqual([value, labels(locale)[`org_kind_${value}`]]);
			}
		}
	});
	it('lets an editor remove an attachment: the file leaves storage, the removal is audited, others are refused', async () => {
		const { id } = await createDraft(c.kolding, {
			kind: 'case',
			title: 'Bilag på disk',
			scope: 'public'
		});
		const form = new FormData();
		form.append('attachment', new Blob(['%PDF-1.4 disk'], { type: 'application/pdf' }), 'disk.pdf');
		const up = await fetch(`${app.url}/library/${id}/edit?/attach`, {
			method: 'POST',
			body: form,
			headers: {
				cookie: [...c.kolding.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
				origin: app.url,
				accept: 'text/html'
			}
		});
		expect(up.status).toBe(200);
		const dir = join(app.env.DATA_DIR, 'attachments', 'cases', id);
		expect(readdirSync(dir)).toHaveLength(1);
		const edit = await (await c.kolding.get(`/library/${id}/edit`)).text();
		const aid = new RegExp(`/library/${id}/attachments/([0-9a-f-]{36})`).exec(edit)?.[1];
		expect(aid).toBeTruthy();
		expect(edit).toContain('aria-label="Fjern bilaget disk.pdf"');

		// Another organisation's editor cannot see the draft; once published, may read but not remove.
		expect((await c.odense.post(`/library/${id}/edit?/detach`, { attachment: aid! })).status).toBe(
			404
		);
		await publish(id);
		expect((await c.odense.post(`/library/${id}/edit?/detach`, { attachment: aid! })).status).toBe(
			403
		);
		expect((await c.kmember.post(`/library/${id}/edit?/detach`, { attachment: aid! })).status).toBe(
			403
		);
		expect((await anon.get(`/library/${id}/attachments/${aid}`)).status).toBe(200);
		expect(readdirSync(dir)).toHaveLength(1);

		const res = await c.kolding.post(`/library/${id}/edit?/detach`, { attachment: aid! });
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('Bilaget disk.pdf er fjernet.');
		expect(existsSync(dir) ? readdirSync(dir) : []).toHaveLength(0);
		expect((await anon.get(`/library/${id}/attachments/${aid}`)).status).toBe(404);
		expect(await (await anon.get(`/library/${id}`)).text()).not.toContain('disk.pdf');
		expect(
			(await c.kolding.post(`/library/${id}/edit?/detach`, { attachment: 'nope' })).status
		).toBe(404);
		const audit = await (
			await c.admin.get('/admin/audit?action=library.attachment_removed')
		).text();
		const row = audit.split('<tr class="entry"').find((r) => r.includes(id));
		expect(row).toBeDefined();
		expect(row).toContain(users.kolding.email);
		expect(row).toContain(aid!);
		expect(row).toContain('disk.pdf');
	});

	it('lists impact figures and partner names in the open-data list, CSV and OpenAPI document', async () => {
		const { id } = await createDraft(c.kolding, {
			kind: 'case',
			title: 'Åbne data med effekttal',
			scope: 'public'
		});
		expect(
			(
				await c.kolding.json('PATCH', `/api/v1/cases/${id}`, {
					summary: 'Et ord til søgning: effekttalsord.',
					jobsCreated: 16,
					flexJobs: 4,
					peopleInTraining: 9,
					peopleInRessourceforloeb: 3,
					sroiRatio: '1:8',
					partners: [
						{ name: 'Kaffebaren ApS', role: 'operator' },
						{ name: 'Jobcenter Kolding', role: 'customer' }
					]
				})
			).status
		).toBe(200);
		await publish(id);
		const list = await (await anon.get('/api/v1/cases?q=effekttalsord')).json();
		expect(list.items).toHaveLength(1);
		expect(list.items[0]).toMatchObject({
			id,
			impact: {
				jobsCreated: 16,
				flexJobs: 4,
				peopleInTraining: 9,
				peopleInRessourceforloeb: 3,
				sroiRatio: 8
			},
			partners: [
				{ name: 'Kaffebaren ApS', role: 'operator' },
				{ name: 'Jobcenter Kolding', role: 'customer' }
			]
		});
		// An entry without figures says so with nulls, not zeros.
		const bare = await (await anon.get('/api/v1/cases?q=Importeret%20fra%20Word')).json();
		expect(bare.items[0].impact).toEqual({
			jobsCreated: null,
			flexJobs: null,
			peopleInTraining: null,
			peopleInRessourceforloeb: null,
			sroiRatio: null
		});

		const csv = (await (await anon.get('/api/v1/cases.csv?q=effekttalsord')).text())
			.replace(/^\uFEFF/, '')
			.trim()
			.split('\r\n');
		expect(csv).toHaveLength(2);
		const header = csv[0].split(',');
		const cells = csv[1].split(',');
		const cell = (name: string) => cells[header.indexOf(name)];
		expect(cell('id')).toBe(id);
		expect(cell('jobs_created')).toBe('16');
		expect(cell('flex_jobs')).toBe('4');
		expect(cell('people_in_training')).toBe('9');
		expect(cell('people_in_ressourceforloeb')).toBe('3');
		expect(cell('sroi_ratio')).toBe('1:8');
		// Partner names are joined by "; ", so the cell is quoted.
		expect(csv[1]).toContain('"Kaffebaren ApS; Jobcenter Kolding"');

		const spec = await (await anon.get('/api/v1/openapi.json')).json();
		const item = spec.components.schemas.ListItem;
		expect(
			spec.paths['/cases'].get.responses['200'].content['application/json'].schema.properties.items
				.items
		).toEqual({ $ref: '#/components/schemas/ListItem' });
		expect(Object.keys(item.properties)).toEqual(expect.arrayContaining(['impact', 'partners']));
		expect(Object.keys(spec.components.schemas.Impact.properties)).toEqual([
			'jobsCreated',
			'flexJobs',
			'peopleInTraining',
			'peopleInRessourceforloeb',
			'sroiRatio'
		]);
		expect(spec.paths['/cases.csv'].get.description).toContain('sroi_ratio');
	});
});
