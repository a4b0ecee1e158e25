import { createTemplate, MIGRATED_ENV } from './template';

/**
 * The unit project's global setup: one migrated, empty database per run (a PostgreSQL template
 * database or a PGlite directory), which every `testDb()` copies instead of migrating its own.
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
	if (process.env[MIGRATED_ENV]) return;
	const template = await createTemplate(true);
	process.env[MIGRATED_ENV] = template.location;
	return async () => {
		delete process.env[MIGRATED_ENV];
		await template.remove();
	};
}
