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

export type { Db };
