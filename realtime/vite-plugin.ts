import type { Plugin } from 'vite';

/**
 * `vite dev` support: the dev server process opens the database (and seeds it when empty) the way
 * server.ts does in production, so the app and the realtime modules share one handle. Modules are
 * loaded through Vite's own module runner, as the app's are.
 */
export function videnscenterDev(): Plugin {
	return {
		name: 'videnscenter-dev',
		apply: 'serve',
		configureServer(server) {
			server.httpServer?.once('listening', async () => {
				const { loadConfig } = await server.ssrLoadModule('/src/lib/server/config.ts');
				const { createDb } = await server.ssrLoadModule('/db/client.ts');
				const { setDatabase } = await server.ssrLoadModule('/db/global.ts');
				const { isEmpty, seed } = await server.ssrLoadModule('/db/seed/index.ts');
				const config = loadConfig();
				const ready = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).then(
					async (handle: { db: unknown }) => {
						if (await isEmpty(handle.db)) await seed(handle.db, { demo: config.demo });
						return handle;
					}
				);
				setDatabase(ready);
				// The Yjs endpoint on Vite's own HTTP server, as server.ts attaches it in production.
				const { createAppYjs, attachYjs } = await server.ssrLoadModule('/realtime/yjs/index.ts');
				const yjs = createAppYjs(async () => (await ready).db, { origin: config.origin });
				if (server.httpServer) attachYjs(server.httpServer, yjs);
				server.httpServer?.once('close', () => void yjs.close());
				// socket.io (meeting rooms, mentorship conversations, live notices) likewise.
				const { attachSocketIo } = await server.ssrLoadModule('/realtime/socket.ts');
				if (server.httpServer) {
					const io = await attachSocketIo(server.httpServer, {
						db: (await ready).db,
						redisUrl: config.redisUrl
					});
					server.httpServer.once('close', () => void io.close());
				}
			});
		}
	};
}
