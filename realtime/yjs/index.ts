/**
 * Wires the Yjs endpoint to the app's database: persistence in the documents store, access from
 * the library, rendering of the entry's HTML/text, and the hub the app's routes call.
 */
import type { Server } from 'node:http';
import * as Y from 'yjs';
import type { Db } from '../../db/client';
import { log } from '../../src/lib/server/log';
import {
	compact,
	ensureDocument,
	loadState,
	scrubHistory,
	upgradeHistory,
	logLength
} from '../../src/lib/server/documents/store';
import { documentUpdates } from '../../db/schema';
import { renderEntry } from '../../src/lib/server/documents/render';
import { setRealtimeHub } from '../../src/lib/server/documents/hub';
import { authenticator, reauthorizer } from './auth';
import { appendBatcher, type AppendRows } from './batch';
import { createYjsEndpoint, type YjsEndpoint } from './endpoint';
import { limitsFromEnv, type YjsLimits } from './limits';
import type { YjsFanout } from './fanout';
import { persistSeconds } from '../metrics';
import { inlineJobs, workerJobs, type DocumentJobs } from './jobs';
import { CloseCode } from './limits';
import { close as closeConnection } from './shared-doc';
import type { SessionRegistry } from '../sessions';

/**
 * Update-log appends on connections of their own with synchronous_commit off (YJS_SYNCHRONOUS_COMMIT,
 * see limits.ts): the commit no longer waits for a disk flush, which is most of an append's
 * latency on PostgreSQL. One round trip per batch, as before.
 */
export async function asyncCommitAppends(
	databaseUrl: string
): Promise<{ write: AppendRows; close(): Promise<void> }> {
	const { default: postgres } = await import('postgres');
	const client = postgres(databaseUrl, {
		max: limitsFromEnv().appendConcurrency,
		onnotice: () => {},
		connection: { synchronous_commit: 'off' }
	});
	// postgres.js learns the array types (bytea[] for the parameter below) when it first connects;
	// a statement built before that would send a plain bytea and fail.
	await client`select 1`;
	return {
		// One fixed statement with two array parameters, whatever the batch size: postgres.js
		// prepares it once per connection, so PostgreSQL parses and plans it once, not per batch.
		async write(rows) {
			const ids = rows.map((r) => r.documentId);
			// 17: bytea, so that postgres.js sends a bytea[] (an array of Buffers alone it does not).
			const updates = client.array(
				rows.map((r) => Buffer.from(r.update.buffer, r.update.byteOffset, r.update.length)),
				17
			);
			await client`insert into document_updates (document_id, update) select * from unnest(${ids}::text[], ${updates}::bytea[])`;
		},
		close: () => client.end({ timeout: 5 })
	};
}

/**
 * Update-log appends on embedded PGlite, straight to its client as one simple-protocol statement
 * with the values written out: ids are quoted literals, updates hex bytea literals (both built here
 * from bytes and validated ids, never from free text). PGlite runs each statement on this thread, so
 * its cost is time nobody's keystroke is relayed: this form takes ~0.07 ms for a row where the
 * extended protocol with parameters took 0.2–0.4 ms (parse, bind and the parameters' text encoding
 * in JavaScript). Durable as before: the implicit commit has written the WAL to the data
 * directory's files when the promise resolves, which an app kill -9 cannot undo.
 */
export function pgliteAppends(db: Db): AppendRows | undefined {
	const client = (db as unknown as { $client?: { exec?: unknown } }).$client;
	if (!client || typeof client.exec !== 'function') return undefined;
	const exec = client.exec.bind(client) as (text: string) => Promise<unknown>;
	return async (rows) => {
		await exec(appendStatement(rows));
	};
}

/** Document ids the endpoint accepts (documentIdOf); nothing else is ever written into SQL. */
const SAFE_ID = /^[\w.:-]{1,200}$/;

/** `insert … values ('id', '\x…'), …` for the update log (exported for its unit test). */
export function appendStatement(rows: { documentId: string; update: Uint8Array }[]): string {
	const values = rows.map((r) => {
		if (!SAFE_ID.test(r.documentId))
			throw new Error(`unexpected document id ${JSON.stringify(r.documentId)}`);
		return `('${r.documentId.replaceAll("'", "''")}','\\x${Buffer.from(r.update.buffer, r.update.byteOffset, r.update.length).toString('hex')}')`;
	});
	return `insert into document_updates (document_id, update) values ${values.join(',')}`;
}

export function dbPersistence(
	db: () => Promise<Db>,
	write?: AppendRows,
	jobs: DocumentJobs = inlineJobs
) {
	const append = appendBatcher(
		write ??
			(async (rows) => {
				await (await db()).insert(documentUpdates).values(rows);
			}),
		limitsFromEnv().appendConcurrency
	);
	return {
		async load(id: string) {
			const handle = await db();
			await ensureDocument(handle, id);
			// A document stored before deleted text was dropped is rewritten first (once).
			await upgradeHistory(handle, id, jobs.merge);
			const state = (await loadState(handle, id, jobs.merge)) ?? Y.encodeStateAsUpdate(new Y.Doc());
			return { state, logLength: await logLength(handle, id) };
		},
		async append(id: string, updates: Uint8Array[], sealed?: () => void) {
			const stop = persistSeconds.startTimer();
			try {
				await append(id, updates, sealed);
			} finally {
				stop();
			}
		},
		compact: async (id: string) => compact(await db(), id, jobs.merge)
	};
}

export function createAppYjs(
	db: () => Promise<Db>,
	options: {
		origin?: string;
		limits?: Partial<YjsLimits>;
		fanout?: YjsFanout;
		/** Writes update-log rows instead of the app's database handle (asyncCommitAppends). */
		appendRows?: AppendRows;
		/** Where merges and renders run (default: a worker thread of their own). */
		jobs?: DocumentJobs;
		/** Closes connections whose session ends (4401) or whose user loses the right (4403). */
		sessions?: SessionRegistry;
	} = {}
): YjsEndpoint {
	const yjsLog = log.child({ module: 'yjs' });
	const jobs = options.jobs ?? workerJobs(yjsLog);
	const endpoint = createYjsEndpoint({
		log: yjsLog,
		persistence: dbPersistence(db, options.appendRows, jobs),
		authenticate: authenticator(db, options.origin),
		reauthorize: async (userId, documentId) => reauthorizer(await db(), userId, documentId),
		// The HTML and text are made on the jobs thread from a copy of the state (encoding it is
		// ~1/20 of rendering it); only the row's update runs here.
		onSettled: async (id, doc) =>
			renderEntry(await db(), id, await jobs.render(Y.encodeStateAsUpdate(doc))),
		limits: options.limits,
		fanout: options.fanout,
		onConnection: options.sessions
			? (conn, grant) => {
					const sessions = options.sessions!;
					const unregister = sessions.register({
						sessionId: grant.session?.id ?? null,
						userId: conn.userId,
						expiresAt: grant.session?.expiresAt ?? null,
						close: (reason) =>
							reason === 'session_ended'
								? closeConnection(conn, CloseCode.sessionEnded, 'session ended')
								: closeConnection(conn, CloseCode.revoked, 'access lost')
					});
					conn.ws.once('close', unregister);
				}
			: undefined
	});
	// Documents stored before deleted text was dropped are rewritten in the background, one at a
	// time (a document opened meanwhile is rewritten as it loads).
	void db()
		.then((handle) => scrubHistory(handle, { merge: jobs.merge }))
		.then(
			(n) => n && yjsLog.info({ documents: n }, 'rewrote stored history without deleted text'),
			(err) => yjsLog.warn({ err }, 'could not rewrite stored history; it is retried at next start')
		);
	setRealtimeHub({
		accessChanged: (id) => endpoint.accessChanged(id),
		revoke: (id, userId) => endpoint.revoke(id, userId),
		usersChanged: (users) => endpoint.usersChanged(users),
		async change(id, update) {
			if (!endpoint.loaded(id)) return false;
			await endpoint.change(id, update);
			return true;
		},
		live(id) {
			const doc = endpoint.loaded(id);
			if (!doc || doc.failed) return null;
			return {
				state: Y.encodeStateAsUpdate(doc.doc),
				snapshot: Y.encodeSnapshot(Y.snapshot(doc.doc))
			};
		},
		flush: (id) => endpoint.flush(id)
	});
	return {
		...endpoint,
		async close() {
			await endpoint.close();
			await jobs.close();
		}
	};
}

/** Routes /yjs/ upgrades on `server` to the endpoint; every other upgrade is left to others. */
export function attachYjs(server: Server, endpoint: YjsEndpoint): void {
	server.on('upgrade', (req, socket, head) => {
		endpoint.handleUpgrade(req, socket, head);
	});
}
