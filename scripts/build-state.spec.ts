import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildState, inputsHash, writeStamp } from './build-state';

let root: string;
beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'build-state-'));
	mkdirSync(join(root, 'src/lib/paraglide'), { recursive: true });
	writeFileSync(join(root, 'src/app.html'), '<html></html>');
	writeFileSync(join(root, 'package-lock.json'), '{}');
	writeFileSync(join(root, 'package.json'), '{"version":"1.2.3"}');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const build = () => {
	mkdirSync(join(root, 'build'), { recursive: true });
	writeFileSync(join(root, 'build/handler.js'), 'export const handler = () => {};');
};

describe('build state', () => {
	it('is missing without a build, stale without a stamp, fresh after one', () => {
		expect(buildState(root)).toBe('missing');
		build();
		expect(buildState(root)).toBe('stale');
		writeStamp(root);
		expect(buildState(root)).toBe('fresh');
	});

	it('goes stale when a source file or the lockfile changes, or a file is added', () => {
		build();
		writeStamp(root);
		writeFileSync(join(root, 'src/app.html'), '<html lang="da"></html>');
		expect(buildState(root)).toBe('stale');
		writeStamp(root);
		writeFileSync(join(root, 'package-lock.json'), '{"v":2}');
		expect(buildState(root)).toBe('stale');
		writeStamp(root);
		writeFileSync(join(root, 'src/new.ts'), 'export {}');
		expect(buildState(root)).toBe('stale');
	});

	it('ignores what the build generates itself and files outside the inputs', () => {
		build();
		writeStamp(root);
		const before = inputsHash(root);
		writeFileSync(join(root, 'src/lib/paraglide/messages.js'), 'export {}');
		writeFileSync(join(root, 'README.md'), '# x');
		expect(inputsHash(root)).toBe(before);
		expect(buildState(root)).toBe('fresh');
	});
});
