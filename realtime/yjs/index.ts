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
		max: 2,
		onnotice: () => {},
		connection: { synchronous_commit: 'off' }
	});
	return {
		// Written with postgres.js directly: building a many-row INSERT through the query builder
		// was a tenth of the relay path's CPU in the 200-document benchmark.
		async write(rows) {
			const values = rows.map((r) => ({
				document_id: r.documentId,
				update: Buffer.from(r.update)
			}));
			await client`insert into document_updates ${client(values, 'document_id', 'update')}`;
		},
		close: () => client.end({ timeout: 5 })
	};
}

/**
 * Update-log appends on embedded PGlite, straight to its client: one fixed statement (two array
 * parameters, whatever the batch size) instead of a many-row INSERT built by the query builder.
 * PGlite runs each statement on this process's thread, so its cost is time nobody's keystroke is
 * relayed; this way costs about half (200 documents × 2 editors: 2,000 rows a second in 100–250
 * statements). Durable as before: the commit has written the WAL to the data directory's files
 * when the promise resolves, which an app kill -9 cannot undo.
 */
export function pgliteAppends(db: Db): AppendRows | undefined {
	const client = (db as unknown as { $client?: { query?: unknown } }).$client;
	if (!client || typeof client.query !== 'function') return undefined;
	const query = client.query.bind(client) as (text: string, params: unknown[]) => Promise<unknown>;
	return async (rows) => {
		await query(
			'insert into document_updates (document_id, update) select * from unnest($1::text[], $2::bytea[])',
			[rows.map((r) => r.documentId), rows.map((r) => r.update)]
		);
	};
}

export function dbPersistence(db: () => Promise<Db>, write?: AppendRows) {
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
			const state = (await loadState(handle, id)) ?? Y.encodeStateAsUpdate(new Y.Doc());
			return { state, logLength: await logLength(handle, id) };
		},
		async append(id: string, updates: Uint8Array[]) {
			const stop = persistSeconds.startTimer();
			try {
				await append(id, updates);
			} finally {
				stop();
			}
		},
		compact: async (id: string) => compact(await db(), id)
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
	} = {}
): YjsEndpoint {
	const endpoint = createYjsEndpoint({
		log: log.child({ module: 'yjs' }),
		persistence: dbPersistence(db, options.appendRows),
		authenticate: authenticator(db, options.origin),
		reauthorize: async (userId, documentId) => reauthorizer(await db(), userId, documentId),
		onSettled: async (id, doc) => renderEntry(await db(), id, doc),
		limits: options.limits,
		fanout: options.fanout
	});
	setRealtimeHub({
		accessChanged: (id) => endpoint.accessChanged(id),
		revoke: (id, userId) => endpoint.revoke(id, userId),
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
	return endpoint;
}

/** Routes /yjs/ upgrades on `server` to the endpoint; every other upgrade is left to others. */
export function attachYjs(server: Server, endpoint: YjsEndpoint): void {
	server.on('upgrade', (req, socket, head) => {
		endpoint.handleUpgrade(req, socket, head);
	});
}
