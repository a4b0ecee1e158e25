/**
 * iCalendar output (RFC 5545) via the `ics` package. Times are written as UTC instants, so every
 * calendar shows them in its own zone; X-WR-TIMEZONE names the meetings' zone for feeds. A moved
 * meeting keeps its UID and gets a higher SEQUENCE, so calendars replace the old event.
 */
import type { EventAttributes } from 'ics';
import { writeEvents } from '../ics';
import { randomBytes } from 'node:crypto';
import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { meetingCalendarTokens, meetingRegistrations, meetings } from '../../../../db/schema';
import type { Meeting } from './registration';
import { ZONE } from '../../time';

export function meetingUid(id: string): string {
	return `meeting-${id}@videnscenter`;
}

function toEvent(meeting: Meeting, origin: string): EventAttributes {
	const url = `${origin}/meetings/${meeting.id}`;
	const location = [meeting.place, meeting.online ? `${url}/room` : ''].filter(Boolean).join(' · ');
	return {
		uid: meetingUid(meeting.id),
		title: meeting.title,
		description: meeting.description || undefined,
		start: meeting.startsAt.getTime(),
		startInputType: 'utc',
		startOutputType: 'utc',
		end: meeting.endsAt.getTime(),
		endInputType: 'utc',
		endOutputType: 'utc',
		location: location || undefined,
		url,
		sequence: meeting.sequence,
		status: meeting.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
		lastModified: meeting.updatedAt.getTime(),
		productId: 'videnscenter/meetings'
	};
}

/** An iCalendar document with the given meetings. */
export function meetingsIcs(list: Meeting[], origin: string, calName?: string): string {
	const value = writeEvents(
		list.map((m) => toEvent(m, origin)),
		{ productId: 'videnscenter/meetings', method: 'PUBLISH', calName }
	);
	// Name the zone for clients that show feed times in the calendar's own zone.
	return value.replace(/^(PRODID:[^\r\n]*\r?\n)/m, `$1X-WR-TIMEZONE:${ZONE}\r\n`);
}

/** Meetings of one network (all, newest changes included). */
export async function networkMeetings(db: Db, networkId: string): Promise<Meeting[]> {
	return db
		.select()
		.from(meetings)
		.where(eq(meetings.networkId, networkId))
		.orderBy(asc(meetings.startsAt));
}

/** Meetings a user is registered for or waiting on, or chairs. */
export async function userMeetings(db: Db, userId: string): Promise<Meeting[]> {
	const registered = await db
		.select({ meeting: meetings })
		.from(meetingRegistrations)
		.innerJoin(meetings, eq(meetings.id, meetingRegistrations.meetingId))
		.where(
			and(eq(meetingRegistrations.userId, userId), ne(meetingRegistrations.status, 'cancelled'))
		);
	const chaired = await db.select().from(meetings).where(eq(meetings.chairId, userId));
	const all = new Map<string, Meeting>();
	for (const r of registered) all.set(r.meeting.id, r.meeting);
	for (const m of chaired) all.set(m.id, m);
	return [...all.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** The user's secret feed token, created on first use. */
export async function calendarToken(db: Db, userId: string): Promise<string> {
	const [row] = await db
		.select()
		.from(meetingCalendarTokens)
		.where(eq(meetingCalendarTokens.userId, userId));
	if (row) return row.token;
	const token = randomBytes(24).toString('base64url');
	await db.insert(meetingCalendarTokens).values({ userId, token }).onConflictDoNothing();
	const [again] = await db
		.select()
		.from(meetingCalendarTokens)
		.where(eq(meetingCalendarTokens.userId, userId));
	return again.token;
}

export async function userForToken(db: Db, token: string): Promise<string | null> {
	if (!/^[\w-]{20,64}$/.test(token)) return null;
	const [row] = await db
		.select()
		.from(meetingCalendarTokens)
		.where(eq(meetingCalendarTokens.token, token));
	return row?.userId ?? null;
}
