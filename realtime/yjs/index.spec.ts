import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { createDb, type DbHandle } from '../../db/client';
import { documentUpdates } from '../../db/schema';
import { ensureDocument, loadState } from '../../src/lib/server/documents/store';
import { freshDatabase, type TestDatabase } from '../../tests/helpers/db';
import { appendStatement, asyncCommitAppends, pgliteAppends } from './index';
import { appendBatcher, type AppendRows } from './batch';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('appendStatement', () => {
	it('writes every update as a hex bytea literal, in order', () => {
		expect(
			appendStatement([
				{ documentId: 'doc-1', update: bytes(0x00, 0x27, 0x5c, 0xff) },
				{ documentId: 'doc-2', update: bytes(0x01) }
			])
		).toBe(
			"insert into document_updates (document_id, update) values ('doc-1','\\x00275cff'),('doc-2','\\x01')"
		);
	});

	it('encodes only the bytes of the view, not the whole buffer under it', () => {
		const view = bytes(9, 9, 0xab, 0xcd, 9).subarray(2, 4);
		expect(appendStatement([{ documentId: 'd', update: view }])).toBe(
			"insert into document_updates (document_id, update) values ('d','\\xabcd')"
		);
	});

	it('accepts the ids the endpoint uses', () => {
		for (const id of ['0b7e1f9c-3d1a-4c36-9a57-2f0f1c1d2e3f', 'a.b:c-d_e', 'x'.repeat(200)]) {
			expect(appendStatement([{ documentId: id, update: bytes(1) }])).toContain(`('${id}',`);
		}
	});

	it('refuses an id outside [\\w.:-]{1,200} rather than writing it into SQL', () => {
		for (const id of [
			"x'); delete from documents; --",
			"it's",
			'a b',
			'back\\slash',
			'æøå',
			'',
			'x'.repeat(201),
			'line\nbreak'
		]) {
			expect(() => appendStatement([{ documentId: id, update: bytes(1) }])).toThrow(
				/unexpected document id/
			);
		}
		// One bad row fails the whole statement, not just its own row.
		expect(() =>
			appendStatement([
				{ documentId: 'good', update: bytes(1) },
				{ documentId: 'bad id', update: bytes(2) }
			])
		).toThrow(/unexpected document id/);
	});
});

// The same round trip on whichever backend the run has: PGlite without DATABASE_URL (the
// simple-protocol statement of pgliteAppends), PostgreSQL with it (the unnest statement of
// asyncCommitAppends), and the literal statement itself on both.
describe('update-log appends round trip', () => {
	let fresh: TestDatabase;
	let handle: DbHandle;
	let write: AppendRows;
	let closeWrite = async () => {};

	beforeAll(async () => {
		fresh = await freshDatabase();
		handle = await createDb({ databaseUrl: fresh.url, dataDir: 'memory://', max: 4 });
		if (fresh.url) {
			expect(pgliteAppends(handle.db)).toBeUndefined();
			const appends = await asyncCommitAppends(fresh.url);
			write = appends.write;
			closeWrite = appends.close;
		} else {
			write = pgliteAppends(handle.db)!;
			expect(write).toBeTypeOf('function');
		}
	}, 60_000);
	afterAll(async () => {
		await closeWrite();
		await handle?.close();
		await fresh?.drop();
	});

	/** Every byte value, and the ones that need escaping in a string literal, alone and together. */
	const awkward = [
		bytes(0x00),
		bytes(0x27),
		bytes(0x5c),
		bytes(0xff),
		bytes(0x27, 0x27, 0x5c, 0x78, 0x00, 0xff, 0x5c),
		Uint8Array.from({ length: 256 }, (_, i) => i),
		// A view into a larger buffer: only its own bytes belong in the row.
		bytes(0xee, 0x00, 0x27, 0x5c, 0xff, 0xee).subarray(1, 5)
	];

	async function logOf(id: string): Promise<Uint8Array[]> {
		const rows = await handle.db
			.select({ update: documentUpdates.update })
			.from(documentUpdates)
			.where(eq(documentUpdates.documentId, id))
			.orderBy(asc(documentUpdates.seq));
		return rows.map((r) => Uint8Array.from(r.update));
	}

	it('stores the bytes exactly, in order', async () => {
		await ensureDocument(handle.db, 'bytes-a');
		await ensureDocument(handle.db, 'bytes-b');
		await write([
			...awkward.map((update) => ({ documentId: 'bytes-a', update })),
			{ documentId: 'bytes-b', update: bytes(0x5c, 0x27) }
		]);
		expect(await logOf('bytes-a')).toEqual(awkward.map((u) => Uint8Array.from(u)));
		expect(await logOf('bytes-b')).toEqual([bytes(0x5c, 0x27)]);
	});

	it('the literal statement itself stores the same bytes on this backend', async () => {
		await ensureDocument(handle.db, 'bytes-literal');
		await handle.db.execute(
			sql.raw(appendStatement(awkward.map((update) => ({ documentId: 'bytes-literal', update }))))
		);
		expect(await logOf('bytes-literal')).toEqual(awkward.map((u) => Uint8Array.from(u)));
	});

	it('loads Yjs updates appended this way back into the same document', async () => {
		const id = 'yjs-round-trip';
		await ensureDocument(handle.db, id);
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		const text = doc.getText('t');
		text.insert(0, "it's a \\path\\ with \u0000 nul and 'quotes'");
		text.insert(0, 'ÿ\u00ff ');
		doc.getMap('m').set('bin', bytes(0x00, 0x27, 0x5c, 0xff));
		text.delete(0, 1);
		await write(updates.map((update) => ({ documentId: id, update })));

		expect(await logOf(id)).toEqual(updates.map((u) => Uint8Array.from(u)));
		const state = await loadState(handle.db, id);
		const loaded = new Y.Doc();
		Y.applyUpdate(loaded, state!);
		expect(loaded.getText('t').toString()).toBe(text.toString());
		expect(loaded.getMap('m').get('bin')).toEqual(bytes(0x00, 0x27, 0x5c, 0xff));
	});

	// Skipped on the embedded database: these two concern the PostgreSQL append client only (its
	// first statement used to be built before postgres.js knew the bytea[] type, and failed).
	it('the first write of a fresh PostgreSQL append client succeeds', async (ctx) => {
		if (!fresh.url) return ctx.skip();
		const appends = await asyncCommitAppends(fresh.url);
		try {
			await ensureDocument(handle.db, 'first-write');
			await appends.write([{ documentId: 'first-write', update: bytes(0x27, 0x00) }]);
		} finally {
			await appends.close();
		}
		expect(await logOf('first-write')).toEqual([bytes(0x27, 0x00)]);
	});

	it('through the append batcher, the first batch of a fresh client is saved', async (ctx) => {
		if (!fresh.url) return ctx.skip();
		const appends = await asyncCommitAppends(fresh.url);
		try {
			await ensureDocument(handle.db, 'first-batch');
			const append = appendBatcher(appends.write);
			await append('first-batch', [bytes(0x5c), bytes(0xff)]);
		} finally {
			await appends.close();
		}
		expect(await logOf('first-batch')).toEqual([bytes(0x5c), bytes(0xff)]);
	});

	it('fails for a document that does not exist (the foreign key holds)', async () => {
		await expect(write([{ documentId: 'no-such-document', update: bytes(1) }])).rejects.toThrow();
		expect(await logOf('no-such-document')).toEqual([]);
	});
});
