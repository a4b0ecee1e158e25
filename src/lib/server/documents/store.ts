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
import { documentUpdates, documents, documentVersions } from '../../../../db/schema';

export async function ensureDocument(db: Db, id: string): Promise<void> {
	await db.insert(documents).values({ id }).onConflictDoNothing();
}

/**
 * One update holding all of `parts`. With `gc`, through a garbage-collected document: text that was
 * deleted is dropped and only its length kept, so nothing deleted survives in what is written. Only
 * for a whole document (a snapshot with its log, a version): updates whose predecessors are missing
 * are carried over as they are. Without `gc`, Y.mergeUpdates, which keeps everything.
 */
export function mergeParts(parts: Uint8Array[], gc = false): Uint8Array {
	if (!gc) return Y.mergeUpdates(parts);
	const doc = new Y.Doc({ gc: true });
	try {
		doc.transact(() => {
			for (const part of parts) Y.applyUpdate(doc, part);
		});
		return Y.encodeStateAsUpdate(doc);
	} finally {
		doc.destroy();
	}
}

/** Where merges run: here, or the realtime server's jobs thread (realtime/yjs/jobs.ts). */
export type Merge = (parts: Uint8Array[], gc?: boolean) => Promise<Uint8Array>;
const mergeHere: Merge = async (parts, gc) => mergeParts(parts, gc);

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

/**
 * The document's whole state. With `gc` deleted text is dropped (for a state that is kept, such as a
 * version); without, the realtime server applies it to its garbage-collected document anyway.
 */
export async function loadState(
	db: Db,
	id: string,
	merge: Merge = mergeHere,
	gc = false
): Promise<Uint8Array | null> {
	const read = await readLog(db, id);
	if (!read) return null;
	const parts = [...(read.snapshot ? [read.snapshot] : []), ...read.updates.map((u) => u.update)];
	if (parts.length === 1 && !gc) return parts[0];
	return parts.length ? merge(parts, gc) : Y.encodeStateAsUpdate(new Y.Doc());
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
	merge: Merge = mergeHere,
	force = false
): Promise<number | null> {
	const read = await readLog(db, id);
	if (!read || (read.updates.length === 0 && !(force && read.snapshot))) return null;
	// Garbage-collected: the snapshot keeps no deleted text (the log's rows are the only place it
	// lingers, until the next fold).
	const snapshot = await merge(
		[...(read.snapshot ? [read.snapshot] : []), ...read.updates.map((u) => u.update)],
		true
	);
	const seqs = read.updates.map((u) => u.seq);
	// With nothing to fold (a forced rewrite), compacted_seq stays: a fold racing this one then
	// writes too, and its snapshot is garbage-collected as well.
	const upTo = seqs.length ? seqs[seqs.length - 1] : read.compactedSeq;
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

/**
 * Rewrites a document stored in the first form (history_form 1, before the live document was
 * garbage-collected): the snapshot with its log, and every version's state, through a
 * garbage-collected document, so no deleted text stays at rest. Versions keep their content and still
 * open and restore. Idempotent; resolves to true when it rewrote anything.
 */
export async function upgradeHistory(
	db: Db,
	id: string,
	merge: Merge = mergeHere
): Promise<boolean> {
	const [row] = await db
		.select({ form: documents.historyForm })
		.from(documents)
		.where(eq(documents.id, id));
	if (!row || row.form >= HISTORY_FORM) return false;
	await foldLog(db, id, merge, true);
	await rewriteVersions(db, id, async (state) => merge([state], true));
	await db.update(documents).set({ historyForm: HISTORY_FORM }).where(eq(documents.id, id));
	return true;
}

/** The form documents are stored in now (see db/schema/documents.ts). */
export const HISTORY_FORM = 2;

/**
 * Rewrites every version of a document through `rewrite` (null: keep it); its Yjs snapshot is
 * recomputed from the new state. Resolves to how many changed.
 */
export async function rewriteVersions(
	db: Db,
	id: string,
	rewrite: (state: Uint8Array) => Promise<Uint8Array | null>
): Promise<number> {
	const rows = await db
		.select({ id: documentVersions.id, state: documentVersions.state })
		.from(documentVersions)
		.where(eq(documentVersions.documentId, id));
	let changed = 0;
	for (const version of rows) {
		const state = await rewrite(new Uint8Array(version.state));
		if (!state) continue;
		await db
			.update(documentVersions)
			.set({ state, snapshot: snapshotOf(state) })
			.where(eq(documentVersions.id, version.id));
		changed++;
	}
	return changed;
}

/** The Yjs snapshot (state vector and delete set) of a whole state. */
export function snapshotOf(state: Uint8Array): Uint8Array {
	const doc = new Y.Doc({ gc: false });
	try {
		Y.applyUpdate(doc, state);
		return Y.encodeSnapshot(Y.snapshot(doc));
	} finally {
		doc.destroy();
	}
}

/**
 * Brings every document into the current form (upgradeHistory), one at a time; with `logs`, also
 * folds every non-empty log through a garbage-collected document, so deleted text held there goes
 * now rather than at the next compaction (an account's deletion asks for this). Resolves to how
 * many documents it rewrote.
 */
export async function scrubHistory(
	db: Db,
	{ merge = mergeHere, logs = false }: { merge?: Merge; logs?: boolean } = {}
): Promise<number> {
	const rows = await queryRows<{ id: string }>(
		db,
		logs
			? sql`select id from ${documents} where history_form < ${HISTORY_FORM}
					or exists (select 1 from ${documentUpdates} u where u.document_id = ${documents.id})`
			: sql`select id from ${documents} where history_form < ${HISTORY_FORM}`
	);
	let rewritten = 0;
	for (const { id } of rows) {
		const upgraded = await upgradeHistory(db, id, merge);
		if (upgraded || (logs && (await foldLog(db, id, merge)) !== null)) rewritten++;
	}
	return rewritten;
}
