import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { testDb } from '../../../../tests/helpers/db';
import type { Db } from '../../../../db/client';
import { cases, organisations } from '../../../../db/schema';
import { docToHtml, docToText, htmlToState } from './prosemirror';
import { renderEntry } from './render';

let handle: Awaited<ReturnType<typeof testDb>>;
let db: Db;
let orgId: string;

beforeAll(async () => {
	handle = await testDb();
	db = handle.db;
	const [org] = await db
		.insert(organisations)
		.values({ kind: 'enterprise', name: 'Render ApS', slug: 'render-aps', status: 'approved' })
		.returning({ id: organisations.id });
	orgId = org.id;
}, 60_000);
afterAll(() => handle?.drop());

const LONG_AGO = new Date('2001-02-03T04:05:06Z');

async function entry(title: string): Promise<string> {
	const [row] = await db
		.insert(cases)
		.values({ kind: 'case', title, organisationId: orgId })
		.returning({ id: cases.id });
	return row.id;
}

async function rowOf(id: string) {
	const [row] = await db
		.select({
			bodyHtml: cases.bodyHtml,
			bodyText: cases.bodyText,
			updatedAt: cases.updatedAt,
			// Every column of the row, to see that nothing else was rewritten either.
			xmin: sql<string>`xmin::text`
		})
		.from(cases)
		.where(eq(cases.id, id));
	return row;
}

/** Puts `updated_at` far in the past, so that any rewrite of the row shows. */
async function age(id: string): Promise<void> {
	await db.update(cases).set({ updatedAt: LONG_AGO }).where(eq(cases.id, id));
}

function docOf(html: string): Y.Doc {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, htmlToState(html));
	return doc;
}

describe('renderEntry', () => {
	it('writes the rendered body and bumps updated_at when the body changes', async () => {
		const id = await entry('Changes');
		await age(id);
		await renderEntry(db, id, { html: '<p>first</p>', text: 'first' });
		const first = await rowOf(id);
		expect(first.bodyHtml).toBe('<p>first</p>');
		expect(first.bodyText).toBe('first');
		expect(first.updatedAt.getTime()).toBeGreaterThan(LONG_AGO.getTime());

		await age(id);
		await renderEntry(db, id, { html: '<p>second</p>', text: 'second' });
		const second = await rowOf(id);
		expect(second.bodyHtml).toBe('<p>second</p>');
		expect(second.bodyText).toBe('second');
		expect(second.updatedAt.getTime()).toBeGreaterThan(LONG_AGO.getTime());
	});

	it('leaves the row alone when called again with the same body', async () => {
		const id = await entry('Unchanged');
		await renderEntry(db, id, { html: '<p>same</p>', text: 'same' });
		await age(id);
		const before = await rowOf(id);

		await renderEntry(db, id, { html: '<p>same</p>', text: 'same' });
		const after = await rowOf(id);
		expect(after.updatedAt).toEqual(LONG_AGO);
		expect(after.bodyHtml).toBe('<p>same</p>');
		expect(after.bodyText).toBe('same');
		// No new row version at all (xmin changes with any update, even to the same values).
		expect(after.xmin).toBe(before.xmin);
	});

	it('rewrites the row when only the text or only the HTML differs', async () => {
		const id = await entry('Half changed');
		await renderEntry(db, id, { html: '<p>x</p>', text: 'x' });

		await age(id);
		await renderEntry(db, id, { html: '<p>x</p>', text: 'x y' });
		expect((await rowOf(id)).bodyText).toBe('x y');
		expect((await rowOf(id)).updatedAt.getTime()).toBeGreaterThan(LONG_AGO.getTime());

		await age(id);
		await renderEntry(db, id, { html: '<p><strong>x</strong></p>', text: 'x y' });
		expect((await rowOf(id)).bodyHtml).toBe('<p><strong>x</strong></p>');
		expect((await rowOf(id)).updatedAt.getTime()).toBeGreaterThan(LONG_AGO.getTime());
	});

	it('treats a document and its rendering done elsewhere as the same body', async () => {
		const id = await entry('Both forms');
		const doc = docOf('<h2>Plan</h2><p>Step <em>one</em></p>');
		await renderEntry(db, id, doc);
		const rendered = await rowOf(id);
		expect(rendered.bodyHtml).toBe(docToHtml(doc));
		expect(rendered.bodyText).toBe(docToText(doc));
		expect(rendered.bodyHtml).toContain('<em>one</em>');

		// The jobs thread's rendering of the same document changes nothing…
		await age(id);
		const { xmin } = await rowOf(id);
		await renderEntry(db, id, { html: docToHtml(doc), text: docToText(doc) });
		expect((await rowOf(id)).updatedAt).toEqual(LONG_AGO);
		expect((await rowOf(id)).xmin).toBe(xmin);
		// …nor does the same document again.
		await renderEntry(db, id, docOf('<h2>Plan</h2><p>Step <em>one</em></p>'));
		expect((await rowOf(id)).updatedAt).toEqual(LONG_AGO);

		// An edit does.
		await renderEntry(db, id, docOf('<h2>Plan</h2><p>Step <em>two</em></p>'));
		const edited = await rowOf(id);
		expect(edited.bodyText).toBe('Plan\n\nStep two');
		expect(edited.updatedAt.getTime()).toBeGreaterThan(LONG_AGO.getTime());
	});

	it('ignores a document id that is not an entry id', async () => {
		const id = await entry('Untouched');
		await age(id);
		await renderEntry(db, 'meeting:notes', { html: '<p>x</p>', text: 'x' });
		expect((await rowOf(id)).updatedAt).toEqual(LONG_AGO);
		expect((await rowOf(id)).bodyHtml).toBe('');
	});
});
