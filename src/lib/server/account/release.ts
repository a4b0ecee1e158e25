/**
 * What an account lets go of when it is deleted, across the domains: seats at coming meetings (the
 * waiting list moves up), open mentorships and requests (the other side is told), the mentor
 * profile (no new requests), personal network memberships and pending join requests, calendar-feed
 * and realtime tokens, and deleted text still held in documents' logs. Runs after the account row is anonymised; each step is its own transaction,
 * and a failing step is logged without undoing the deletion (the person asked to be gone).
 */
import { and, eq, gt, inArray, or } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	meetingCalendarTokens,
	meetingRegistrations,
	meetings,
	mentorProfiles,
	mentorshipRequests,
	networkJoinRequests,
	networkMembers,
	realtimeTokens
} from '../../../../db/schema';
import { log } from '../log';
import { scrubHistory } from '../documents/store';
import { cancelRegistration } from '../meetings/registration';
import * as mentors from '../mentors';

export interface Leaver {
	id: string;
	/** The name before anonymising, for the notices the other side gets. */
	name: string;
}

export interface ReleaseContext {
	origin?: string;
	ip?: string | null;
	now?: Date;
}

async function releaseMeetingSeats(db: Db, user: Leaver, ctx: ReleaseContext): Promise<void> {
	const rows = await db
		.select({ meetingId: meetingRegistrations.meetingId })
		.from(meetingRegistrations)
		.innerJoin(meetings, eq(meetings.id, meetingRegistrations.meetingId))
		.where(
			and(
				eq(meetingRegistrations.userId, user.id),
				inArray(meetingRegistrations.status, ['registered', 'waiting']),
				gt(meetings.startsAt, ctx.now ?? new Date())
			)
		);
	for (const row of rows) await cancelRegistration(db, row.meetingId, user.id, ctx.origin);
}

async function releaseMentorships(db: Db, user: Leaver, ctx: ReleaseContext): Promise<void> {
	const mentorCtx: mentors.Context = {
		actor: { id: user.id, name: user.name, role: 'user' },
		origin: ctx.origin,
		ip: ctx.ip
	};
	const open = await db
		.select({
			id: mentorshipRequests.id,
			status: mentorshipRequests.status,
			menteeId: mentorshipRequests.menteeId
		})
		.from(mentorshipRequests)
		.innerJoin(mentorProfiles, eq(mentorProfiles.id, mentorshipRequests.mentorId))
		.where(
			and(
				inArray(mentorshipRequests.status, ['pending', 'accepted']),
				or(eq(mentorshipRequests.menteeId, user.id), eq(mentorProfiles.userId, user.id))
			)
		);
	for (const request of open) {
		const asMentee = request.menteeId === user.id;
		if (request.status === 'accepted') await mentors.finish(db, mentorCtx, request.id, 'ended');
		else if (asMentee) await mentors.withdraw(db, mentorCtx, request.id);
		else await mentors.respond(db, mentorCtx, request.id, 'decline', '');
	}
	await db
		.update(mentorProfiles)
		.set({ accepting: false })
		.where(eq(mentorProfiles.userId, user.id));
}

async function releaseMemberships(db: Db, user: Leaver): Promise<void> {
	await db.transaction(async (tx) => {
		await tx.delete(networkMembers).where(eq(networkMembers.userId, user.id));
		await tx
			.delete(networkJoinRequests)
			.where(
				and(eq(networkJoinRequests.userId, user.id), eq(networkJoinRequests.status, 'pending'))
			);
		await tx.delete(meetingCalendarTokens).where(eq(meetingCalendarTokens.userId, user.id));
		await tx.delete(realtimeTokens).where(eq(realtimeTokens.userId, user.id));
	});
}

/**
 * Text the person typed and deleted may still sit in documents' update logs (until the next
 * compaction) or in documents stored before deleted text was dropped: both are folded now. Which
 * documents a person typed in is not recorded, so every document with a log is.
 */
async function releaseDeletedText(db: Db): Promise<void> {
	await scrubHistory(db, { logs: true });
}

const steps: Array<[string, (db: Db, user: Leaver, ctx: ReleaseContext) => Promise<void>]> = [
	['meetings', releaseMeetingSeats],
	['mentors', releaseMentorships],
	['memberships', releaseMemberships],
	['documents', releaseDeletedText]
];

export async function releaseAccount(
	db: Db,
	user: Leaver,
	ctx: ReleaseContext = {}
): Promise<void> {
	for (const [name, step] of steps) {
		try {
			await step(db, user, ctx);
		} catch (err) {
			log.error({ err, step: name, userId: user.id }, 'releasing a deleted account failed');
		}
	}
}
