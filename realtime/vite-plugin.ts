import type { Plugin } from 'vite';

/**
 * `vite dev` support: the dev server process opens the database (and seeds it when empty) the way
 * server.ts does in production, then wires the same runtime through the one composition root
 * (realtime/compose.ts): mailer, Yjs with its append path and fan-out, socket.io, live sessions,
 * metrics and the periodic jobs. Modules are loaded through Vite's own module runner, as the app's
 * are, so both share one copy of each.
 */
export function videnscenterDev(): Plugin {
	return {
		name: 'videnscenter-dev',
		apply: 'serve',
		configureServer(server) {
			server.middlewares.use(async (req, res, next) => {
				if (req.url !== '/metrics' && !req.url?.startsWith('/metrics?')) return next();
				const { serveMetrics } = await server.ssrLoadModule('/realtime/metrics.ts');
				if (!serveMetrics(req, res)) next();
			});
			server.httpServer?.once('listening', async () => {
				const httpServer = server.httpServer as import('node:http').Server | null;
				if (!httpServer) return;
				const { loadConfig } = await server.ssrLoadModule('/src/lib/server/config.ts');
				const { createDb } = await server.ssrLoadModule('/db/client.ts');
				const { setDatabase } = await server.ssrLoadModule('/db/global.ts');
				const { isEmpty, seed } = await server.ssrLoadModule('/scripts/seed/index.ts');
				const { compose } = await server.ssrLoadModule('/realtime/compose.ts');
				const config = loadConfig();
				const ready = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).then(
					async (handle: { db: unknown }) => {
						if (await isEmpty(handle.db)) await seed(handle.db, { demo: config.demo });
						return handle;
					}
				);
				setDatabase(ready);
				// Vite's HMR socket shares this server's upgrades, so other paths are not refused here.
				const runtime = await compose(httpServer, await ready, config, {
					exclusiveUpgrades: false
				});
				httpServer.once('close', () => void runtime.close());
			});
		}
	};
}
