import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../src/lib/server/config';

/**
 * The embedded database can be open in one process only. The server writes its pid beside the data;
 * scripts refuse to run while that process lives.
 */
function lockPath(config: Config): string {
	return resolve(config.dataDir, 'server.pid');
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Exits with one line when the embedded database is in use by a running server. */
export function assertDatabaseFree(config: Config): void {
	if (config.databaseUrl || config.dataDir.startsWith('memory://')) return;
	const file = lockPath(config);
	if (!existsSync(file)) return;
	const pid = Number(readFileSync(file, 'utf8').trim());
	if (pid && pid !== process.pid && alive(pid)) {
		console.error(
			`The embedded database in ${resolve(config.dataDir)} is in use by the running server (pid ${pid}); stop it first.`
		);
		process.exit(1);
	}
}

/** Marks the embedded database as in use by this process; returns a function that releases it. */
export function lockDatabase(config: Config): () => void {
	if (config.databaseUrl || config.dataDir.startsWith('memory://')) return () => {};
	assertDatabaseFree(config);
	mkdirSync(resolve(config.dataDir), { recursive: true });
	const file = lockPath(config);
	writeFileSync(file, String(process.pid));
	return () => rmSync(file, { force: true });
}
