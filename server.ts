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

const running = await startServer(config);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.once(signal, async () => {
		log.info({ signal }, 'shutting down');
		await running.close();
		process.exit(0);
	});
}
