import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * In `vite dev` the database is opened (and seeded when empty) by the dev server process, the same
 * way server.ts does in production, so the app and realtime modules share one handle.
 */
function videnscenterDev(): Plugin {
	return {
		name: 'videnscenter-dev',
		apply: 'serve',
		async configureServer() {
			const { loadConfig } = await import('./src/lib/server/config');
			const { createDb } = await import('./db/client');
			const { setDatabase } = await import('./db/global');
			const { isEmpty, seed } = await import('./db/seed');
			const config = loadConfig();
			const handle = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).then(
				async (h) => {
					if (await isEmpty(h.db)) await seed(h.db, { demo: config.demo });
					return h;
				}
			);
			setDatabase(handle);
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), videnscenterDev()],
	server: { port: 3000 }
});
