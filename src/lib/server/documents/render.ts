/**
 * Keeps an entry's rendered body (HTML for display, text for search) in step with its Yjs
 * document: the realtime server calls this once edits settle and when a document is unloaded.
 */
import { eq, sql } from 'drizzle-orm';
import type * as Y from 'yjs';
import type { Db } from '../../../../db/client';
import { cases } from '../../../../db/schema';
import { docToHtml, docToText } from './prosemirror';
import { minutesAppendix } from '../meetings/minutes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function renderEntry(db: Db, documentId: string, doc: Y.Doc): Promise<void> {
	if (!UUID.test(documentId)) return;
	// Meeting minutes carry their decisions and action items after the text.
	const appendix = await minutesAppendix(db, documentId);
	const bodyHtml = [docToHtml(doc), appendix?.html].filter(Boolean).join('\n');
	const bodyText = [docToText(doc), appendix?.text].filter(Boolean).join('\n');
	await db
		.update(cases)
		.set({ bodyHtml, bodyText, updatedAt: sql`now()` })
		.where(eq(cases.id, documentId));
}
