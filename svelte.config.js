import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		runes: true
	},
	kit: {
		// Separate output folders let several builds run side by side (KIT_OUT_DIR, BUILD_DIR).
		outDir: process.env.KIT_OUT_DIR ?? '.svelte-kit',
		adapter: adapter({ out: process.env.BUILD_DIR ?? 'build' }),
		alias: {
			$db: './db'
		},
		typescript: {
			config(tsconfig) {
				tsconfig.include.push(
					'../db/**/*.ts',
					'../realtime/**/*.ts',
					'../scripts/**/*.ts',
					'../tests/**/*.ts',
					'../bench/**/*.ts',
					'../server.ts',
					'../vitest.config.ts'
				);
				return tsconfig;
			}
		},
		csrf: {
			// Form posts are checked against ORIGIN; the open-data API is read-only for other origins.
			trustedOrigins: []
		}
	}
};

export default config;
