/**
 * Meeting papers: links, or files the chair uploads. Files go through the library's attachment
 * storage (same types, size limit, disk or S3). The row's `url` holds `stored:<key>` for a file, so
 * links and files share one table without a schema change; the key's extension gives the type.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { meetingAttachments, meetingRegistrations } from '../../../../db/schema';
import { audit } from '../audit';
import {
	contentTypeOf,
	deleteFile,
	loadFile,
	storeFile,
	type StoredFile
} from '../library/attachments';
import { isNetworkMember, mayChair } from './networks';
import type { Meeting } from './registration';
import { isUuid, type Actor } from '../core';

const STORED = 'stored:';

export interface MeetingPaper {
	id: string;
	title: string;
	/** The link, or null for an uploaded file (served by /meetings/<id>/attachments/<aid>). */
	url: string | null;
}

export async function attachmentsOf(db: Db, meetingId: string): Promise<MeetingPaper[]> {
	const rows = await db
		.select()
		.from(meetingAttachments)
		.where(eq(meetingAttachments.meetingId, meetingId))
		.orderBy(asc(meetingAttachments.createdAt));
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		url: r.url.startsWith(STORED) ? null : r.url
	}));
}

export async function addAttachment(db: Db, meetingId: string, title: string, url: string) {
	await db.insert(meetingAttachments).values({ meetingId, title, url });
}

/** Stores an uploaded file for the meeting; refused types and sizes come back as codes. */
export async function addFile(
	db: Db,
	actorId: string,
	meetingId: string,
	file: File
): Promise<StoredFile> {
	const stored = await storeFile(`meetings/${meetingId}`, file);
	if (!stored.ok) return stored;
	await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(meetingAttachments)
			.values({ meetingId, title: stored.filename, url: `${STORED}${stored.key}` })
			.returning({ id: meetingAttachments.id });
		await audit(tx as Db, {
			actorId,
			action: 'meeting.attachment_add',
			targetType: 'meeting',
			targetId: meetingId,
			details: { attachmentId: row.id, filename: stored.filename, size: stored.size }
		});
	});
	return stored;
}

/** Removes a link or a file (and its bytes). */
export async function removeAttachment(
	db: Db,
	actorId: string,
	meetingId: string,
	id: string
): Promise<boolean> {
	if (!isUuid(id)) return false;
	const removed = await db.transaction(async (tx) => {
		const [row] = await tx
			.delete(meetingAttachments)
			.where(and(eq(meetingAttachments.meetingId, meetingId), eq(meetingAttachments.id, id)))
			.returning();
		if (!row) return null;
		await audit(tx as Db, {
			actorId,
			action: 'meeting.attachment_remove',
			targetType: 'meeting',
			targetId: meetingId,
			details: { attachmentId: id, title: row.title }
		});
		return row;
	});
	// The row is gone first: a failed delete leaves an orphan file, never a dangling link.
	if (removed?.url.startsWith(STORED))
		await deleteFile(removed.url.slice(STORED.length)).catch(() => {});
	return removed !== null;
}

/** The bytes of an uploaded file of the meeting, or null. */
export async function readMeetingFile(db: Db, meetingId: string, id: string) {
	if (!isUuid(id)) return null;
	const [row] = await db
		.select()
		.from(meetingAttachments)
		.where(and(eq(meetingAttachments.meetingId, meetingId), eq(meetingAttachments.id, id)));
	if (!row || !row.url.startsWith(STORED)) return null;
	const key = row.url.slice(STORED.length);
	const bytes = await loadFile(key).catch(() => null);
	if (!bytes) return null;
	return { filename: row.title, contentType: contentTypeOf(key), bytes };
}

/**
 * Who may open the meeting's files: its chairs, those registered or waiting, and members of its
 * network (in person or through their organisation). Links stay visible to everyone.
 */
export async function mayReadFiles(db: Db, user: Actor | null, meeting: Meeting): Promise<boolean> {
	if (!user) return false;
	if (await mayChair(db, user, meeting)) return true;
	const [reg] = await db
		.select({ status: meetingRegistrations.status })
		.from(meetingRegistrations)
		.where(
			and(eq(meetingRegistrations.meetingId, meeting.id), eq(meetingRegistrations.userId, user.id))
		);
	if (reg && reg.status !== 'cancelled') return true;
	return meeting.networkId ? isNetworkMember(db, user.id, meeting.networkId) : false;
}
