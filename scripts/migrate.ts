import { createDb } from '../db/client';
import { loadConfig } from '../src/lib/server/config';
import { assertDatabaseFree } from './lock';

const config = loadConfig();
assertDatabaseFree(config);
let handle;
try {
	handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
} catch (err) {
	// Pending migrations run in one transaction: a failure leaves the database as it was.
	const cause = (err as { cause?: Error }).cause?.message ?? (err as Error).message;
	console.error(`Migration failed, nothing was changed: ${cause.split('\n')[0]}`);
	process.exit(1);
}
console.log(`migrations applied on ${handle.driver} (${handle.location})`);
await handle.close();
