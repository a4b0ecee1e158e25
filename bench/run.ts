/** `npm run bench -- <name> [args]` runs bench/<name>.ts. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
	console.error('usage: npm run bench -- <name> [args]');
	process.exit(2);
}
const file = resolve('bench', `${name}.ts`);
if (!existsSync(file)) {
	console.error(`no benchmark bench/${name}.ts`);
	process.exit(2);
}
process.argv.splice(2, 1);
await import(pathToFileURL(file).href);
