/**
 * Keeps an entry's rendered body (HTML for display, text for search) in step with its Yjs
 * document: the realtime server calls this once edits settle and when a document is unloaded.
 */
import { and, eq, or, sql } from 'drizzle-orm';
import type * as Y from 'yjs';
import type { Db } from '../../../../db/client';
import { cases } from '../../../../db/schema';
import { docToHtml, docToText } from './prosemirror';
import { minutesAppendix } from '../meetings/records';
import { isUuid } from '../core';

/**
 * Writes the body's HTML and text from `body`: the document itself, or its rendering done elsewhere
 * (the realtime server renders on its jobs thread). A row that already holds exactly this body is
 * left alone: no new search vectors, no new `updated_at`.
 */
export async function renderEntry(
	db: Db,
	documentId: string,
	body: Y.Doc | { html: string; text: string }
): Promise<void> {
	if (!isUuid(documentId)) return;
	const rendered = 'html' in body ? body : { html: docToHtml(body), text: docToText(body) };
	// Meeting minutes carry their decisions and action items after the text.
	const appendix = await minutesAppendix(db, documentId);
	const bodyHtml = [rendered.html, appendix?.html].filter(Boolean).join('\n');
	const bodyText = [rendered.text, appendix?.text].filter(Boolean).join('\n');
	await db
		.update(cases)
		.set({ bodyHtml, bodyText, updatedAt: sql`now()` })
		.where(
			and(
				eq(cases.id, documentId),
				or(
					sql`${cases.bodyHtml} is distinct from ${bodyHtml}`,
					sql`${cases.bodyText} is distinct from ${bodyText}`
				)
			)
		);
}
