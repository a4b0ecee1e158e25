// @ts-check
/**
 * The embedded database's own thread: PGlite (PostgreSQL compiled to WebAssembly) runs every
 * statement synchronously on the thread that calls it, so on the server's main thread each query
 * stalled websocket relays, page requests and timers for its whole duration (a library search on a
 * large install: 100–200 ms). Here it runs beside them. db/pglite-thread.ts is the other end; the
 * messages are:
 *   { id, op: 'query', sql, params, rowMode, raw, tx }  → Results
 *   { id, op: 'exec', sql, tx }                         → Results[]
 *   { id, op: 'begin' }                                 → a transaction id, once BEGIN has run
 *   { id, op: 'end', tx, commit }                       → null, once COMMIT or ROLLBACK has run
 *   { id, op: 'close' }                                 → null, once the database is closed
 * and each answer is { id, ok: true, result } or { id, ok: false, error: { message, name, …fields } }.
 * Plain JavaScript: it needs nothing but PGlite, so it starts without a TypeScript loader.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

if (!parentPort) throw new Error('pglite-worker.mjs runs as a worker thread');
const port = parentPort;

/** @param {unknown} value */
const same = (value) => value;
/**
 * The parsers Drizzle passes with each of its queries (drizzle-orm/pglite): dates, times and
 * intervals, and arrays of them and of numerics, stay the strings PostgreSQL sent. Functions do not
 * cross threads, so the caller sends `raw: true` and they are applied here.
 */
const RAW_PARSERS = {
	[types.TIMESTAMP]: same,
	[types.TIMESTAMPTZ]: same,
	[types.INTERVAL]: same,
	[types.DATE]: same,
	1231: same,
	1115: same,
	1185: same,
	1187: same,
	1182: same
};

/**
 * An error as plain data: its message, name and every field PostgreSQL filled in (code, detail,
 * constraint, …). Other values (the query options PGlite attaches) do not cross threads.
 * @param {unknown} err
 */
function plainError(err) {
	if (!(err instanceof Error)) return { message: String(err), name: 'Error' };
	/** @type {Record<string, unknown>} */
	const out = { message: err.message, name: err.name, stack: err.stack };
	for (const [key, value] of Object.entries(err)) {
		if (['string', 'number', 'boolean'].includes(typeof value)) out[key] = value;
	}
	if (typeof (/** @type {{ query?: unknown }} */ (err).query) === 'string')
		out.query = /** @type {{ query: string }} */ (err).query;
	return out;
}

/** @param {number} id @param {unknown} result */
const answer = (id, result) => port.postMessage({ id, ok: true, result });
/** @param {number} id @param {unknown} err */
const refuse = (id, err) => port.postMessage({ id, ok: false, error: plainError(err) });

/** A request to roll back, not a failure of the transaction. */
class Rollback extends Error {}

/** @type {PGlite} */
let db;
try {
	db = await PGlite.create(workerData.dataDir, {
		extensions: { pg_trgm, btree_gist, unaccent },
		// One connection on a small machine: PostgreSQL's server defaults (128 MB shared buffers, 64 MB
		// maintenance memory) only make the WASM memory grow, and it never shrinks. With these the
		// embedded database holds about 180 MB instead of 300 MB after start (docs/deploy/README.md).
		initialMemory: 128 * 1024 * 1024,
		postgresqlconf: [
			'shared_buffers=16MB',
			'work_mem=2MB',
			'maintenance_work_mem=16MB',
			'temp_buffers=2MB',
			'wal_buffers=512kB'
		]
	});
} catch (err) {
	port.postMessage({ ready: false, error: plainError(err) });
	throw err;
}

/**
 * Open transactions: PGlite's transaction object, and how to end its callback.
 * @type {Map<number, { tx: import('@electric-sql/pglite').Transaction, end(commit: boolean, id: number): void }>}
 */
const open = new Map();
let nextTx = 1;

/** @param {number | undefined} tx */
function target(tx) {
	if (tx === undefined) return db;
	const t = open.get(tx);
	if (!t) throw new Error(`transaction ${tx} is not open`);
	return t.tx;
}

/** @param {number} id */
function begin(id) {
	const txId = nextTx++;
	/** @type {number | null} */
	let endId = null;
	db.transaction(
		(tx) =>
			new Promise((resolve, reject) => {
				open.set(txId, {
					tx,
					end(commit, id) {
						endId = id;
						if (commit) resolve(undefined);
						else reject(new Rollback());
					}
				});
				answer(id, txId);
			})
	).then(
		() => {
			open.delete(txId);
			if (endId !== null) answer(endId, null);
		},
		(err) => {
			open.delete(txId);
			if (endId === null) refuse(id, err);
			else if (err instanceof Rollback) answer(endId, null);
			else refuse(endId, err);
		}
	);
}

port.on(
	'message',
	/** @param {{ id: number, op: string, sql: string, params?: unknown[], rowMode?: 'array' | 'object', raw?: boolean, tx?: number, commit?: boolean }} m */
	async (m) => {
		try {
			switch (m.op) {
				case 'query':
					return answer(
						m.id,
						await target(m.tx).query(m.sql, m.params, {
							rowMode: m.rowMode,
							parsers: m.raw ? RAW_PARSERS : undefined
						})
					);
				case 'exec':
					return answer(m.id, await target(m.tx).exec(m.sql));
				case 'begin':
					return begin(m.id);
				case 'end': {
					const t = open.get(/** @type {number} */ (m.tx));
					if (!t) throw new Error(`transaction ${m.tx} is not open`);
					return t.end(Boolean(m.commit), m.id);
				}
				case 'close':
					await db.close();
					return answer(m.id, null);
				default:
					throw new Error(`unknown operation ${m.op}`);
			}
		} catch (err) {
			refuse(m.id, err);
		}
	}
);

port.postMessage({ ready: true });
