import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { PGlite } from '@electric-sql/pglite';
import * as schema from './schema';
import { withCommitScopes } from './after-commit';

export type Schema = typeof schema;
/** The one database type the app, the realtime server and scripts program against. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Driver = 'postgres' | 'pglite';

export interface DbHandle {
	db: Db;
	driver: Driver;
	/** Where the data lives, for logs and /healthz: a host/database or a directory, never a password. */
	location: string;
	close(): Promise<void>;
}

export interface DbOptions {
	/** postgres:// URL; when absent the embedded PGlite is used. */
	databaseUrl?: string;
	/** Directory for the embedded database (`<dataDir>/pglite`), or `memory://` for a throwaway one. */
	dataDir?: string;
	/** Run pending migrations (default true). */
	migrate?: boolean;
	/** Pool size for postgres.js. */
	max?: number;
	/** Migrations to apply (default: db/migrations); tests of upgrades pass a partial copy. */
	migrationsFolder?: string;
}

/** Find db/migrations both from source (tsx, Vitest) and from a bundled copy (cwd is the repo). */
export function migrationsFolder(): string {
	const here = dirname(fileURLToPath(import.meta.url));
	const candidates = [
		resolve(here, 'migrations'),
		resolve(process.cwd(), 'db/migrations'),
		process.env.MIGRATIONS_DIR ?? ''
	];
	const found = candidates.find((dir) => dir && existsSync(resolve(dir, 'meta/_journal.json')));
	if (!found) throw new Error('db/migrations not found (set MIGRATIONS_DIR)');
	return found;
}

/** Arbitrary id for the migration advisory lock, so several processes can start at once. */
const MIGRATION_LOCK = 724_061_017;

export async function createDb(options: DbOptions = {}): Promise<DbHandle> {
	const { databaseUrl, dataDir = './data', migrate = true } = options;
	if (databaseUrl) {
		const { default: postgres } = await import('postgres');
		const { drizzle } = await import('drizzle-orm/postgres-js');
		if (migrate) {
			const { migrate: run } = await import('drizzle-orm/postgres-js/migrator');
			const single = postgres(databaseUrl, { max: 1, onnotice: () => {} });
			try {
				await single`select pg_advisory_lock(${MIGRATION_LOCK})`;
				await run(drizzle(single), {
					migrationsFolder: options.migrationsFolder ?? migrationsFolder()
				});
				await single`select pg_advisory_unlock(${MIGRATION_LOCK})`;
			} finally {
				await single.end();
			}
		}
		const client = postgres(databaseUrl, { max: options.max ?? 10, onnotice: () => {} });
		const db = drizzle(client, { schema }) as unknown as Db;
		const url = new URL(databaseUrl);
		return {
			db: withCommitScopes(db),
			driver: 'postgres',
			location: `${url.hostname}:${url.port || 5432}${url.pathname}`,
			close: () => client.end({ timeout: 5 })
		};
	}

	const { PGliteThread } = await import('./pglite-thread');
	const { drizzle } = await import('drizzle-orm/pglite');
	const memory = dataDir.startsWith('memory://');
	const dir = memory ? dataDir : resolve(dataDir, 'pglite');
	if (!memory) mkdirSync(dir, { recursive: true });
	// PGlite on a thread of its own (db/pglite-thread.ts), so that no statement blocks this one.
	const client = await PGliteThread.create(dir);
	const db = drizzle({ client: client as unknown as PGlite, schema });
	if (migrate) {
		const { migrate: run } = await import('drizzle-orm/pglite/migrator');
		await run(db, { migrationsFolder: options.migrationsFolder ?? migrationsFolder() });
	}
	return {
		db: withCommitScopes(db as unknown as Db),
		driver: 'pglite',
		location: memory ? 'memory' : dir,
		close: () => client.close()
	};
}

/** Rows of a raw `db.execute(sql)`: postgres.js returns an array, PGlite an object with `rows`. */
export async function queryRows<T extends Record<string, unknown>>(
	db: Db,
	query: SQL
): Promise<T[]> {
	const result = (await db.execute(query)) as unknown;
	if (Array.isArray(result)) return result as T[];
	return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export { schema };
