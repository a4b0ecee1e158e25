/**
 * Upgrades keep every row: a database made by the oldest supported migrations, holding data of
 * that time, is migrated to head and read back through today's schema; a failing migration leaves
 * the database exactly as it was. Both backends (DATABASE_URL set: PostgreSQL).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { createDb, migrationsFolder, queryRows, type DbHandle } from './client';
import { documents, memberships, organisations, users } from './schema';
import { freshDatabase, type TestDatabase } from '../tests/helpers/db';

interface Journal {
	entries: { idx: number; tag: string; when: number }[];
}

const head = migrationsFolder();
const journal: Journal = JSON.parse(readFileSync(join(head, 'meta/_journal.json'), 'utf8'));
let scratch: string;

/** A copy of the migrations folder holding only the first `count` migrations (plus `extra`). */
function folderWith(count: number, extra?: { tag: string; sql: string }): string {
	const dir = mkdtempSync(join(scratch, 'migrations-'));
	cpSync(head, dir, { recursive: true });
	const entries = journal.entries.slice(0, count);
	if (extra) {
		entries.push({
			...entries[entries.length - 1],
			idx: entries.length,
			tag: extra.tag,
			when: Date.now()
		});
		writeFileSync(join(dir, `${extra.tag}.sql`), extra.sql);
	}
	writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
	return dir;
}

async function open(db: TestDatabase, dataDir: string, folder: string): Promise<DbHandle> {
	return createDb({ databaseUrl: db.url, dataDir, migrationsFolder: folder, max: 1 });
}

const OLDEST = 2; // 0000_foundation and 0001_documents: the oldest release still upgraded from.

beforeAll(() => {
	scratch = mkdtempSync(join(tmpdir(), 'vc-migrations-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('upgrading from the oldest supported release', { timeout: 90_000 }, () => {
	let db: TestDatabase;
	let dataDir: string;
	beforeAll(async () => {
		db = await freshDatabase();
		dataDir = mkdtempSync(join(scratch, 'data-'));
	});
	afterAll(() => db?.drop());

	it('keeps users, organisations, memberships and documents', async () => {
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'Skrevet i den første udgave.');
		const state = Y.encodeStateAsUpdate(doc);

		const old = await open(db, dataDir, folderWith(OLDEST));
		await old.db.execute(
			sql`insert into municipalities (code, name, official_name, region_code, region_name) values ('621', 'Kolding', 'Kolding Kommune', '1083', 'Region Syddanmark')`
		);
		await old.db.execute(sql`insert into users (id, email, name, password_hash, role, created_at)
			values ('00000000-0000-4000-8000-000000000001', 'gammel@kolding.test', 'Gerda Gammel', 'hash', 'admin', '2025-01-02T03:04:05Z')`);
		await old.db
			.execute(sql`insert into organisations (id, kind, name, slug, municipality_code, status)
			values ('00000000-0000-4000-8000-0000000000aa', 'municipality', 'Kolding Kommune', 'kolding-kommune', '621', 'approved')`);
		await old.db.execute(sql`insert into memberships (user_id, organisation_id, role)
			values ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000aa', 'org_admin')`);
		await old.db.execute(
			sql`insert into documents (id, snapshot) values ('doc-gammel', ${Buffer.from(state)})`
		);
		await old.close();

		const now = await open(db, dataDir, head);
		try {
			const [user] = await now.db
				.select()
				.from(users)
				.where(eq(users.email, 'gammel@kolding.test'));
			expect(user).toMatchObject({ name: 'Gerda Gammel', role: 'admin', passwordHash: 'hash' });
			expect(user.createdAt.toISOString()).toBe('2025-01-02T03:04:05.000Z');
			const [org] = await now.db
				.select()
				.from(organisations)
				.where(eq(organisations.slug, 'kolding-kommune'));
			expect(org).toMatchObject({
				name: 'Kolding Kommune',
				municipalityCode: '621',
				status: 'approved'
			});
			const members = await now.db
				.select()
				.from(memberships)
				.where(eq(memberships.userId, user.id));
			expect(members.map((m) => m.role)).toEqual(['org_admin']);
			const [row] = await now.db.select().from(documents).where(eq(documents.id, 'doc-gammel'));
			const restored = new Y.Doc();
			Y.applyUpdate(restored, new Uint8Array(row.snapshot!));
			expect(restored.getText('t').toString()).toBe('Skrevet i den første udgave.');
			const applied = await queryRows<{ n: number }>(
				now.db,
				sql`select count(*)::int as n from drizzle.__drizzle_migrations`
			);
			expect(applied[0].n).toBe(journal.entries.length);
		} finally {
			await now.close();
		}
	});
});

describe('a migration that fails', { timeout: 90_000 }, () => {
	let db: TestDatabase;
	let dataDir: string;
	beforeAll(async () => {
		db = await freshDatabase();
		dataDir = mkdtempSync(join(scratch, 'data-'));
	});
	afterAll(() => db?.drop());

	it('leaves the database as it was: no new table, no migration recorded', async () => {
		const old = await open(db, dataDir, folderWith(OLDEST));
		await old.close();
		const broken = folderWith(journal.entries.length, {
			tag: '9999_broken',
			sql: 'CREATE TABLE "upgrade_probe" ("id" integer);\n--> statement-breakpoint\nSELECT 1 / 0;'
		});
		await expect(open(db, dataDir, broken)).rejects.toThrow(/SELECT 1 \/ 0/);
		const after = await open(db, dataDir, folderWith(OLDEST));
		try {
			const applied = await queryRows<{ n: number }>(
				after.db,
				sql`select count(*)::int as n from drizzle.__drizzle_migrations`
			);
			expect(applied[0].n).toBe(OLDEST);
			const probe = await queryRows<{ n: number }>(
				after.db,
				sql`select count(*)::int as n from information_schema.tables where table_name in ('upgrade_probe', 'cases')`
			);
			expect(probe[0].n).toBe(0);
		} finally {
			await after.close();
		}
	});
});
