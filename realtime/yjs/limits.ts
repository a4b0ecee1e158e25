/**
 * Limits and timings of the Yjs endpoint, from the environment (documented in the README):
 * YJS_MAX_MESSAGE_BYTES (1 MiB), YJS_MAX_DOCUMENT_BYTES (20 MiB), YJS_IDLE_UNLOAD_MS (30 s),
 * YJS_COMPACT_EVERY (500 updates), YJS_RENDER_DEBOUNCE_MS (2 s), YJS_RENDER_MAX_WAIT_MS (10 s),
 * YJS_PING_INTERVAL_MS (30 s), YJS_APPEND_CONCURRENCY (2), YJS_SYNCHRONOUS_COMMIT (off) and
 * YJS_TOKEN_LIFETIME_MS (10 min; the token route reads it, validated here so a malformed value
 * stops the process at start).
 */
export interface YjsLimits {
	/** Largest websocket message accepted; a bigger one closes the connection with 1009. */
	maxMessageBytes: number;
	/** Largest document (encoded size, approximately); updates beyond it close with 4413. */
	maxDocumentBytes: number;
	/** A document nobody has open is unloaded from memory after this long. */
	idleUnloadMs: number;
	/** The update log is compacted once it holds this many rows (to half as many; store.ts). */
	compactEvery: number;
	/** The entry's HTML/text are re-rendered this long after the last change… */
	renderDebounceMs: number;
	/** …and at least this often while changes keep coming. */
	renderMaxWaitMs: number;
	/** Interval of websocket pings; a connection that misses one is closed. */
	pingIntervalMs: number;
	/** Batches of update-log appends written at once (each document has at most one in flight). */
	appendConcurrency: number;
	/** Lifetime of a token from POST /api/v1/realtime/token. */
	tokenLifetimeMs: number;
	/**
	 * PostgreSQL only: whether an update-log append waits for its WAL record to reach the disk.
	 * Off, the commit returns once the record is in the PostgreSQL server's memory: the app may be
	 * killed at any moment without losing a relayed update (the server holds it), but a crash of
	 * the PostgreSQL server or the machine within about 0.6 s (3 × wal_writer_delay) of a commit can
	 * lose it. No effect on PGlite, whose WAL lives in the app process (an asynchronous commit there
	 * would not survive kill -9).
	 */
	synchronousCommit: boolean;
}

export const MiB = 1024 * 1024;

function int(env: Record<string, string | undefined>, name: string, fallback: number): number {
	const raw = env[name]?.trim();
	if (!raw) return fallback;
	if (!/^\d+$/.test(raw)) throw new Error(`${name}: expected a whole number, got "${raw}"`);
	return Number(raw);
}

function onOff(env: Record<string, string | undefined>, name: string, fallback: boolean): boolean {
	const raw = env[name]?.trim().toLowerCase();
	if (!raw) return fallback;
	if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
	if (['0', 'false', 'no', 'off'].includes(raw)) return false;
	throw new Error(`${name}: expected on or off, got "${raw}"`);
}

export function limitsFromEnv(env: Record<string, string | undefined> = process.env): YjsLimits {
	return {
		maxMessageBytes: int(env, 'YJS_MAX_MESSAGE_BYTES', MiB),
		maxDocumentBytes: int(env, 'YJS_MAX_DOCUMENT_BYTES', 20 * MiB),
		idleUnloadMs: int(env, 'YJS_IDLE_UNLOAD_MS', 30_000),
		compactEvery: Math.max(1, int(env, 'YJS_COMPACT_EVERY', 500)),
		renderDebounceMs: int(env, 'YJS_RENDER_DEBOUNCE_MS', 2000),
		renderMaxWaitMs: int(env, 'YJS_RENDER_MAX_WAIT_MS', 10_000),
		pingIntervalMs: int(env, 'YJS_PING_INTERVAL_MS', 30_000),
		appendConcurrency: Math.max(1, int(env, 'YJS_APPEND_CONCURRENCY', 2)),
		tokenLifetimeMs: Math.max(1, int(env, 'YJS_TOKEN_LIFETIME_MS', 10 * 60 * 1000)),
		synchronousCommit: onOff(env, 'YJS_SYNCHRONOUS_COMMIT', false)
	};
}

/** Close codes sent to clients (1000–1015 are the standard ones; 4xxx are ours). */
export const CloseCode = {
	/** A text frame: the protocol is binary. */
	unsupportedData: 1003,
	/** A message that does not decode as the y-websocket protocol. */
	malformed: 1007,
	/** A message above maxMessageBytes (sent by ws itself). */
	messageTooBig: 1009,
	/** The update could not be saved; reconnect and the client's state is synced again. */
	internalError: 1011,
	/** Server shutting down or the document being unloaded. */
	goingAway: 1001,
	/** The session the connection was opened with ended (sign-out, expiry, password change). */
	sessionEnded: 4401,
	/** The user's access to the document was withdrawn. */
	revoked: 4403,
	/** The document reached maxDocumentBytes. */
	documentTooLarge: 4413
} as const;
