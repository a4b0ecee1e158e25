import { sql } from 'drizzle-orm';
import { createDb, type Db, type DbHandle } from '../../../db/client';
import { getDatabasePromise, setDatabase } from '../../../db/global';
import { config } from './config';

/** The process's database handle; opened on first use unless server.ts opened it already. */
export function database(): Promise<DbHandle> {
	let handle = getDatabasePromise();
	if (!handle) {
		const c = config();
		handle = createDb({ databaseUrl: c.databaseUrl, dataDir: c.dataDir });
		setDatabase(handle);
	}
	return handle;
}

export async function getDb(): Promise<Db> {
	return (await database()).db;
}

/** Asks the database for one row; resolves with the driver and the round trip in milliseconds. */
export async function ping(): Promise<{ driver: DbHandle['driver']; latencyMs: number }> {
	const started = performance.now();
	const handle = await database();
	await handle.db.execute(sql`select 1`);
	return { driver: handle.driver, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
}

export type { Db };
