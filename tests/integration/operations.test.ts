/**
 * The operator's views through the built server: /admin/system for admins only, with figures that
 * match the database and the process, and /metrics with every metric documented.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http';
import { startApp, type TestApp } from '../helpers/server';
import { connect, synced } from '../helpers/yjs';

const PW = 'operations-test-password';
const admin = {
	email: 'drift@ops.test',
	password: PW,
	name: 'Dorte Drift',
	admin: true,
	org: 'Kolding Kommune',
	role: 'editor'
};
const member = { email: 'bruger@ops.test', password: PW, name: 'Bo Bruger' };

let app: TestApp;
beforeAll(async () => {
	app = await startApp({ users: [admin, member] });
}, 240_000);
afterAll(() => app?.stop());

const text = (html: string, id: string) =>
	new RegExp(`data-testid="${id}"[^>]*>\\s*([^<]+?)\\s*<`).exec(html)?.[1];

describe('/admin/system', () => {
	it('is for platform admins only', async () => {
		const client = new Client(app.url);
		await client.signIn(member.email, PW);
		expect((await client.get('/admin/system')).status).toBe(403);
		expect((await new Client(app.url).get('/admin/system')).status).toBe(303);
	});

	it('shows the migrations applied, the documents loaded and the build that runs', async () => {
		const client = new Client(app.url);
		await client.signIn(admin.email, PW);
		const journal = JSON.parse(readFileSync('db/migrations/meta/_journal.json', 'utf8')) as {
			entries: unknown[];
		};
		const before = await (await client.get('/admin/system')).text();
		expect(text(before, 'migrations')).toBe(String(journal.entries.length));
		expect(text(before, 'documents')).toBe('0');
		const version = JSON.parse(readFileSync('build/version.json', 'utf8')) as { commit: string };
		if (version.commit) expect(before).toContain(version.commit);

		const created = await client.json('POST', '/api/v1/cases', { kind: 'case', title: 'Drift' });
		expect(created.status).toBe(201);
		const { id } = (await created.json()) as { id: string };
		const peer = connect(app.url, id, { client });
		await synced(peer);
		const during = await (await client.get('/admin/system')).text();
		expect(text(during, 'documents')).toBe('1');
		peer.destroy();
		expect(text(during, 'db-size')).toMatch(/\d/);
		// Every periodic job of the process is listed, the cleanups of sessions and attempts too.
		for (const job of [
			'Mentorforløb: udløb og påmindelser',
			'Log-ind-sessioner: udløbne fjernes',
			'Log-ind-forsøg: gamle fjernes'
		])
			expect(during).toContain(job);
	});
});

describe('/metrics', () => {
	it('documents every metric it exports', async () => {
		const body = await (await fetch(`${app.url}/metrics`)).text();
		const names = [...body.matchAll(/^# HELP (\S+)/gm)].map((m) => m[1]);
		expect(names.length).toBeGreaterThan(20);
		const doc = readFileSync('docs/deploy/metrics.md', 'utf8');
		const missing = names.filter((n) => !doc.includes(`\`${n}\``));
		expect(missing).toEqual([]);
	});
});
