/**
 * Registration with a waiting list. Every change for one meeting first locks the meeting's row, so
 * concurrent sign-ups and cancellations are serialised: seats never overbook and the waiting list is
 * promoted exactly once per freed seat, oldest first.
 */
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { meetingRegistrations, meetings, users } from '../../../../db/schema';
import { notify } from '../notifications';
import { liveUsersChanged } from '../auth/live';
import { noticeText, type NoticeKind } from './texts';
import { formatDate } from '../../format';
import { toCsv, transact } from '../core';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Meeting = typeof meetings.$inferSelect;

/** Locks and returns the meeting row for the rest of the transaction. */
export async function lockMeeting(tx: Tx | Db, meetingId: string): Promise<Meeting | undefined> {
	const [row] = await tx.select().from(meetings).where(eq(meetings.id, meetingId)).for('update');
	return row;
}

export async function registeredCount(tx: Tx | Db, meetingId: string): Promise<number> {
	const [row] = await tx
		.select({ n: count() })
		.from(meetingRegistrations)
		.where(
			and(
				eq(meetingRegistrations.meetingId, meetingId),
				eq(meetingRegistrations.status, 'registered')
			)
		);
	return Number(row?.n ?? 0);
}

/** A notice about a meeting (the network ones are the networks module's). */
export type MeetingNoticeKind = Exclude<NoticeKind, `network_${string}`>;

/**
 * Stores in-app + e-mail notices in the transaction; the notification centre delivers them to open
 * tabs once it committed, so nobody is told of a change that was rolled back.
 */
export async function noticeUsers(
	tx: Tx | Db,
	meeting: Meeting,
	userIds: string[],
	kind: MeetingNoticeKind,
	origin?: string
): Promise<void> {
	if (userIds.length === 0) return;
	const rows = await tx
		.select({ id: users.id, locale: users.locale })
		.from(users)
		.where(inArray(users.id, userIds));
	for (const row of rows) {
		const text = noticeText(kind, row.locale, {
			title: meeting.title,
			when: formatDate(meeting.startsAt, 'when', row.locale)
		});
		await notify(
			tx as Db,
			row.id,
			{
				kind: `meeting.${kind}`,
				title: text.title,
				body: text.body,
				link: `/meetings/${meeting.id}`
			},
			origin
		);
	}
}

/** Fills free seats from the waiting list in queue order; returns the promoted user ids. */
export async function promoteWaiting(tx: Tx, meeting: Meeting): Promise<string[]> {
	const free = meeting.capacity - (await registeredCount(tx, meeting.id));
	if (free <= 0) return [];
	const next = await tx
		.select({ id: meetingRegistrations.id, userId: meetingRegistrations.userId })
		.from(meetingRegistrations)
		.where(
			and(
				eq(meetingRegistrations.meetingId, meeting.id),
				eq(meetingRegistrations.status, 'waiting')
			)
		)
		.orderBy(asc(meetingRegistrations.queueSeq))
		.limit(free);
	if (next.length === 0) return [];
	await tx
		.update(meetingRegistrations)
		.set({ status: 'registered', promotedAt: new Date() })
		.where(
			inArray(
				meetingRegistrations.id,
				next.map((r) => r.id)
			)
		);
	return next.map((r) => r.userId);
}

export type RegisterResult =
	| { ok: true; status: 'registered' | 'waiting' }
	| { ok: false; error: 'not_found' | 'cancelled' | 'past' };

export async function register(
	db: Db,
	meetingId: string,
	userId: string,
	origin?: string,
	now = new Date()
): Promise<RegisterResult> {
	return transact(db, async (tx): Promise<RegisterResult> => {
		const meeting = await lockMeeting(tx, meetingId);
		if (!meeting) return { ok: false, error: 'not_found' };
		if (meeting.status === 'cancelled') return { ok: false, error: 'cancelled' };
		if (meeting.endsAt <= now) return { ok: false, error: 'past' };
		const [existing] = await tx
			.select()
			.from(meetingRegistrations)
			.where(
				and(eq(meetingRegistrations.meetingId, meetingId), eq(meetingRegistrations.userId, userId))
			);
		if (existing && existing.status !== 'cancelled') return { ok: true, status: existing.status };
		const status =
			(await registeredCount(tx, meetingId)) < meeting.capacity ? 'registered' : 'waiting';
		if (existing) {
			// Coming back after a cancellation: to the end of the queue.
			await tx
				.update(meetingRegistrations)
				.set({
					status,
					cancelledAt: null,
					attended: false,
					queueSeq: sql`nextval(pg_get_serial_sequence('meeting_registrations', 'queue_seq'))`
				})
				.where(eq(meetingRegistrations.id, existing.id));
		} else {
			await tx.insert(meetingRegistrations).values({ meetingId, userId, status });
		}
		await noticeUsers(tx, meeting, [userId], status, origin);
		return { ok: true, status };
	});
}

export type CancelResult =
	{ ok: true; promoted: string[] } | { ok: false; error: 'not_found' | 'not_registered' };

export async function cancelRegistration(
	db: Db,
	meetingId: string,
	userId: string,
	origin?: string
): Promise<CancelResult> {
	return transact(db, async (tx, after): Promise<CancelResult> => {
		const meeting = await lockMeeting(tx, meetingId);
		if (!meeting) return { ok: false, error: 'not_found' };
		const [existing] = await tx
			.select()
			.from(meetingRegistrations)
			.where(
				and(eq(meetingRegistrations.meetingId, meetingId), eq(meetingRegistrations.userId, userId))
			);
		if (!existing || existing.status === 'cancelled') return { ok: false, error: 'not_registered' };
		await tx
			.update(meetingRegistrations)
			.set({ status: 'cancelled', cancelledAt: new Date() })
			.where(eq(meetingRegistrations.id, existing.id));
		const promoted =
			existing.status === 'registered' && meeting.status === 'scheduled'
				? await promoteWaiting(tx, meeting)
				: [];
		await noticeUsers(tx, meeting, promoted, 'promoted', origin);
		// An open meeting-room socket of the user leaves the room now (realtime/rooms/meetings.ts).
		after(() => liveUsersChanged([userId]));
		return { ok: true, promoted };
	});
}

export interface RegistrationRow {
	userId: string;
	name: string;
	email: string;
	status: 'registered' | 'waiting' | 'cancelled';
	queueSeq: number;
	attended: boolean;
	createdAt: Date;
}

/** Registered first, then the waiting list in order. */
export async function listRegistrations(db: Db, meetingId: string): Promise<RegistrationRow[]> {
	const rows = await db
		.select({
			userId: meetingRegistrations.userId,
			name: users.name,
			email: users.email,
			status: meetingRegistrations.status,
			queueSeq: meetingRegistrations.queueSeq,
			attended: meetingRegistrations.attended,
			createdAt: meetingRegistrations.createdAt
		})
		.from(meetingRegistrations)
		.innerJoin(users, eq(users.id, meetingRegistrations.userId))
		.where(eq(meetingRegistrations.meetingId, meetingId))
		.orderBy(asc(meetingRegistrations.queueSeq));
	const rank = { registered: 0, waiting: 1, cancelled: 2 } as const;
	return rows.sort((a, b) => rank[a.status] - rank[b.status] || a.queueSeq - b.queueSeq);
}

export async function registrationOf(
	db: Db,
	meetingId: string,
	userId: string
): Promise<{ status: RegistrationRow['status']; position: number | null } | null> {
	const [row] = await db
		.select()
		.from(meetingRegistrations)
		.where(
			and(eq(meetingRegistrations.meetingId, meetingId), eq(meetingRegistrations.userId, userId))
		);
	if (!row) return null;
	if (row.status !== 'waiting') return { status: row.status, position: null };
	const [ahead] = await db
		.select({ n: count() })
		.from(meetingRegistrations)
		.where(
			and(
				eq(meetingRegistrations.meetingId, meetingId),
				eq(meetingRegistrations.status, 'waiting'),
				sql`${meetingRegistrations.queueSeq} < ${row.queueSeq}`
			)
		);
	return { status: 'waiting', position: Number(ahead?.n ?? 0) + 1 };
}

export async function setAttendance(
	db: Db,
	meetingId: string,
	attendedUserIds: string[]
): Promise<void> {
	await db.transaction(async (tx) => {
		await tx
			.update(meetingRegistrations)
			.set({ attended: false })
			.where(eq(meetingRegistrations.meetingId, meetingId));
		if (attendedUserIds.length)
			await tx
				.update(meetingRegistrations)
				.set({ attended: true })
				.where(
					and(
						eq(meetingRegistrations.meetingId, meetingId),
						eq(meetingRegistrations.status, 'registered'),
						inArray(meetingRegistrations.userId, attendedUserIds)
					)
				);
	});
}

/** CSV (RFC 4180, semicolon-free) of the registrant list for the chair. */
export function registrantsCsv(rows: RegistrationRow[]): string {
	const lines: string[][] = [];
	let waiting = 0;
	for (const r of rows) {
		lines.push([
			r.name,
			r.email,
			r.status,
			r.status === 'waiting' ? String(++waiting) : '',
			r.attended ? 'yes' : 'no',
			r.createdAt.toISOString()
		]);
	}
	return toCsv(['name', 'email', 'status', 'waiting_position', 'attended', 'registered_at'], lines);
}
