import { createDb } from '../db/client';
import { loadConfig } from '../src/lib/server/config';
import { assertDatabaseFree } from './lock';

const config = loadConfig();
assertDatabaseFree(config);
const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
console.log(`migrations applied on ${handle.driver} (${handle.location})`);
await handle.close();
