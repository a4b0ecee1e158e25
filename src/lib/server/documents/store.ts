/**
 * Persistence of Yjs documents: load = snapshot + updates since; append before relay; compact folds
 * the log into the snapshot. Free of SvelteKit imports (the realtime server uses it too).
 */
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from '../../../../db/client';
import { documentUpdates, documents } from '../../../../db/schema';

export async function ensureDocument(db: Db, id: string): Promise<void> {
	await db.insert(documents).values({ id }).onConflictDoNothing();
}

/** The whole document as one Yjs update (snapshot merged with the log), or null if unknown. */
export async function loadState(db: Db, id: string): Promise<Uint8Array | null> {
	const [doc] = await db.select().from(documents).where(eq(documents.id, id));
	if (!doc) return null;
	const updates = await db
		.select({ update: documentUpdates.update })
		.from(documentUpdates)
		.where(and(eq(documentUpdates.documentId, id), gt(documentUpdates.seq, doc.compactedSeq)))
		.orderBy(asc(documentUpdates.seq));
	const parts = [...(doc.snapshot ? [doc.snapshot] : []), ...updates.map((u) => u.update)];
	return parts.length ? Y.mergeUpdates(parts) : Y.encodeStateAsUpdate(new Y.Doc());
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

/** Writes a whole state as the document's content (creating it if needed). */
export async function saveState(db: Db, id: string, state: Uint8Array): Promise<void> {
	await ensureDocument(db, id);
	await appendUpdate(db, id, state);
}

/** Folds the update log into the snapshot; concurrent appends after `upTo` are kept. */
export async function compact(db: Db, id: string): Promise<void> {
	await db.transaction(async (tx) => {
		const [doc] = await tx.select().from(documents).where(eq(documents.id, id)).for('update');
		if (!doc) return;
		const updates = await tx
			.select({ seq: documentUpdates.seq, update: documentUpdates.update })
			.from(documentUpdates)
			.where(and(eq(documentUpdates.documentId, id), gt(documentUpdates.seq, doc.compactedSeq)))
			.orderBy(asc(documentUpdates.seq));
		if (updates.length === 0) return;
		const upTo = updates[updates.length - 1].seq;
		const snapshot = Y.mergeUpdates([
			...(doc.snapshot ? [doc.snapshot] : []),
			...updates.map((u) => u.update)
		]);
		await tx
			.update(documents)
			.set({ snapshot, compactedSeq: upTo, updatedAt: sql`now()` })
			.where(eq(documents.id, id));
		await tx
			.delete(documentUpdates)
			.where(and(eq(documentUpdates.documentId, id), lte(documentUpdates.seq, upTo)));
	});
}
