import type { DbHandle } from './client';

/**
 * The process-wide database. server.ts (or the dev Vite plugin) opens it once; the bundled SvelteKit
 * app and the realtime servers read it from here, so an embedded PGlite directory is never opened twice.
 */
const KEY = Symbol.for('videnscenter.db');

type Holder = { [KEY]?: Promise<DbHandle> };

export function setDatabase(handle: Promise<DbHandle> | DbHandle): void {
	(globalThis as Holder)[KEY] = Promise.resolve(handle);
}

export function getDatabasePromise(): Promise<DbHandle> | undefined {
	return (globalThis as Holder)[KEY];
}

export function clearDatabase(): void {
	delete (globalThis as Holder)[KEY];
}
