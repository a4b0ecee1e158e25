/**
 * Impact through the built server: Table 1 of the 2015 experience report through the API, the
 * dashboard's filters and CSV download, and snapshot import from CSV, good and bad.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http';
import { startApp, type TestApp } from '../helpers/server';

const PASSWORD = 'impact-test-password';
const people = {
	editor: {
		email: 'analyse@kolding.test',
		name: 'Mette Munk',
		org: 'Kolding Kommune',
		role: 'editor'
	},
	reader: { email: 'laeser@andet.test', name: 'Lars Lind' },
	admin: { email: 'admin@impact.test', name: 'Ada Admin', admin: true }
} as const;

let app: TestApp;
let editor: Client;
let reader: Client;

beforeAll(async () => {
	app = await startApp({ users: Object.values(people).map((p) => ({ ...p, password: PASSWORD })) });
	editor = new Client(app.url);
	reader = new Client(app.url);
	await editor.signIn(people.editor.email, PASSWORD);
	await reader.signIn(people.reader.email, PASSWORD);
	// Users are created by the admin CLI, which opens the embedded database on its own.
}, 240_000);
afterAll(() => app?.stop());

interface ApiSnapshot {
	id: string;
	title: string;
	date: string;
	source: string;
	rows: Array<{
		municipality_code: string;
		municipality: string;
		enterprises_total: number;
		registered: number;
		founded_in_year: number;
		pipeline: number;
	}>;
}

async function snapshots(): Promise<Array<{ id: string; title: string; live: boolean }>> {
	const response = await new Client(app.url).get('/api/v1/impact/snapshots');
	expect(response.status).toBe(200);
	return (await response.json()).snapshots;
}

async function snapshot(id: string): Promise<ApiSnapshot> {
	const response = await new Client(app.url).get(`/api/v1/impact/snapshots/${id}`);
	expect(response.status).toBe(200);
	return response.json();
}

const sum = (rows: ApiSnapshot['rows'], key: keyof ApiSnapshot['rows'][number]) =>
	rows.reduce((s, r) => s + Number(r[key]), 0);

/** Posts a snapshot file to the preview or import action, as a browser's multipart form. */
async function send(
	client: Client,
	action: 'preview' | 'import',
	meta: Record<string, string>,
	file?: { bytes: Uint8Array<ArrayBuffer>; name: string }
) {
	const form = new FormData();
	for (const [k, v] of Object.entries(meta)) form.set(k, v);
	if (file) form.set('file', new Blob([file.bytes], { type: 'text/csv' }), file.name);
	const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	return fetch(new URL(`/impact/snapshots/new?/${action}`, app.url), {
		method: 'POST',
		headers: { cookie, origin: app.url, accept: 'text/html' },
		body: form,
		redirect: 'manual'
	});
}

const meta = {
	title: 'Kommunernes egen optælling 2026',
	date: '2026-03-01',
	source: 'Spørgeskema til kommunerne'
};
const latin1 = (text: string): Uint8Array<ArrayBuffer> =>
	Uint8Array.from([...text].map((c) => c.charCodeAt(0)));

describe('Table 1 of the experience report', () => {
	it('lists the November 2015 snapshot beside the live figures', async () => {
		const list = await snapshots();
		expect(list.map((s) => s.title)).toEqual([
			'Platformen nu',
			'Erfaringsopsamling, november 2015'
		]);
	});

	it('returns all 17 municipalities with the report’s totals 76 / 22 / 29 / 58', async () => {
		const id = (await snapshots()).find((s) => s.title.startsWith('Erfaringsopsamling'))!.id;
		const table = await snapshot(id);
		expect(table).toMatchObject({
			id,
			title: 'Erfaringsopsamling, november 2015',
			date: '2015-11-30'
		});
		expect(table.rows).toHaveLength(17);
		expect(sum(table.rows, 'enterprises_total')).toBe(76);
		expect(sum(table.rows, 'registered')).toBe(22);
		expect(sum(table.rows, 'founded_in_year')).toBe(29);
		expect(sum(table.rows, 'pipeline')).toBe(58);
		expect(table.rows.find((r) => r.municipality_code === '621')).toEqual({
			municipality_code: '621',
			municipality: 'Kolding',
			enterprises_total: 7,
			registered: 3,
			founded_in_year: 3,
			pipeline: 13
		});
	});

	it('computes live figures from the park’s enterprises', async () => {
		const live = await snapshot('live');
		const kolding = live.rows.find((r) => r.municipality_code === '621')!;
		// 18 annex-1 enterprises in Kolding plus the one in dialogue, which is in the pipeline.
		expect(kolding.enterprises_total).toBe(19);
		expect(kolding.pipeline).toBe(1);
	});

	it('adds the figures of published public library entries to the live figures', async () => {
		const admin = new Client(app.url);
		await admin.signIn(people.admin.email, PASSWORD);
		// The dashboard's CSV carries every figure (the JSON API lists the counts only).
		const kolding = async () => {
			const csv = await (await new Client(app.url).get('/impact/export.csv?s=live')).text();
			const [head, ...lines] = csv
				.replace(/^\ufeff/, '')
				.trim()
				.split(/\r\n/);
			const cols = head.split(',');
			const row = lines.map((l) => l.split(',')).find((c) => c[0] === '621')!;
			const at = (name: string) => Number(row[cols.indexOf(name)]);
			return {
				jobs: at('jobs'),
				flex_jobs: at('flex_jobs'),
				enterprises_total: at('enterprises_total')
			};
		};
		const before = await kolding();
		const entry = async (title: string, scope: string, publish: boolean) => {
			const created = await editor.json('POST', '/api/v1/cases', { kind: 'case', title });
			expect(created.status).toBe(201);
			const { id } = await created.json();
			const patched = await editor.json('PATCH', `/api/v1/cases/${id}`, {
				municipalities: ['621'],
				jobsCreated: 7,
				flexJobs: 3,
				sroiRatio: '1:4',
				scope
			});
			expect(patched.status).toBe(200);
			if (publish) {
				expect((await editor.post(`/library/${id}?/submit`, {})).status).toBe(200);
				expect((await admin.post(`/library/${id}?/publish`, {})).status).toBe(200);
			}
		};
		await entry('Kantine med fleksjob i Kolding', 'public', true);
		await entry('Kladde der ikke tæller', 'public', false);
		await entry('Kun for medlemmer', 'members', true);
		const after = await kolding();
		expect(after.jobs).toBe(before.jobs + 7);
		expect(after.flex_jobs).toBe(before.flex_jobs + 3);
		expect(after.enterprises_total).toBe(before.enterprises_total);
	});

	it('answers 404 for an unknown snapshot', async () => {
		const response = await new Client(app.url).get(
			'/api/v1/impact/snapshots/00000000-0000-0000-0000-000000000000'
		);
		expect(response.status).toBe(404);
	});
});

describe('the dashboard', () => {
	it('filters the table by region and downloads the same rows as CSV', async () => {
		const id = (await snapshots()).find((s) => s.title.startsWith('Erfaringsopsamling'))!.id;
		const page = await new Client(app.url).get(`/impact?s=${id}&region=Region%20Syddanmark`);
		const body = await page.text();
		const start = body.indexOf('id="all-figures"');
		const table = body.slice(start, body.indexOf('</table>', start));
		expect(table).toContain('Kolding');
		expect(table).toContain('Nyborg');
		expect(table).not.toContain('Silkeborg');
		const csv = await new Client(app.url).get(
			`/impact/export.csv?s=${id}&region=Region%20Syddanmark`
		);
		expect(csv.headers.get('content-type')).toContain('text/csv');
		const lines = (await csv.text())
			.replace(/^\ufeff/, '')
			.trim()
			.split(/\r\n/);
		expect(lines[0]).toBe(
			'municipality_code,municipality,region,enterprises_total,registered,founded_in_year,pipeline,jobs,flex_jobs,sroi'
		);
		expect(
			lines
				.slice(1)
				.map((l) => l.split(',')[1])
				.sort()
		).toEqual(['Kolding', 'Nyborg', 'Vejle']);
	});
});

describe('importing a snapshot from CSV', () => {
	it('is for municipal editors and admins only', async () => {
		expect((await reader.get('/impact/snapshots/new')).status).toBe(403);
		const file = {
			bytes: new TextEncoder().encode(
				'municipality_code,enterprises_total,registered,founded_in_year,pipeline\n621,1,1,1,1\n'
			),
			name: 'a.csv'
		};
		expect((await send(reader, 'import', meta, file)).status).toBe(403);
	});

	it('names every bad row and imports nothing', async () => {
		const bad =
			'municipality_code;enterprises_total;registered;founded_in_year;pipeline\n621;8;3;1;12\n999;1;0;0;0\n740;-1;0;0;0\n621;2;2;2;2\n';
		const before = (await snapshots()).length;
		const preview = await send(editor, 'preview', meta, { bytes: latin1(bad), name: 'fejl.csv' });
		expect(preview.status).toBe(422);
		const body = await preview.text();
		expect(body).toContain('3 af 4 rækker har fejl');
		expect(body).toMatch(/data-line="3"[\s\S]*?ukendt kommunekode 999/);
		expect(body).toMatch(/data-line="4"[\s\S]*?enterprises_total er negativ: -1/);
		expect(body).toMatch(/data-line="5"[\s\S]*?kommune 621 står også i linje 2/);
		expect(body).not.toContain('Gem opgørelsen');
		// Even posted straight to the import action, the file is refused whole.
		expect(
			(await send(editor, 'import', meta, { bytes: latin1(bad), name: 'fejl.csv' })).status
		).toBe(422);
		expect((await snapshots()).length).toBe(before);
	});

	it('refuses a file with the wrong columns', async () => {
		const response = await send(editor, 'preview', meta, {
			bytes: new TextEncoder().encode('kommune,antal\nKolding,7\n'),
			name: 'forkert.csv'
		});
		expect(response.status).toBe(422);
		const body = await response.text();
		expect(body).toContain(
			'Kolonner mangler: municipality_code, registered, founded_in_year, pipeline'
		);
	});

	it('previews and imports a semicolon file from Danish Excel in Windows-1252', async () => {
		const good =
			'Kommunekode;Kommune;enterprises_total;registered;founded_in_year;pipeline;fleksjob\r\n621;Kolding;9;4;2;10;12\r\n370;Næstved;8;1;1;3;2\r\n';
		const preview = await send(editor, 'preview', meta, { bytes: latin1(good), name: 'excel.csv' });
		expect(preview.status).toBe(200);
		const body = await preview.text();
		expect(body).toContain('2 rækker er i orden (windows-1252, adskilt med semikolon)');
		const payload = body
			.match(/name="payload" value="([^"]*)"/)![1]
			.replace(/&#10;|&#13;/g, (e) => (e === '&#10;' ? '\n' : '\r'));
		expect(payload).toContain('Næstved');
		const form: Record<string, string> = { ...meta, payload };
		const saved = await send(editor, 'import', form);
		expect(saved.status).toBe(303);
		const id = saved.headers.get('location')!.match(/s=([0-9a-f-]{36})/)![1];
		const stored = await snapshot(id);
		expect(stored.title).toBe(meta.title);
		expect(stored.rows.map((r) => [r.municipality, r.enterprises_total, r.pipeline])).toEqual([
			['Kolding', 9, 10],
			['Næstved', 8, 3]
		]);
	});
});
