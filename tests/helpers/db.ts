import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDb, type DbHandle } from '../../db/client';
import { databaseUrl } from './services';
import { templateLocation } from './template';

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
export async function freshDatabase(seeded = false): Promise<TestDatabase> {
	if (!databaseUrl) return { url: undefined, drop: async () => {} };
	const name = `vc_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
	const template = seeded ? templateLocation() : undefined;
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

/** A migrated database handle for tests that call server modules directly. */
export async function testDb(): Promise<DbHandle & { drop(): Promise<void> }> {
	const fresh = await freshDatabase();
	const handle = await createDb({ databaseUrl: fresh.url, dataDir: 'memory://', max: 4 });
	return {
		...handle,
		drop: async () => {
			await handle.close();
			await fresh.drop();
		}
	};
}
