import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { videnscenterDev } from './realtime/vite-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), videnscenterDev()],
	server: { port: 3000 }
});
