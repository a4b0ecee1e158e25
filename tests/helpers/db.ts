import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { createDb, type DbHandle } from '../../db/client';
import { databaseUrl } from './services';
import { MIGRATED_ENV, templateLocation } from './template';

export interface TestDatabase {
	/** postgres:// URL of a fresh database, or undefined on the embedded path. */
	url: string | undefined;
	/** Drops the database (PostgreSQL); nothing to do on PGlite. */
	drop(): Promise<void>;
}

/**
 * A fresh PostgreSQL database on the server in DATABASE_URL, one per test file, so files run in
 * parallel without seeing each other's rows: a copy of the run's seeded template (template.ts) when
 * `seeded` and there is one, else empty. Without DATABASE_URL: undefined (use PGlite).
 */
export async function freshDatabase(
	seeded = false,
	template = seeded ? templateLocation() : undefined
): Promise<TestDatabase> {
	if (!databaseUrl) return { url: undefined, drop: async () => {} };
	const name = `vc_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
	const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
	try {
		await admin.unsafe(`create database "${name}"${template ? ` template "${template}"` : ''}`);
	} finally {
		await admin.end();
	}
	const url = new URL(databaseUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		drop: async () => {
			const sql = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
			await sql.unsafe(`drop database if exists "${name}" with (force)`);
			await sql.end();
		}
	};
}

/**
 * A migrated, empty database handle for tests that call server modules directly: a copy of the
 * run's migrated template when the unit project's global setup made one (a copy opens in a
 * fraction of the time migrating a new database takes), else a new database migrated here.
 */
export async function testDb(): Promise<DbHandle & { drop(): Promise<void> }> {
	const migrated = process.env[MIGRATED_ENV] || undefined;
	const fresh = await freshDatabase(false, migrated);
	let dataDir = 'memory://';
	let copy: string | undefined;
	if (!fresh.url && migrated) {
		copy = mkdtempSync(join(tmpdir(), 'vc-unit-'));
		cpSync(migrated, join(copy, 'pglite'), { recursive: true });
		dataDir = copy;
	}
	const handle = await createDb({ databaseUrl: fresh.url, dataDir, max: 4 });
	return {
		...handle,
		drop: async () => {
			await handle.close();
			await fresh.drop();
			if (copy) rmSync(copy, { recursive: true, force: true });
		}
	};
}
