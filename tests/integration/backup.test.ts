/**
 * Backup and restore through the operator commands, on the backend in use: a library entry with an
 * attachment, a co-written document with a named version, then `admin backup`, `admin restore`
 * into a fresh install, and every table and attachment file compared byte for byte.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, queryRows } from '../../db/client';
import { sql } from 'drizzle-orm';
import { fileHashes } from '../../scripts/backup';
import { freshDatabase, type TestDatabase } from '../helpers/db';
import { Client } from '../helpers/http';
import { runAdmin, startApp, type TestApp } from '../helpers/server';
import { addParagraph, connect, synced, until } from '../helpers/yjs';

const PW = 'backup-test-password-1';
const editor = {
	email: 'redaktor@backup.test',
	password: PW,
	name: 'Rikke Redaktør',
	org: 'Kolding Kommune',
	role: 'editor'
};

let app: TestApp;
let work: string;
const extra: TestDatabase[] = [];

beforeAll(async () => {
	app = await startApp({ users: [editor] });
	work = mkdtempSync(join(tmpdir(), 'vc-backup-'));
}, 300_000);
afterAll(async () => {
	await app?.stop();
	for (const d of extra) await d.drop();
	rmSync(work, { recursive: true, force: true });
});

/** Row count and a hash of every row, per table, read through the project's own driver. */
async function tableHashes(env: Record<string, string>): Promise<Record<string, string>> {
	const handle = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, max: 1 });
	try {
		const tables = await queryRows<{ name: string }>(
			handle.db,
			sql`select table_name as name from information_schema.tables
				where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`
		);
		const out: Record<string, string> = {};
		for (const { name } of tables) {
			const [row] = await queryRows<{ n: number; h: string | null }>(
				handle.db,
				sql.raw(
					`select count(*)::int as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as h from "${name}" t`
				)
			);
			out[name] = `${row.n}:${row.h}`;
		}
		return out;
	} finally {
		await handle.close();
	}
}

describe('admin backup and restore', { timeout: 180_000 }, () => {
	it('brings back every row and every attachment byte for byte in a fresh install', async () => {
		const client = new Client(app.url);
		await client.signIn(editor.email, PW);
		const created = await client.json('POST', '/api/v1/cases', {
			kind: 'method_note',
			title: 'Notat til sikkerhedskopi'
		});
		expect(created.status).toBe(201);
		const { id } = (await created.json()) as { id: string };

		const pdf = new Uint8Array(64 * 1024);
		pdf.set([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37]);
		for (let i = 8; i < pdf.length; i++) pdf[i] = (i * 17) % 253;
		const form = new FormData();
		form.append('attachment', new Blob([pdf], { type: 'application/pdf' }), 'bilag.pdf');
		const attached = await client.postMultipart(`/library/${id}/edit?/attach`, form);
		expect(attached.status).toBe(200);

		const peer = connect(app.url, id, { client });
		await synced(peer);
		addParagraph(peer.doc, 'Tekst skrevet før sikkerhedskopien.');
		await until(
			async () => (await (await client.get(`/library/${id}`)).text()).includes('Tekst skrevet før'),
			'the edit to be saved',
			20_000
		);
		const version = await client.post(`/library/${id}/history?/save`, { name: 'Før backup' });
		expect(version.status).toBe(200);
		peer.destroy();

		await app.halt();
		const source = await tableHashes(app.env);
		const sourceFiles = fileHashes(join(app.env.DATA_DIR, 'attachments'));
		expect(Object.keys(sourceFiles).length).toBeGreaterThan(0);
		expect(source.documents).not.toMatch(/^0:/);

		const file = join(work, 'videnscenter.tar.gz');
		const made = runAdmin(app.env, ['backup', '--out', file]);
		expect(made.stderr).toBe('');
		expect(made.status).toBe(0);

		const target: Record<string, string> = { DATA_DIR: mkdtempSync(join(work, 'restored-')) };
		if (app.env.DATABASE_URL) {
			const db = await freshDatabase();
			extra.push(db);
			target.DATABASE_URL = db.url!;
		}
		const restored = runAdmin(target, ['restore', '--in', file]);
		expect(restored.stderr).toBe('');
		expect(restored.status).toBe(0);

		expect(await tableHashes(target)).toEqual(source);
		expect(fileHashes(join(target.DATA_DIR, 'attachments'))).toEqual(sourceFiles);

		// Restoring over a database that is there already needs --force (embedded).
		if (!app.env.DATABASE_URL) {
			const again = runAdmin(target, ['restore', '--in', file]);
			expect(again.status).toBe(2);
			expect(again.stderr).toContain('already holds a database; add --force');
		}
		await app.restart();
	});

	it('refuses a file that is not a backup, with one line', () => {
		const bogus = join(work, 'bogus.tar.gz');
		const made = runAdmin({ DATA_DIR: work }, ['restore', '--in', bogus]);
		expect(made.status).toBe(2);
		expect(made.stderr).toContain(`--in: ${bogus} not found`);
	});
});
