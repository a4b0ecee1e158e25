/**
 * A migrated and seeded database made once per test run, which every test server then starts
 * from: a PostgreSQL template database (`create database … template …`) or a copy of a PGlite
 * data directory. Migrating and seeding an empty database took 5–7 s of CPU per test server on
 * PGlite (2–3 s on PostgreSQL); copying takes a fraction of a second. The server still runs its
 * migrations on start (none are pending) and seeds only an empty database, so what a test sees is
 * what a fresh install has (without demo data: a test that asks for demo data starts empty).
 *
 * The global setup makes it and passes its location in VC_TEST_TEMPLATE to the test workers it
 * starts afterwards; without it (the bench, a single file run by hand) servers start empty.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { databaseUrl } from './services';

export const TEMPLATE_ENV = 'VC_TEST_TEMPLATE';
/** A migrated but empty database for the unit tests' `testDb()` (no seed: specs make their rows). */
export const MIGRATED_ENV = 'VC_TEST_MIGRATED';

/**
 * Migrates and seeds with the operator's command, in a process of its own: the global setup's
 * module graph is Vite's, where the seed's editor libraries would load a second copy of Yjs.
 */
function seedWith(env: Record<string, string>, script = 'scripts/seed/run.ts'): void {
	const result = spawnSync(process.execPath, ['--import', 'tsx', script], {
		cwd: process.cwd(),
		env: { ...process.env, DEMO: '0', LOG_LEVEL: 'warn', ...env },
		encoding: 'utf8'
	});
	if (result.status !== 0) {
		throw new Error(`seeding the test template failed: ${result.stderr || result.stdout}`);
	}
}

/** Where the run's template is: a database name (PostgreSQL) or a PGlite directory. */
export function templateLocation(): string | undefined {
	return process.env[TEMPLATE_ENV] || undefined;
}

/**
 * Makes the template: its location, and how to remove it at the end of the run. `migratedOnly`
 * makes the unit tests' one: migrations applied, no seed.
 */
export async function createTemplate(
	migratedOnly = false
): Promise<{ location: string; remove(): Promise<void> }> {
	const script = migratedOnly ? 'scripts/migrate.ts' : 'scripts/seed/run.ts';
	if (databaseUrl) {
		const name = `vc_template_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
		const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
		try {
			await admin.unsafe(`create database "${name}"`);
		} finally {
			await admin.end();
		}
		const url = new URL(databaseUrl);
		url.pathname = `/${name}`;
		const remove = async () => {
			const sql = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
			try {
				await sql.unsafe(`drop database if exists "${name}" with (force)`);
			} finally {
				await sql.end();
			}
		};
		try {
			seedWith({ DATABASE_URL: url.toString() }, script);
		} catch (err) {
			await remove();
			throw err;
		}
		return { location: name, remove };
	}
	const dataDir = mkdtempSync(join(tmpdir(), 'vc-template-'));
	const remove = async () => rmSync(dataDir, { recursive: true, force: true });
	try {
		seedWith({ DATA_DIR: dataDir }, script);
	} catch (err) {
		await remove();
		throw err;
	}
	return { location: join(dataDir, 'pglite'), remove };
}
