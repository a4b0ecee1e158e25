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
		// Scripts only from our origin, each inline one with the response's nonce (SvelteKit adds it).
		// Inline styles stay allowed: server-rendered `style:` directives and transitions need them.
		// Body images may come from any https (or http) address; nothing may frame the site.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:', 'https:', 'http:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self', 'blob:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		csrf: {
			// Form posts are checked against ORIGIN; the open-data API is read-only for other origins.
			trustedOrigins: []
		}
	}
};

export default config;
