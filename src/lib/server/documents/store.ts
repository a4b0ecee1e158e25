/**
 * Persistence of Yjs documents: load = snapshot + every update still in the log; append before
 * relay; compact folds the log rows it read into the snapshot and deletes exactly those rows. (A
 * sequence number is no boundary: an append may take a lower number and commit after a higher one,
 * so "everything up to the highest seq I saw" could delete a row that was never folded in.) Yjs
 * updates are idempotent, so a row both in the snapshot and in the log does no harm. Free of
 * SvelteKit imports (the realtime server uses it too).
 */
import { asc, eq, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from '../../../../db/client';
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
export async function loadState(
	db: Db,
	id: string,
	merge: Merge = mergeHere
): Promise<Uint8Array | null> {
	// One snapshot of the database for both reads, so a compaction committing in between cannot
	// make the updates it folded away vanish from what is loaded.
	const read = await db.transaction(
		async (tx) => {
			const [doc] = await tx.select().from(documents).where(eq(documents.id, id));
			if (!doc) return null;
			const updates = await tx
				.select({ update: documentUpdates.update })
				.from(documentUpdates)
				.where(eq(documentUpdates.documentId, id))
				.orderBy(asc(documentUpdates.seq));
			return { doc, updates };
		},
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);
	if (!read) return null;
	const { doc, updates } = read;
	const parts = [...(doc.snapshot ? [doc.snapshot] : []), ...updates.map((u) => u.update)];
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
 * Folds the update log into the snapshot; appends that commit meanwhile stay in the log. Three steps,
 * so that neither the merge (CPU, linear in the document's size) nor the reading holds a lock:
 * 1. read the snapshot and the log in one consistent snapshot of the database;
 * 2. merge them (`merge`: on the realtime server a worker thread, see realtime/yjs/jobs.ts);
 * 3. in a short transaction, lock the document's row and write the new snapshot only if no other
 *    compaction committed since step 1, then delete exactly the rows folded in.
 * `compacted_seq` tells whether another compaction committed: each one sets it to the highest
 * sequence number it folded, a row it deletes in the same transaction, so no two compactions leave
 * the same value. The row lock (`for no key update`) does not block appends, whose foreign key
 * takes only a key-share lock. Resolves to the snapshot's size in bytes, or null when there was
 * nothing to fold or another compaction got there first (its snapshot holds the same rows).
 */
export async function compact(
	db: Db,
	id: string,
	merge: Merge = mergeHere
): Promise<number | null> {
	const read = await db.transaction(
		async (tx) => {
			const [doc] = await tx
				.select({ snapshot: documents.snapshot, compactedSeq: documents.compactedSeq })
				.from(documents)
				.where(eq(documents.id, id));
			if (!doc) return null;
			const updates = await tx
				.select({ seq: documentUpdates.seq, update: documentUpdates.update })
				.from(documentUpdates)
				.where(eq(documentUpdates.documentId, id))
				.orderBy(asc(documentUpdates.seq));
			return { doc, updates };
		},
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);
	if (!read || read.updates.length === 0) return null;
	const { doc, updates } = read;
	const snapshot = await merge([
		...(doc.snapshot ? [doc.snapshot] : []),
		...updates.map((u) => u.update)
	]);
	const seqs = updates.map((u) => u.seq);
	const upTo = seqs[seqs.length - 1];
	return db.transaction(async (tx) => {
		const [current] = await tx
			.select({ compactedSeq: documents.compactedSeq })
			.from(documents)
			.where(eq(documents.id, id))
			.for('no key update');
		if (!current || current.compactedSeq !== doc.compactedSeq) return null;
		await tx
			.update(documents)
			.set({ snapshot, compactedSeq: upTo, updatedAt: sql`now()` })
			.where(eq(documents.id, id));
		// Exactly the rows folded in (one array parameter); any row committed meanwhile stays.
		await tx.execute(
			sql`delete from ${documentUpdates} where ${documentUpdates.documentId} = ${id} and ${documentUpdates.seq} = any(${`{${seqs.join(',')}}`}::bigint[])`
		);
		return snapshot.length;
	});
}
