import { existsSync } from 'node:fs';
import { assertServicesWhenRequired } from './services';
import { createTemplate, TEMPLATE_ENV } from './template';

/**
 * Integration and browser tests run against the built server (`npm test` builds it first), each
 * test server starting from the run's migrated and seeded template database (template.ts). Both
 * projects run this; the first makes the template, the second finds it in the environment.
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
	assertServicesWhenRequired();
	const handler = `${process.env.BUILD_DIR ?? 'build'}/handler.js`;
	if (!existsSync(handler)) {
		throw new Error(`${handler} is missing: run \`npm run build\` (npm test does it for you)`);
	}
	if (process.env[TEMPLATE_ENV]) return;
	const template = await createTemplate();
	process.env[TEMPLATE_ENV] = template.location;
	return async () => {
		delete process.env[TEMPLATE_ENV];
		await template.remove();
	};
}
