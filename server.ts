import { ConfigError, loadConfig } from './src/lib/server/config';
import { log } from './src/lib/server/log';
import { startServer } from './realtime/server';

let config;
try {
	config = loadConfig();
} catch (err) {
	if (err instanceof ConfigError) {
		console.error(`Configuration error: ${err.message}`);
		process.exit(1);
	}
	throw err;
}
if (config.origin && !process.env.ORIGIN) process.env.ORIGIN = config.origin;

let running;
try {
	running = await startServer(config);
} catch (err) {
	// No build yet, or the database cannot be opened: one line for the operator, details in the log.
	log.error({ err }, 'start failed');
	console.error(`Cannot start: ${(err as Error).message}`);
	process.exit(1);
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.once(signal, async () => {
		log.info({ signal }, 'shutting down');
		await running.close();
		process.exit(0);
	});
}
