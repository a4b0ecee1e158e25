import { existsSync } from 'node:fs';
import { assertServicesWhenRequired } from './services';

/** Integration and browser tests run against the built server: `npm test` builds it first. */
export default function setup(): void {
	assertServicesWhenRequired();
	const handler = `${process.env.BUILD_DIR ?? 'build'}/handler.js`;
	if (!existsSync(handler)) {
		throw new Error(`${handler} is missing: run \`npm run build\` (npm test does it for you)`);
	}
}
