/**
 * A meeting's minutes as a collaborative document: a library entry of kind `meeting_minutes`,
 * created when the room or the chair's page first opens, its Yjs body pre-filled from the agenda.
 * The chair, the network's coordinators and everyone registered write in it together; publishing
 * turns it into a published library entry (see publishMinutes).
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { caseNetworks, cases, meetingRegistrations, meetings } from '../../../../db/schema';
import type { SessionUser } from '../auth/session';
import { setBody } from '../library/entries';
import { docToHtml } from '../documents/prosemirror';
import { loadDoc } from '../documents/store';
import { agendaOf, minutesTemplate } from './meetings';
import { minutesHtml, publisherOf } from './records';
import type { Meeting } from './registration';
import { mayChair } from './networks';

/**
 * The meeting's minutes entry, created on first use (once, even when two people open the room at
 * the same moment) with the agenda as headings, for the organisation that will publish it
 * (publisherOf). Null when no organisation can publish it.
 */
export async function ensureMinutesEntry(
	db: Db,
	meeting: Meeting,
	actorId: string
): Promise<string | null> {
	if (meeting.minutesEntryId) return meeting.minutesEntryId;
	const publisherId = await publisherOf(db, meeting, actorId);
	if (!publisherId) return null;
	const created = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(cases)
			.values({
				kind: 'meeting_minutes',
				title: `Referat: ${meeting.title}`.slice(0, 200),
				status: 'draft',
				scope: meeting.networkId ? 'network' : 'public',
				organisationId: publisherId,
				createdBy: actorId,
				year: meeting.startsAt.getUTCFullYear(),
				periodStart: meeting.startsAt.toISOString().slice(0, 10)
			})
			.returning({ id: cases.id });
		// Only the first opener links its entry; a concurrent second one finds the link taken.
		const [linked] = await tx
			.update(meetings)
			.set({ minutesEntryId: row.id })
			.where(and(eq(meetings.id, meeting.id), isNull(meetings.minutesEntryId)))
			.returning({ id: meetings.id });
		if (!linked) {
			await tx.delete(cases).where(eq(cases.id, row.id));
			return null;
		}
		if (meeting.networkId)
			await tx.insert(caseNetworks).values({ caseId: row.id, networkId: meeting.networkId });
		return row.id;
	});
	if (!created) {
		const [again] = await db
			.select({ id: meetings.minutesEntryId })
			.from(meetings)
			.where(eq(meetings.id, meeting.id));
		return again?.id ?? null;
	}
	const agenda = await agendaOf(db, meeting.id);
	const start = meeting.minutes.trim() ? meeting.minutes : minutesTemplate(meeting, agenda);
	await setBody(db, created, minutesHtml(start, [], []));
	return created;
}

/**
 * Write access to a minutes entry for the meeting's chair and coordinators (always) and its
 * registered participants (until the minutes are published); null for any other entry.
 */
export async function minutesAccess(
	db: Db,
	user: SessionUser | null,
	caseId: string
): Promise<'write' | null> {
	if (!user) return null;
	const [meeting] = await db.select().from(meetings).where(eq(meetings.minutesEntryId, caseId));
	if (!meeting) return null;
	if (await mayChair(db, user, meeting)) return 'write';
	if (meeting.minutesPublishedAt) return null;
	const [reg] = await db
		.select({ status: meetingRegistrations.status })
		.from(meetingRegistrations)
		.where(
			and(eq(meetingRegistrations.meetingId, meeting.id), eq(meetingRegistrations.userId, user.id))
		);
	return reg?.status === 'registered' ? 'write' : null;
}

/** The minutes document as HTML (through the body schema), or null when it has no content yet. */
export async function minutesDocumentHtml(db: Db, caseId: string): Promise<string | null> {
	const doc = await loadDoc(db, caseId);
	if (!doc) return null;
	try {
		return docToHtml(doc);
	} finally {
		doc.destroy();
	}
}
