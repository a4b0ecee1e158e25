import { createDb } from '../../db/client';
import { seed } from '.';
import { loadConfig } from '../../src/lib/server/config';
import { assertDatabaseFree } from '../lock';

const config = loadConfig();
assertDatabaseFree(config);
const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const report = await seed(handle.db, { demo: config.demo });
console.log(
	`seeded ${handle.driver} (${handle.location}): ${report.municipalities} municipalities, ${report.organisations} organisations, ${report.users} users${config.demo ? ' (demo mode)' : ''}`
);
await handle.close();
