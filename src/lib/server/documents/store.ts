/**
 * Persistence of Yjs documents: load = snapshot + every update still in the log; append before
 * relay; compact folds the log rows it read into the snapshot and deletes exactly those rows. (A
 * sequence number is no boundary: an append may take a lower number and commit after a higher one,
 * so "everything up to the highest seq I saw" could delete a row that was never folded in.) Yjs
 * updates are idempotent, so a row both in the snapshot and in the log does no harm. Free of
 * SvelteKit imports (the realtime server uses it too).
 */
import { eq, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { queryRows, type Db } from '../../../../db/client';
import { documentUpdates, documents } from '../../../../db/schema';

export async function ensureDocument(db: Db, id: string): Promise<void> {
	await db.insert(documents).values({ id }).onConflictDoNothing();
}

type Merge = (parts: Uint8Array[]) => Promise<Uint8Array>;
const mergeHere: Merge = async (parts) => Y.mergeUpdates(parts);

/**
 * The whole document as one Yjs update (snapshot merged with the log), or null if unknown. `merge`
 * may run elsewhere (the realtime server's jobs thread): it is linear in the document's size.
 */
interface StoredLog {
	snapshot: Uint8Array | null;
	compactedSeq: number;
	updates: { seq: number; update: Uint8Array }[];
}

/**
 * The document's snapshot and every row of its log, in one statement: one consistent view of the
 * database (a compaction committing meanwhile cannot make the rows it folded vanish from it), with
 * no transaction held open around it. Null for an unknown document.
 */
async function readLog(db: Db, id: string): Promise<StoredLog | null> {
	const rows = await queryRows<{ seq: unknown; data: Uint8Array | null; compacted: unknown }>(
		db,
		sql`select null::bigint as seq, snapshot as data, compacted_seq as compacted
			from ${documents} where id = ${id}
			union all
			select seq, update, null from ${documentUpdates} where document_id = ${id}
			order by seq nulls first`
	);
	const [head, ...log] = rows;
	if (!head || head.seq !== null) return null;
	return {
		snapshot: head.data ? new Uint8Array(head.data) : null,
		compactedSeq: Number(head.compacted),
		updates: log.map((r) => ({ seq: Number(r.seq), update: new Uint8Array(r.data!) }))
	};
}

export async function loadState(
	db: Db,
	id: string,
	merge: Merge = mergeHere
): Promise<Uint8Array | null> {
	const read = await readLog(db, id);
	if (!read) return null;
	const parts = [...(read.snapshot ? [read.snapshot] : []), ...read.updates.map((u) => u.update)];
	if (parts.length === 1) return parts[0];
	return parts.length ? merge(parts) : Y.encodeStateAsUpdate(new Y.Doc());
}

export async function loadDoc(db: Db, id: string): Promise<Y.Doc | null> {
	const state = await loadState(db, id);
	if (!state) return null;
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return doc;
}

/** Appends one update; resolves once it is durable. Returns its sequence number. */
export async function appendUpdate(db: Db, id: string, update: Uint8Array): Promise<number> {
	const [row] = await db
		.insert(documentUpdates)
		.values({ documentId: id, update })
		.returning({ seq: documentUpdates.seq });
	return row.seq;
}

/**
 * Appends several updates in one statement (in order); resolves once all are durable. The realtime
 * server batches the updates that arrive while the previous write is in flight.
 */
export async function appendUpdates(db: Db, id: string, updates: Uint8Array[]): Promise<void> {
	if (updates.length === 0) return;
	await db.insert(documentUpdates).values(updates.map((update) => ({ documentId: id, update })));
}

/** How many updates wait in the log (not yet folded into the snapshot). */
export async function logLength(db: Db, id: string): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(documentUpdates)
		.where(eq(documentUpdates.documentId, id));
	return Number(row?.n ?? 0);
}

/** Writes a whole state as the document's content (creating it if needed). */
export async function saveState(db: Db, id: string, state: Uint8Array): Promise<void> {
	await ensureDocument(db, id);
	await appendUpdate(db, id, state);
}

/**
 * Folds the whole update log into the snapshot; appends that commit meanwhile stay in the log. Three
 * steps, none of which holds a transaction open (on the embedded database a transaction makes
 * every other statement wait, the update-log appends included):
 * 1. read the snapshot and the log in one statement (readLog);
 * 2. merge them (`merge`: on the realtime server a worker thread, see realtime/yjs/jobs.ts);
 * 3. in one statement, write the new snapshot only if no other compaction committed since step 1,
 *    and delete exactly the rows folded in, only if it did write.
 * `compacted_seq` tells whether another compaction committed: each one sets it to the highest
 * sequence number it folded, a row it deletes in the same statement, so no two compactions leave
 * the same value. The UPDATE's condition is checked again on the row as it stands once its lock is
 * granted, so of two compactions racing only one writes. Its row lock does not block appends, whose
 * foreign key takes only a key-share lock. Resolves to the snapshot's size in bytes, or null when
 * there was nothing to fold or another compaction got there first (its snapshot holds the same rows).
 */
export async function foldLog(
	db: Db,
	id: string,
	merge: Merge = mergeHere
): Promise<number | null> {
	const read = await readLog(db, id);
	if (!read || read.updates.length === 0) return null;
	const snapshot = await merge([
		...(read.snapshot ? [read.snapshot] : []),
		...read.updates.map((u) => u.update)
	]);
	const seqs = read.updates.map((u) => u.seq);
	const upTo = seqs[seqs.length - 1];
	const bytes = Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.length);
	const [result] = await queryRows<{ folded: number }>(
		db,
		sql`with folded as (
				update ${documents} set snapshot = ${bytes}::bytea, compacted_seq = ${upTo}, updated_at = now()
				where id = ${id} and compacted_seq = ${read.compactedSeq}
				returning id
			), removed as (
				delete from ${documentUpdates}
				where document_id in (select id from folded) and seq = any(${`{${seqs.join(',')}}`}::bigint[])
			)
			select (select count(*) from folded)::int as folded`
	);
	return Number(result?.folded) === 1 ? snapshot.length : null;
}

/** Rows merged into one by a compaction step. */
export const STEP_ROWS = 100;
/** Below this many bytes in the log, a compaction takes a step rather than rewriting the snapshot. */
export const FOLD_MIN_BYTES = 64 * 1024;

/**
 * One step of merging the log: the oldest `limit` rows become one row, in one statement that
 * deletes them and inserts their merge only if it deleted any. Rows another process folded into
 * the snapshot meanwhile are gone already; their content then sits in the merged row a second
 * time, which Yjs ignores, and nothing is lost. Resolves to the number of rows the log shrank by.
 */
export async function mergeLogStep(
	db: Db,
	id: string,
	merge: Merge = mergeHere,
	limit = STEP_ROWS
): Promise<number> {
	const rows = await queryRows<{ seq: unknown; update: Uint8Array }>(
		db,
		sql`select seq, update from ${documentUpdates} where document_id = ${id} order by seq limit ${limit}`
	);
	if (rows.length < 2) return 0;
	const merged = await merge(rows.map((r) => new Uint8Array(r.update)));
	const bytes = Buffer.from(merged.buffer, merged.byteOffset, merged.length);
	const seqs = rows.map((r) => Number(r.seq));
	const [result] = await queryRows<{ removed: number }>(
		db,
		sql`with removed as (
				delete from ${documentUpdates}
				where document_id = ${id} and seq = any(${`{${seqs.join(',')}}`}::bigint[])
				returning 1
			), added as (
				insert into ${documentUpdates} (document_id, update)
				select ${id}, ${bytes}::bytea where exists (select 1 from removed)
				returning 1
			)
			select (select count(*) from removed)::int - (select count(*) from added)::int as removed`
	);
	return Number(result?.removed ?? 0);
}

export interface Compacted {
	/** How many rows the log shrank by. */
	removed: number;
	/** The snapshot's size in bytes after a fold; null after a step. */
	snapshotBytes: number | null;
}

/**
 * Compaction as the realtime server runs it: a step (mergeLogStep) while the log holds fewer bytes
 * than the snapshot, a fold (foldLog) once it holds as many. A fold reads and rewrites the whole
 * snapshot, so its cost grows with the document; a step costs what its hundred rows cost. Folding
 * only when the log has grown as large as the snapshot keeps the rewrites rare (their number grows
 * with the logarithm of the document's size) while loads still read at most about twice the
 * document. On the embedded database every statement holds up the others, update-log appends
 * included, so small statements matter there. Null when the log is empty.
 */
export async function compact(
	db: Db,
	id: string,
	merge: Merge = mergeHere
): Promise<Compacted | null> {
	const [stats] = await queryRows<{ rows: number; log: unknown; snapshot: unknown }>(
		db,
		sql`select count(*)::int as rows, coalesce(sum(octet_length(update)), 0) as log,
				(select coalesce(octet_length(snapshot), 0) from ${documents} where id = ${id}) as snapshot
			from ${documentUpdates} where document_id = ${id}`
	);
	const rows = Number(stats?.rows ?? 0);
	if (rows === 0) return null;
	const logBytes = Number(stats.log);
	if (rows <= STEP_ROWS || logBytes >= Math.max(Number(stats.snapshot ?? 0), FOLD_MIN_BYTES)) {
		const snapshotBytes = await foldLog(db, id, merge);
		return snapshotBytes === null ? null : { removed: rows, snapshotBytes };
	}
	return { removed: await mergeLogStep(db, id, merge), snapshotBytes: null };
}
