/**
 * The embedded PGlite on a worker thread of its own (db/pglite-worker.mjs), behind the small part of
 * PGlite's interface that Drizzle's PGlite driver and the update-log appends use: `query`, `exec`,
 * `transaction` and `close`. Each statement costs this thread a message each way instead of the
 * statement's whole run, so websocket relays, pages and timers go on while the database works.
 *
 * Semantics are PGlite's own: statements run one at a time in arrival order, and while a
 * transaction is open every statement outside it waits. Errors arrive as Error objects carrying
 * PostgreSQL's fields (`code`, `constraint`, `detail`, …), as PGlite's do.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Results<T = Record<string, unknown>> {
	rows: T[];
	fields: { name: string; dataTypeID: number }[];
	affectedRows?: number;
}

export interface QueryOptions {
	rowMode?: 'array' | 'object';
	/** Type parsers. Only Drizzle's set (dates and intervals as strings) crosses the thread. */
	parsers?: Record<number, unknown>;
}

export interface ThreadTransaction {
	query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
	exec(sql: string): Promise<Results[]>;
	rollback(): Promise<void>;
	readonly closed: boolean;
}

type Request =
	| { op: 'query'; sql: string; params?: unknown[]; rowMode?: string; raw?: boolean; tx?: number }
	| { op: 'exec'; sql: string; tx?: number }
	| { op: 'begin' }
	| { op: 'end'; tx: number; commit: boolean }
	| { op: 'close' };

interface Answer {
	id: number;
	ok: boolean;
	result?: unknown;
	error?: Record<string, unknown> & { message: string; name?: string };
}

/** db/pglite-worker.mjs beside this file (source) or under the working directory (bundled app). */
function workerFile(): string {
	const here = dirname(fileURLToPath(import.meta.url));
	const candidates = [
		resolve(here, 'pglite-worker.mjs'),
		resolve(process.cwd(), 'db/pglite-worker.mjs')
	];
	const found = candidates.find((file) => existsSync(file));
	if (!found) throw new Error('db/pglite-worker.mjs not found');
	return found;
}

function rebuild(error: NonNullable<Answer['error']>): Error {
	const err = new Error(error.message);
	const { message: _message, stack: _stack, ...fields } = error;
	Object.assign(err, fields);
	return err;
}

export class PGliteThread {
	private nextId = 1;
	private readonly pending = new Map<
		number,
		{ resolve(v: unknown): void; reject(e: Error): void }
	>();
	private stopped: Error | null = null;

	private constructor(private readonly worker: Worker) {
		worker.on('message', (m: Answer) => {
			const p = this.pending.get(m.id);
			if (!p) return;
			this.pending.delete(m.id);
			if (m.ok) p.resolve(m.result);
			else p.reject(rebuild(m.error ?? { message: 'unknown database error' }));
		});
		const stop = (err: Error) => {
			this.stopped ??= err;
			for (const [id, p] of this.pending) {
				this.pending.delete(id);
				p.reject(this.stopped);
			}
		};
		worker.on('error', (err) => stop(new Error(`database thread failed: ${err.message}`)));
		worker.on('exit', (code) => stop(new Error(`database thread stopped (exit code ${code})`)));
	}

	/** Starts the thread and opens the database (`memory://` or a directory). */
	static async create(dataDir: string): Promise<PGliteThread> {
		const worker = new Worker(workerFile(), { workerData: { dataDir } });
		await new Promise<void>((resolve, reject) => {
			const onMessage = (m: { ready?: boolean; error?: Answer['error'] }) => {
				if (m.ready === undefined) return;
				worker.off('message', onMessage);
				worker.off('error', reject);
				if (m.ready) resolve();
				else reject(rebuild(m.error ?? { message: 'could not open the database' }));
			};
			worker.on('message', onMessage);
			worker.once('error', reject);
		});
		return new PGliteThread(worker);
	}

	private call<T>(request: Request): Promise<T> {
		if (this.stopped) return Promise.reject(this.stopped);
		const id = this.nextId++;
		return new Promise<T>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
			this.worker.postMessage({ ...request, id });
		});
	}

	query<T>(sql: string, params?: unknown[], options?: QueryOptions, tx?: number) {
		return this.call<Results<T>>({
			op: 'query',
			sql,
			params,
			rowMode: options?.rowMode,
			raw: options?.parsers !== undefined,
			tx
		});
	}

	exec(sql: string, tx?: number): Promise<Results[]> {
		return this.call<Results[]>({ op: 'exec', sql, tx });
	}

	/**
	 * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws (or calls
	 * `rollback`), as PGlite's own `transaction` does.
	 */
	async transaction<T>(fn: (tx: ThreadTransaction) => Promise<T>): Promise<T> {
		const txId = await this.call<number>({ op: 'begin' });
		let closed = false;
		const check = () => {
			if (closed) throw new Error('Transaction is closed');
		};
		const tx: ThreadTransaction = {
			query: async (sql, params, options) => (check(), this.query(sql, params, options, txId)),
			exec: async (sql) => (check(), this.exec(sql, txId)),
			rollback: async () => {
				check();
				closed = true;
				await this.call({ op: 'end', tx: txId, commit: false });
			},
			get closed() {
				return closed;
			}
		};
		let result: T;
		try {
			result = await fn(tx);
		} catch (err) {
			if (!closed) {
				closed = true;
				await this.call({ op: 'end', tx: txId, commit: false }).catch(() => {});
			}
			throw err;
		}
		if (!closed) {
			closed = true;
			await this.call({ op: 'end', tx: txId, commit: true });
		}
		return result;
	}

	async close(): Promise<void> {
		if (this.stopped) return;
		await this.call({ op: 'close' });
		await this.worker.terminate();
	}
}
