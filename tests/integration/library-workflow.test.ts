/**
 * The review workflow end to end: every step lands in the audit log with its actor and status
 * change, the authors (and, on submission, the admins) are notified, and every refused step leaves
 * the entry exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/server';
import { Client } from '../helpers/http';

const PW = 'workflow-test-password-1';
const users = {
	admin: { email: 'admin@flow.example', password: PW, admin: true },
	admin2: { email: 'admin2@flow.example', password: PW, admin: true },
	author: {
		name: 'Anna Forfatter',
		email: 'author@kolding-flow.example',
		password: PW,
		org: 'Kolding Kommune',
		role: 'editor'
	},
	editor: {
		name: 'Erik Redaktør',
		email: 'editor@kolding-flow.example',
		password: PW,
		org: 'Kolding Kommune',
		role: 'editor'
	},
	member: {
		email: 'member@kolding-flow.example',
		password: PW,
		org: 'Kolding Kommune',
		role: 'member'
	},
	odense: {
		email: 'editor@odense-flow.example',
		password: PW,
		org: 'Odense Kommune',
		role: 'editor'
	}
};
type Who = keyof typeof users;

interface AuditRow {
	action: string;
	actor: string;
	target: string;
	details: Record<string, unknown>;
}

function decode(s: string): string {
	return s
		.replace(/&quot;/g, '"')
		.replace(/&#39;|&#x27;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');
}

describe('library workflow', { timeout: 120_000 }, () => {
	let app: TestApp;
	const c = {} as Record<Who, Client>;

	beforeAll(async () => {
		app = await startApp({ users: Object.values(users) });
		for (const [key, u] of Object.entries(users)) {
			c[key as Who] = new Client(app.url);
			await c[key as Who].signIn(u.email, u.password);
		}
	}, 900_000);
	afterAll(() => app?.stop());

	async function draft(title: string): Promise<string> {
		const res = await c.author.json('POST', '/api/v1/cases', {
			kind: 'case',
			title,
			scope: 'public'
		});
		expect(res.status).toBe(201);
		return ((await res.json()) as { id: string }).id;
	}

	/** The audit rows about one entry, read as an admin from /admin/audit. */
	async function auditOf(id: string): Promise<AuditRow[]> {
		const html = await (await c.admin.get('/admin/audit?target=case')).text();
		const rows: AuditRow[] = [];
		for (const [, action, inner] of html.matchAll(
			/<tr class="entry" data-action="([^"]+)">([\s\S]*?)<\/tr>/g
		)) {
			if (!inner.includes(id)) continue;
			const email = /class="muted email[^"]*">([^<]+)</.exec(inner)?.[1] ?? '';
			const details = /<code class="details[^"]*">([^<]*)<\/code>/.exec(inner)?.[1] ?? '';
			rows.push({
				action,
				actor: email,
				target: id,
				details: details ? JSON.parse(decode(details)) : {}
			});
		}
		// The page lists newest first; the workflow reads oldest first.
		return rows.reverse();
	}

	async function notificationTitles(who: Who): Promise<string[]> {
		const html = await (await c[who].get('/notifications')).text();
		return [
			...html.matchAll(/<a href="[^"]*\/notifications\/[0-9a-f-]{36}"[^>]*>([^<]+)<\/a>/g)
		].map((m) => decode(m[1]));
	}

	async function state(id: string) {
		const res = await c.admin.get(`/api/v1/cases/${id}`);
		expect(res.status).toBe(200);
		const e = await res.json();
		return { status: e.status, title: e.title, summary: e.summary, updatedAt: e.updatedAt };
	}

	const TITLE = 'Arbejdsgang med revisionsspor';
	let flowId = '';

	it('records each step in the audit log with its actor and the status it moved from and to', async () => {
		flowId = await draft(TITLE);
		// Another editor of the organisation submits, so the author hears of it too.
		expect((await c.editor.post(`/library/${flowId}?/submit`, {})).status).toBe(200);
		expect(
			(await c.admin.post(`/library/${flowId}?/request_changes`, { note: 'Tilføj effekttal' }))
				.status
		).toBe(200);
		expect((await c.author.post(`/library/${flowId}?/submit`, {})).status).toBe(200);
		expect((await c.admin2.post(`/library/${flowId}?/publish`, {})).status).toBe(200);
		expect((await c.admin.post(`/library/${flowId}?/archive`, {})).status).toBe(200);

		const rows = await auditOf(flowId);
		expect(rows.map((r) => [r.action, r.actor, r.details])).toEqual([
			['library.create', users.author.email, {}],
			['library.submit', users.editor.email, { from: 'draft', to: 'in_review' }],
			[
				'library.request_changes',
				users.admin.email,
				{ from: 'in_review', to: 'changes_requested', note: 'Tilføj effekttal' }
			],
			['library.submit', users.author.email, { from: 'changes_requested', to: 'in_review' }],
			['library.publish', users.admin2.email, { from: 'in_review', to: 'published' }],
			['library.archive', users.admin.email, { from: 'published', to: 'archived' }]
		]);
		expect((await state(flowId)).status).toBe('archived');
	});

	it('notifies the authors of every step someone else took and the admins of each submission', async () => {
		expect(flowId).not.toBe('');
		const count = (titles: string[], t: string) => titles.filter((x) => x === t).length;
		const author = await notificationTitles('author');
		// The author's own resubmission is not news to them; every other step is.
		expect(count(author, `Post sendt til gennemsyn: ${TITLE}`)).toBe(1);
		expect(count(author, `Ændringer ønsket: ${TITLE}`)).toBe(1);
		expect(count(author, `Post udgivet: ${TITLE}`)).toBe(1);
		expect(count(author, `Post arkiveret: ${TITLE}`)).toBe(1);
		// Both admins hear of both submissions; the one who asked for changes is not told of it.
		const admin = await notificationTitles('admin');
		const admin2 = await notificationTitles('admin2');
		expect(count(admin, `Post sendt til gennemsyn: ${TITLE}`)).toBe(2);
		expect(count(admin2, `Post sendt til gennemsyn: ${TITLE}`)).toBe(2);
		expect(count(admin, `Ændringer ønsket: ${TITLE}`)).toBe(0);
		expect(count(admin2, `Post udgivet: ${TITLE}`)).toBe(0);
		// Editors who are not authors, and others, are not told.
		expect((await notificationTitles('editor')).some((t) => t.includes(TITLE))).toBe(false);
		expect((await notificationTitles('odense')).some((t) => t.includes(TITLE))).toBe(false);
	});

	it('refuses review steps to non-admins, publishing a draft, submission by a plain member and edits from another organisation, leaving the entry unchanged', async () => {
		const id = await draft('Afvist arbejdsgang');
		const before = await state(id);
		const unchanged = async () => expect(await state(id)).toEqual(before);

		// An editor of the owning organisation may not take the admins' steps.
		for (const step of ['publish', 'request_changes', 'archive'])
			expect((await c.author.post(`/library/${id}?/${step}`, {})).status).toBe(403);
		await unchanged();
		// Even an admin cannot publish a draft that was never submitted.
		expect((await c.admin.post(`/library/${id}?/publish`, {})).status).toBe(409);
		expect((await c.admin.post(`/library/${id}?/request_changes`, {})).status).toBe(409);
		await unchanged();
		// A plain member of the organisation cannot even see the draft, let alone submit it.
		expect((await c.member.post(`/library/${id}?/submit`, {})).status).toBe(404);
		expect(
			(await c.member.json('PATCH', `/api/v1/cases/${id}`, { title: 'Medlemmets titel' })).status
		).toBe(404);
		// Another organisation's editor neither sees nor changes it.
		expect((await c.odense.post(`/library/${id}?/submit`, {})).status).toBe(404);
		expect((await c.odense.json('PATCH', `/api/v1/cases/${id}`, { title: 'Kapret' })).status).toBe(
			404
		);
		expect(
			(
				await c.odense.post(`/library/${id}/edit?/save`, {
					kind: 'case',
					title: 'Kapret',
					scope: 'public'
				})
			).status
		).toBe(404);
		await unchanged();
		expect((await auditOf(id)).map((r) => r.action)).toEqual(['library.create']);

		// Once published, others may read it but still not change it or move it.
		expect((await c.author.post(`/library/${id}?/submit`, {})).status).toBe(200);
		expect((await c.author.post(`/library/${id}?/publish`, {})).status).toBe(403);
		expect((await c.member.post(`/library/${id}?/publish`, {})).status).toBe(404);
		expect((await c.admin.post(`/library/${id}?/publish`, {})).status).toBe(200);
		const published = await state(id);
		expect(published.status).toBe('published');
		expect((await c.odense.json('PATCH', `/api/v1/cases/${id}`, { title: 'Kapret' })).status).toBe(
			403
		);
		expect(
			(
				await c.odense.post(`/library/${id}/edit?/save`, {
					kind: 'case',
					title: 'Kapret',
					scope: 'public'
				})
			).status
		).toBe(403);
		expect(
			(await c.member.json('PATCH', `/api/v1/cases/${id}`, { title: 'Medlemmets titel' })).status
		).toBe(403);
		expect((await c.member.post(`/library/${id}?/submit`, {})).status).toBe(403);
		expect((await c.odense.post(`/library/${id}?/archive`, {})).status).toBe(403);
		expect((await c.author.post(`/library/${id}?/archive`, {})).status).toBe(403);
		expect((await c.author.post(`/library/${id}?/submit`, {})).status).toBe(409);
		expect(await state(id)).toEqual(published);
		expect((await auditOf(id)).map((r) => r.action)).toEqual([
			'library.create',
			'library.submit',
			'library.publish'
		]);
	});
	it('shows the metadata revisions — when, who and which fields — to those who may edit the entry only', async () => {
		const id = await draft('Revisioner synlige');
		expect(
			(
				await c.author.json('PATCH', `/api/v1/cases/${id}`, {
					title: 'Revisioner synlige for redaktører',
					themes: ['fleksjob']
				})
			).status
		).toBe(200);
		expect(
			(await c.editor.json('PATCH', `/api/v1/cases/${id}`, { flexJobs: 5, sroiRatio: '1:3' }))
				.status
		).toBe(200);
		expect((await c.author.post(`/library/${id}?/submit`, {})).status).toBe(200);

		const res = await c.author.get(`/library/${id}/history`);
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('Ændringer i metadata');
		const rows = [
			...html.matchAll(/<tr class="revision[^"]*" data-action="([^"]+)">([\s\S]*?)<\/tr>/g)
		].map(([, action, inner]) => ({
			action,
			at: /<time datetime="([^"]+)"/.exec(inner)?.[1],
			cells: [...inner.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) =>
				m[1]
					.replace(/<[^>]+>/g, '')
					.replace(/\s+/g, ' ')
					.trim()
			)
		}));
		// Newest first: the submission, the editor's figures, the author's title and theme, creation.
		expect(rows.map((r) => [r.action, r.cells[1], r.cells[2]])).toEqual([
			['submit', 'Anna Forfatter', 'Status: Kladde → Til gennemsyn'],
			['update', 'Erik Redaktør', 'Ændret: Fleksjob, SROI'],
			['update', 'Anna Forfatter', 'Ændret: Titel, Temaer'],
			['create', 'Anna Forfatter', 'Oprettet: Type, Titel, Deling']
		]);
		expect(rows.every((r) => r.at && !Number.isNaN(Date.parse(r.at)))).toBe(true);
		// English labels under /en.
		const en = (await (await c.author.get(`/en/library/${id}/history`)).text()).replace(
			/<[^>]+>/g,
			''
		);
		expect(en).toContain('Metadata changes');
		expect(en).toContain('Changed: Flex jobs, SROI');

		// Those who may not edit the entry do not see its revisions.
		expect((await c.odense.get(`/library/${id}/history`)).status).toBe(404);
		expect((await c.member.get(`/library/${id}/history`)).status).toBe(404);
		expect((await new Client(app.url).get(`/library/${id}/history`)).status).toBe(303);
		expect((await c.admin.get(`/library/${id}/history`)).status).toBe(200);
		expect((await c.admin.post(`/library/${id}?/publish`, {})).status).toBe(200);
		expect((await c.odense.get(`/library/${id}/history`)).status).toBe(404);
		expect((await c.member.get(`/library/${id}/history`)).status).toBe(404);
	});
});
