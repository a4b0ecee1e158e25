import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { testDb } from '../../../../tests/helpers/db';
import { documentUpdates, documents } from '../../../../db/schema';
import {
	appendUpdate,
	compact,
	ensureDocument,
	foldLog,
	loadDoc,
	loadState,
	logLength,
	mergeLogStep,
	STEP_ROWS
} from './store';

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
		expect(await foldLog(db, id)).toBeGreaterThan(0);
		await db
			.insert(documentUpdates)
			.values({ seq: lateSeq - 100, documentId: id, update: edit('c') });

		expect(await logLength(db, id)).toBe(1);
		const doc = (await loadDoc(db, id))!;
		expect([...doc.getText('t').toString()].sort().join('')).toBe('abc');
		// A second fold takes it in and empties the log.
		await foldLog(db, id);
		expect(await logLength(db, id)).toBe(0);
		const again = (await loadDoc(db, id))!;
		expect([...again.getText('t').toString()].sort().join('')).toBe('abc');
	});
});

/** The letters of the document's text, sorted (concurrent inserts at 0 interleave by client id). */
async function lettersOf(id: string): Promise<string> {
	const state = await loadState(handle.db, id);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state!);
	return [...doc.getText('t').toString()].sort().join('');
}

async function logSeqs(id: string): Promise<number[]> {
	const rows = await handle.db
		.select({ seq: documentUpdates.seq })
		.from(documentUpdates)
		.where(eq(documentUpdates.documentId, id))
		.orderBy(asc(documentUpdates.seq));
	return rows.map((r) => r.seq);
}

describe('compaction racing compaction and appends', () => {
	it('lets the compaction that commits first win; the loser writes nothing, nothing is lost', async () => {
		const db = handle.db;
		const id = 'store-compact-race';
		await ensureDocument(db, id);
		await appendUpdate(db, id, edit('a'));
		await appendUpdate(db, id, edit('b'));

		let inner: number | null | undefined;
		let lateSeq = 0;
		let merges = 0;
		const outer = await foldLog(db, id, async (parts) => {
			merges++;
			expect(parts).toHaveLength(2);
			// Meanwhile another compaction runs to the end, and an editor appends.
			inner = await foldLog(db, id);
			lateSeq = await appendUpdate(db, id, edit('c'));
			return Y.mergeUpdates(parts);
		});

		expect(merges).toBe(1);
		expect(inner).toBeGreaterThan(0);
		expect(outer).toBeNull();
		// The winner's snapshot holds a and b; c, appended after both read the log, stays in it.
		expect(await logSeqs(id)).toEqual([lateSeq]);
		expect(await lettersOf(id)).toBe('abc');
		const [row] = await db.select().from(documents).where(eq(documents.id, id));
		const snapshot = new Y.Doc();
		Y.applyUpdate(snapshot, row.snapshot!);
		expect([...snapshot.getText('t').toString()].sort().join('')).toBe('ab');
		expect(row.compactedSeq).toBeLessThan(lateSeq);

		// The next compaction folds c in.
		expect(await foldLog(db, id)).toBeGreaterThan(0);
		expect(await logSeqs(id)).toEqual([]);
		expect(await lettersOf(id)).toBe('abc');
	});

	it('keeps in the log an update appended while its merge runs', async () => {
		const db = handle.db;
		const id = 'store-compact-append';
		await ensureDocument(db, id);
		await appendUpdate(db, id, edit('a'));
		// A snapshot to start from, so the merge gets snapshot + log.
		await foldLog(db, id);
		const folded = [await appendUpdate(db, id, edit('b')), await appendUpdate(db, id, edit('c'))];

		const appended: number[] = [];
		let parts = 0;
		const size = await foldLog(db, id, async (p) => {
			parts = p.length;
			appended.push(await appendUpdate(db, id, edit('d')));
			appended.push(await appendUpdate(db, id, edit('e')));
			return Y.mergeUpdates(p);
		});

		expect(parts).toBe(3);
		expect(size).toBeGreaterThan(0);
		const left = await logSeqs(id);
		expect(left).toEqual(appended);
		for (const seq of folded) expect(left).not.toContain(seq);
		expect(await lettersOf(id)).toBe('abcde');
		const [row] = await db.select().from(documents).where(eq(documents.id, id));
		expect(row.compactedSeq).toBe(folded[1]);
		expect(row.snapshot!.length).toBe(size);
	});

	it('stores what the given merge returns', async () => {
		const db = handle.db;
		const id = 'store-compact-custom-merge';
		await ensureDocument(db, id);
		await appendUpdate(db, id, edit('a'));
		await appendUpdate(db, id, edit('b'));
		const replacement = edit('merged elsewhere');
		const size = await foldLog(db, id, async () => replacement);
		expect(size).toBe(replacement.length);
		const [row] = await db.select().from(documents).where(eq(documents.id, id));
		expect(Uint8Array.from(row.snapshot!)).toEqual(replacement);
	});
});

describe('loadState', () => {
	it('merges snapshot and log with the merge it is given', async () => {
		const db = handle.db;
		const id = 'store-load-custom-merge';
		await ensureDocument(db, id);
		await appendUpdate(db, id, edit('a'));
		await foldLog(db, id);
		await appendUpdate(db, id, edit('b'));
		await appendUpdate(db, id, edit('c'));

		const seen: Uint8Array[][] = [];
		const replacement = edit('from the worker');
		const state = await loadState(db, id, async (parts) => {
			seen.push(parts);
			return replacement;
		});
		expect(state).toEqual(replacement);
		expect(seen).toHaveLength(1);
		// The snapshot first, then the log in order.
		const texts = seen[0].map((u) => {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, u);
			return doc.getText('t').toString();
		});
		expect(texts).toEqual(['a', 'b', 'c']);
		// Without one, the default merge gives the whole document.
		expect(await lettersOf(id)).toBe('abc');
	});

	it('is null for an unknown document and empty for a document without content', async () => {
		expect(await loadState(handle.db, 'store-no-such-document')).toBeNull();
		await ensureDocument(handle.db, 'store-empty');
		const state = await loadState(handle.db, 'store-empty', async () => {
			throw new Error('nothing to merge');
		});
		const doc = new Y.Doc();
		Y.applyUpdate(doc, state!);
		expect(doc.getText('t').toString()).toBe('');
	});
});

describe('compaction in steps', () => {
	/** A document whose text is `letters`, one update per letter in the log. */
	async function logOfLetters(id: string, letters: string): Promise<void> {
		await ensureDocument(handle.db, id);
		for (const letter of letters) await appendUpdate(handle.db, id, edit(letter));
	}

	it('merges the oldest rows into one, keeping every letter and the newer rows', async () => {
		const id = 'step-merge';
		await logOfLetters(id, 'abcdefghij');
		const before = await logSeqs(id);
		expect(await mergeLogStep(handle.db, id, undefined, 4)).toBe(3);
		const after = await logSeqs(id);
		expect(after).toHaveLength(7);
		// The six newer rows are untouched; the merged one is appended after them.
		expect(after.slice(0, 6)).toEqual(before.slice(4));
		expect(after[6]).toBeGreaterThan(before[9]);
		expect(await lettersOf(id)).toBe('abcdefghij');
		const [doc] = await handle.db.select().from(documents).where(eq(documents.id, id));
		expect(doc.snapshot).toBeNull();
	});

	it('loses nothing when a fold deletes some of the rows a step is merging', async () => {
		const id = 'step-race';
		await logOfLetters(id, 'abcdef');
		let folded: number | null = null;
		const removed = await mergeLogStep(
			handle.db,
			id,
			async (parts) => {
				// Another process folds the whole log while this step merges its rows.
				folded = await foldLog(handle.db, id);
				return Y.mergeUpdates(parts);
			},
			3
		);
		expect(folded).toBeGreaterThan(0);
		// Its rows were gone: nothing deleted, nothing inserted.
		expect(removed).toBe(0);
		expect(await logSeqs(id)).toEqual([]);
		expect(await lettersOf(id)).toBe('abcdef');
	});

	it('takes steps while the log is smaller than the snapshot, and folds once it is as large', async () => {
		const id = 'step-policy';
		await ensureDocument(handle.db, id);
		// A snapshot far larger than the log, as in a long document being edited.
		const big = new Y.Doc();
		big.getText('t').insert(0, 'x'.repeat(200_000));
		await appendUpdate(handle.db, id, Y.encodeStateAsUpdate(big));
		expect((await compact(handle.db, id))?.snapshotBytes).toBeGreaterThan(200_000);
		await logOfLetters(id, 'y'.repeat(STEP_ROWS + 50));

		const step = await compact(handle.db, id);
		expect(step).toEqual({ removed: STEP_ROWS - 1, snapshotBytes: null });
		expect(await logLength(handle.db, id)).toBe(51);

		// A log as large as the snapshot is folded: the log empties and the snapshot holds it all.
		const grown = new Y.Doc();
		grown.getText('t').insert(0, 'z'.repeat(250_000));
		await appendUpdate(handle.db, id, Y.encodeStateAsUpdate(grown));
		const fold = await compact(handle.db, id);
		expect(fold?.removed).toBe(52);
		expect(fold?.snapshotBytes).toBeGreaterThan(450_000);
		expect(await logLength(handle.db, id)).toBe(0);
		const doc = (await loadDoc(handle.db, id))!;
		const text = doc.getText('t').toString();
		expect(text.length).toBe(200_000 + STEP_ROWS + 50 + 250_000);
		expect(await compact(handle.db, id)).toBeNull();
	});
});
