/**
 * Who may open a document's websocket, and how: the authors of a library entry, its invited
 * co-authors and the editors of the owning organisation write; readers of a published entry (within
 * its sharing scope) read; anyone else is refused. Free of SvelteKit imports (the realtime server
 * calls it on every upgrade).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { cases } from '../../../../db/schema';
import type { SessionUser } from '../auth/session';
import { canEdit, canRead, viewerOf } from '../library/access';
import { minutesAccess } from '../meetings/minutes';
import { isUuid } from '../core';

export type DocumentAccess = 'write' | 'read';

export async function resolveAccess(
	db: Db,
	user: SessionUser | null,
	documentId: string
): Promise<DocumentAccess | null> {
	if (!isUuid(documentId)) return null;
	const [entry] = await db
		.select({
			id: cases.id,
			organisationId: cases.organisationId,
			createdBy: cases.createdBy,
			status: cases.status,
			scope: cases.scope
		})
		.from(cases)
		.where(eq(cases.id, documentId));
	if (!entry) return null;
	const viewer = await viewerOf(db, user);
	if (await canEdit(db, viewer, entry)) return 'write';
	// A meeting's minutes: its chair and participants write them together (meetings/minutes.ts).
	if ((await minutesAccess(db, user, entry.id)) === 'write') return 'write';
	if (await canRead(db, viewer, entry)) return 'read';
	return null;
}
