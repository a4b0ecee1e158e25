/**
 * A platform admin purges text from an entry's whole history (personal data pasted by mistake):
 * the current text, every version, the metadata revisions and the stored log (documents/purge.ts).
 * The audit log records who purged how much from which entry, never the text itself.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { cases } from '../../../../db/schema';
import { audit } from '../audit';
import { purgeText, PURGE_MAX, PURGE_MIN, type Purged } from '../documents/purge';
import { cleanText } from '../input';
import { refreshBody } from './entries';

export type PurgeResult =
	| { ok: true; purged: Purged; stillInMetadata: boolean }
	| { ok: false; field: 'text'; code: 'purge_forbidden' | 'purge_too_short' | 'purge_too_long' };

export async function purgeEntryText(
	db: Db,
	actor: { id: string; role: string },
	caseId: string,
	raw: string
): Promise<PurgeResult> {
	if (actor.role !== 'admin') return { ok: false, field: 'text', code: 'purge_forbidden' };
	const text = cleanText(raw).trim();
	if (text.length < PURGE_MIN) return { ok: false, field: 'text', code: 'purge_too_short' };
	if (text.length > PURGE_MAX) return { ok: false, field: 'text', code: 'purge_too_long' };
	const purged = await purgeText(db, caseId, text);
	await refreshBody(db, caseId);
	const [row] = await db
		.select({ title: cases.title, summary: cases.summary, org: cases.organisationId })
		.from(cases)
		.where(eq(cases.id, caseId));
	await audit(db, {
		actorId: actor.id,
		action: 'library.text_purged',
		targetType: 'case',
		targetId: caseId,
		organisationId: row?.org ?? null,
		details: { ...purged, length: text.length }
	});
	const lower = text.toLowerCase();
	const stillInMetadata = [row?.title, row?.summary].some((v) => v?.toLowerCase().includes(lower));
	return { ok: true, purged, stillInMetadata };
}
