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

/** The process exits this long after SIGTERM/SIGINT at the latest, whatever is still open. */
const EXIT_DEADLINE_MS = 9000;

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.once(signal, async () => {
		log.info({ signal }, 'shutting down');
		setTimeout(() => {
			log.warn({ signal }, 'shutdown took too long; exiting');
			process.exit(1);
		}, EXIT_DEADLINE_MS).unref();
		try {
			await running.close();
		} catch (err) {
			log.error({ err }, 'shutdown failed');
			process.exit(1);
		}
		process.exit(0);
	});
}
