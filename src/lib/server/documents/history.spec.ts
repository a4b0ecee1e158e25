import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { testDb } from '../../../../tests/helpers/db';
import { documents, documentUpdates, documentVersions, users } from '../../../../db/schema';
import {
	appendUpdate,
	ensureDocument,
	foldLog,
	loadState,
	scrubHistory,
	upgradeHistory
} from './store';
import { docToText, FRAGMENT, htmlToState } from './prosemirror';
import { blocksOf, getVersion, restoreVersion, saveVersion } from './versions';
import { purgeText } from './purge';
import { releaseAccount } from '../account/release';

let handle: Awaited<ReturnType<typeof testDb>>;
beforeAll(async () => {
	handle = await testDb();
}, 60_000);
afterAll(() => handle?.drop());

const CPR = '010203-1234';

/** Every byte the database keeps of a document: snapshot, log rows and versions. */
async function storedBytes(id: string): Promise<Buffer[]> {
	const db = handle.db;
	const [doc] = await db
		.select({ snapshot: documents.snapshot })
		.from(documents)
		.where(eq(documents.id, id));
	const log = await db
		.select({ update: documentUpdates.update })
		.from(documentUpdates)
		.where(eq(documentUpdates.documentId, id));
	const versions = await db
		.select({ state: documentVersions.state, snapshot: documentVersions.snapshot })
		.from(documentVersions)
		.where(eq(documentVersions.documentId, id));
	return [
		...(doc?.snapshot ? [Buffer.from(doc.snapshot)] : []),
		...log.map((r) => Buffer.from(r.update)),
		...versions.flatMap((v) => [Buffer.from(v.state), Buffer.from(v.snapshot)])
	];
}

const holds = async (id: string, text: string) =>
	(await storedBytes(id)).some((bytes) => bytes.includes(Buffer.from(text)));

/** A whole state, as the old store kept it: history included (gc off). */
function historyState(build: (doc: Y.Doc) => void): Uint8Array {
	const doc = new Y.Doc({ gc: false });
	build(doc);
	return Y.encodeStateAsUpdate(doc);
}

function textOf(state: Uint8Array): string {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	const text = docToText(doc);
	doc.destroy();
	return text;
}

/** Adds a paragraph holding `text` at the end of the body, then removes it again. */
function typeAndDelete(doc: Y.Doc, text: string) {
	const fragment = doc.getXmlFragment(FRAGMENT);
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(text)]);
	fragment.insert(fragment.length, [p]);
	fragment.delete(fragment.length - 1, 1);
}

describe('stored history without deleted text', () => {
	it('folds the log through a garbage-collected document: the deleted text is gone, the rest stays', async () => {
		const db = handle.db;
		const id = randomUUID();
		await ensureDocument(db, id);
		const doc = new Y.Doc({ gc: false });
		Y.applyUpdate(doc, htmlToState('<p>Virksomheden ansatte tre i fleksjob.</p>'));
		await appendUpdate(db, id, Y.encodeStateAsUpdate(doc));
		const before = Y.encodeStateVector(doc);
		typeAndDelete(doc, `Borgerens CPR ${CPR}`);
		await appendUpdate(db, id, Y.encodeStateAsUpdate(doc, before));
		expect(await holds(id, CPR)).toBe(true);

		expect(await foldLog(db, id)).toBeGreaterThan(0);
		expect(await holds(id, CPR)).toBe(false);
		expect(textOf((await loadState(db, id))!)).toBe('Virksomheden ansatte tre i fleksjob.');
	});

	it('rewrites a document stored in the old form once; its versions still open and restore', async () => {
		const db = handle.db;
		const id = randomUUID();
		const first = historyState((doc) => {
			Y.applyUpdate(doc, htmlToState('<h2>Metode</h2><p>Første udgave.</p>'));
			typeAndDelete(doc, `Slettet ${CPR}`);
		});
		await db.insert(documents).values({ id, snapshot: first, historyForm: 1 });
		// A version saved by the old code: the whole history in its state.
		await db.insert(documentVersions).values({
			documentId: id,
			kind: 'named',
			name: 'Første udgave',
			state: first,
			snapshot: Y.encodeSnapshot(Y.emptySnapshot)
		});
		const versionId = (
			await db
				.select({ id: documentVersions.id })
				.from(documentVersions)
				.where(eq(documentVersions.documentId, id))
		)[0].id;
		// Then the text changed.
		const doc = new Y.Doc({ gc: false });
		Y.applyUpdate(doc, first);
		const sv = Y.encodeStateVector(doc);
		const fragment = doc.getXmlFragment(FRAGMENT);
		fragment.delete(1, 1);
		const p = new Y.XmlElement('paragraph');
		p.insert(0, [new Y.XmlText('Anden udgave.')]);
		fragment.insert(1, [p]);
		await appendUpdate(db, id, Y.encodeStateAsUpdate(doc, sv));
		expect(await holds(id, CPR)).toBe(true);

		expect(await scrubHistory(db)).toBeGreaterThanOrEqual(1);
		expect(await holds(id, CPR)).toBe(false);
		expect(await upgradeHistory(db, id)).toBe(false);
		const [row] = await db.select().from(documents).where(eq(documents.id, id));
		expect(row.historyForm).toBe(2);
		expect(textOf((await loadState(db, id))!)).toContain('Anden udgave.');

		const version = (await getVersion(db, id, versionId))!;
		expect(blocksOf(version.state).map((b) => b.text)).toEqual(['Metode', 'Første udgave.']);
		const [writer] = await db
			.insert(users)
			.values({ email: `${id}@example.org`, name: 'Skribent' })
			.returning({ id: users.id });
		expect(await restoreVersion(db, id, versionId, writer.id, 'before')).toBe(true);
		const restored = textOf((await loadState(db, id))!);
		expect(restored).toContain('Første udgave.');
		expect(restored).not.toContain('Anden udgave.');
		expect(await holds(id, CPR)).toBe(false);
	});

	it('purges a text from the current body, every version and the stored log', async () => {
		const db = handle.db;
		const id = randomUUID();
		await ensureDocument(db, id);
		await appendUpdate(
			db,
			id,
			htmlToState(
				`<p>Mødet med borgeren (CPR ${CPR}) gik godt.</p><p><a href="mailto:${CPR}@example.org">skriv</a></p>`
			)
		);
		await saveVersion(db, id, 'named', 'Med fejl', null);
		// The text was removed by hand later, but the version and the log still hold it.
		const state = (await loadState(db, id))!;
		expect(textOf(state)).toContain(CPR);
		await saveVersion(db, id, 'auto', 'Igen', null);
		expect(await holds(id, CPR)).toBe(true);

		const purged = await purgeText(db, id, CPR);
		expect(purged).toEqual({ current: 2, versions: 2, revisions: 0 });
		expect(await holds(id, CPR)).toBe(false);
		const text = textOf((await loadState(db, id))!);
		expect(text).toContain('Mødet med borgeren (CPR ) gik godt.');
		expect(text).toContain('skriv');
		// Nothing left to purge the second time.
		expect(await purgeText(db, id, CPR)).toEqual({ current: 0, versions: 0, revisions: 0 });
	});

	it('folds every document log when an account is deleted, so text its owner deleted is gone', async () => {
		const db = handle.db;
		const id = randomUUID();
		await ensureDocument(db, id);
		const doc = new Y.Doc({ gc: false });
		Y.applyUpdate(doc, htmlToState('<p>Det blivende.</p>'));
		await appendUpdate(db, id, Y.encodeStateAsUpdate(doc));
		const sv = Y.encodeStateVector(doc);
		typeAndDelete(doc, `Min egen adresse ${CPR}`);
		await appendUpdate(db, id, Y.encodeStateAsUpdate(doc, sv));
		expect(await holds(id, CPR)).toBe(true);
		const [leaver] = await db
			.insert(users)
			.values({ email: `${id}@example.org`, name: 'Går' })
			.returning({ id: users.id });
		await releaseAccount(db, { id: leaver.id, name: 'Går' });
		expect(await holds(id, CPR)).toBe(false);
		expect(textOf((await loadState(db, id))!)).toBe('Det blivende.');
	});
});
