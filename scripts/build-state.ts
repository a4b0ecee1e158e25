/**
 * Whether the built app (`build/`, or BUILD_DIR) was built from the sources as they are now. The
 * build records a hash of its inputs in `<build>/.inputs`; `npm start` rebuilds only when that
 * hash differs (or there is no build), and the production start (`npm run serve`) never builds.
 *
 *   tsx scripts/build-state.ts --write    after a build: record the inputs' hash
 *   tsx scripts/build-state.ts --ensure   build if stale (npm start does this)
 *   tsx scripts/build-state.ts            print "fresh", "stale" or "missing"; exit 0, 1 or 2
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Files and folders the built app is made from, relative to the project root. */
export const BUILD_INPUTS = [
	'src',
	'messages',
	'static',
	'project.inlang/settings.json',
	'svelte.config.js',
	'vite.config.ts',
	'tsconfig.json',
	'package-lock.json'
];

/** Generated during the build itself; not an input. */
const SKIP = new Set(['src/lib/paraglide']);

function files(root: string, path: string): string[] {
	const full = join(root, path);
	if (!existsSync(full) || SKIP.has(path)) return [];
	if (!statSync(full).isDirectory()) return [path];
	return readdirSync(full)
		.sort()
		.flatMap((name) => files(root, join(path, name)));
}

/** SHA-256 over every input file's path and bytes, in a fixed order. */
export function inputsHash(root: string): string {
	const hash = createHash('sha256');
	for (const file of BUILD_INPUTS.flatMap((p) => files(root, p))) {
		hash.update(relative(root, join(root, file)));
		hash.update('\0');
		hash.update(readFileSync(join(root, file)));
		hash.update('\0');
	}
	return hash.digest('hex');
}

export type BuildState = 'fresh' | 'stale' | 'missing';

export function buildDir(root: string): string {
	return resolve(root, process.env.BUILD_DIR ?? 'build');
}

export function buildState(root: string): BuildState {
	const dir = buildDir(root);
	if (!existsSync(join(dir, 'handler.js'))) return 'missing';
	const stamp = join(dir, '.inputs');
	if (!existsSync(stamp)) return 'stale';
	return readFileSync(stamp, 'utf8').trim() === inputsHash(root) ? 'fresh' : 'stale';
}

/** The commit the sources are at, when they are a git checkout. */
function commitOf(root: string): string | null {
	const git = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' });
	if (git.status !== 0) return null;
	const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], {
		cwd: root,
		encoding: 'utf8'
	});
	return `${git.stdout.trim()}${dirty.stdout.trim() ? '+changes' : ''}`;
}

/** Records the inputs' hash, and what was built (shown on /admin/system). */
export function writeStamp(root: string): void {
	writeFileSync(join(buildDir(root), '.inputs'), `${inputsHash(root)}\n`);
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
	writeFileSync(
		join(buildDir(root), 'version.json'),
		`${JSON.stringify({ version: pkg.version, commit: commitOf(root), builtAt: new Date().toISOString() })}\n`
	);
}

function main(): void {
	const root = process.cwd();
	const mode = process.argv[2];
	if (mode === '--write') return writeStamp(root);
	const state = buildState(root);
	if (mode === '--ensure') {
		if (state === 'fresh') {
			console.log('The build is up to date; starting it.');
			return;
		}
		console.log(state === 'missing' ? 'No build yet: building.' : 'Sources changed: rebuilding.');
		const run = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
		process.exit(run.status ?? 1);
	}
	console.log(state);
	process.exit({ fresh: 0, stale: 1, missing: 2 }[state]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
