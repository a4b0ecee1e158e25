import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { testDb } from '../../../../tests/helpers/db';
import { documentUpdates } from '../../../../db/schema';
import { appendUpdate, compact, ensureDocument, loadDoc, logLength } from './store';

let handle: Awaited<ReturnType<typeof testDb>>;
beforeAll(async () => {
	handle = await testDb();
}, 60_000);
afterAll(() => handle?.drop());

/** An update that appends `text` to the shared text of a fresh client. */
function edit(text: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, text);
	return Y.encodeStateAsUpdate(doc);
}

describe('document store', () => {
	it('keeps an update that commits with a lower sequence number after a compaction', async () => {
		const db = handle.db;
		const id = 'store-race';
		await ensureDocument(db, id);
		await appendUpdate(db, id, edit('a'));
		await appendUpdate(db, id, edit('b'));
		// An append that took its number earlier but committed only now, after the fold.
		const late = await db
			.insert(documentUpdates)
			.values({ documentId: id, update: edit('c') })
			.returning({ seq: documentUpdates.seq });
		const lateSeq = late[0].seq;
		await db.delete(documentUpdates).where(eq(documentUpdates.seq, lateSeq));
		expect(await compact(db, id)).toBeGreaterThan(0);
		await db
			.insert(documentUpdates)
			.values({ seq: lateSeq - 100, documentId: id, update: edit('c') });

		expect(await logLength(db, id)).toBe(1);
		const doc = (await loadDoc(db, id))!;
		expect([...doc.getText('t').toString()].sort().join('')).toBe('abc');
		// A second fold takes it in and empties the log.
		await compact(db, id);
		expect(await logLength(db, id)).toBe(0);
		const again = (await loadDoc(db, id))!;
		expect([...again.getText('t').toString()].sort().join('')).toBe('abc');
	});
});
