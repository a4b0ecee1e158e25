/**
 * Meeting rooms at Staldgården, booked by the park's tenants. The database refuses overlapping
 * bookings (an exclusion constraint), so the check holds under concurrent requests too; here we
 * turn that refusal into the conflicting booking to show.
 */
import { writeEvents } from '../ics';
import { and, asc, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	memberships,
	organisations,
	parkBookings,
	parkEnterprises,
	parkRooms,
	users
} from '../../../../db/schema';
import { audit } from '../audit';
import type { Actor } from './directory';
import { isDate, isTime, zonedInstant } from '../../time';
import { isUuid } from '../core';

export const TITLE_MAX = 120;
/** Bookings are for meetings: at most a working day. */
export const MAX_HOURS = 12;

export async function rooms(db: Db) {
	return db.select().from(parkRooms).orderBy(asc(parkRooms.name));
}

/** The organisations through which the user is a Staldgården tenant. */
export async function tenancies(db: Db, userId: string) {
	return db
		.select({ id: organisations.id, name: organisations.name })
		.from(memberships)
		.innerJoin(organisations, eq(organisations.id, memberships.organisationId))
		.innerJoin(parkEnterprises, eq(parkEnterprises.organisationId, organisations.id))
		.where(
			and(
				eq(memberships.userId, userId),
				eq(memberships.status, 'active'),
				eq(parkEnterprises.membership, 'physical')
			)
		)
		.orderBy(asc(organisations.name));
}

export async function canBook(db: Db, actor: Actor): Promise<boolean> {
	return actor.role === 'admin' || (await tenancies(db, actor.id)).length > 0;
}

const bookingColumns = {
	id: parkBookings.id,
	roomId: parkBookings.roomId,
	roomName: parkRooms.name,
	title: parkBookings.title,
	startsAt: parkBookings.startsAt,
	endsAt: parkBookings.endsAt,
	bookedBy: parkBookings.bookedBy,
	bookedByName: users.name,
	organisationName: organisations.name
};

/** Bookings (not cancelled) ending after `from`, by start. */
export async function upcoming(db: Db, from: Date, limit = 200) {
	return db
		.select(bookingColumns)
		.from(parkBookings)
		.innerJoin(parkRooms, eq(parkRooms.id, parkBookings.roomId))
		.leftJoin(users, eq(users.id, parkBookings.bookedBy))
		.leftJoin(organisations, eq(organisations.id, parkBookings.organisationId))
		.where(and(isNull(parkBookings.cancelledAt), gt(parkBookings.endsAt, from)))
		.orderBy(asc(parkBookings.startsAt))
		.limit(limit);
}

export async function booking(db: Db, id: string) {
	if (!isUuid(id)) return null;
	const [row] = await db
		.select({ ...bookingColumns, cancelledAt: parkBookings.cancelledAt })
		.from(parkBookings)
		.innerJoin(parkRooms, eq(parkRooms.id, parkBookings.roomId))
		.leftJoin(users, eq(users.id, parkBookings.bookedBy))
		.leftJoin(organisations, eq(organisations.id, parkBookings.organisationId))
		.where(eq(parkBookings.id, id));
	return row ?? null;
}

export interface BookingInput {
	roomId: string;
	organisationId: string;
	date: string;
	start: string;
	end: string;
	title: string;
}

export type Conflict = NonNullable<Awaited<ReturnType<typeof booking>>>;

export type BookResult =
	| { ok: true; id: string }
	| { ok: false; code: 'forbidden' }
	| { ok: false; code: 'invalid'; errors: Record<string, string> }
	| { ok: false; code: 'conflict'; conflict: Conflict | null };

/** Exclusion-constraint violation, on either driver (drizzle may wrap the driver's error). */
function isOverlap(err: unknown): boolean {
	for (let e = err as { code?: string; cause?: unknown } | undefined, i = 0; e && i < 4; i++) {
		if (e.code === '23P01') return true;
		e = e.cause as typeof e;
	}
	return false;
}

async function findConflict(db: Db, roomId: string, startsAt: Date, endsAt: Date) {
	const [row] = await db
		.select({ id: parkBookings.id })
		.from(parkBookings)
		.where(
			and(
				eq(parkBookings.roomId, roomId),
				isNull(parkBookings.cancelledAt),
				lt(parkBookings.startsAt, endsAt),
				gt(parkBookings.endsAt, startsAt)
			)
		)
		.orderBy(asc(parkBookings.startsAt))
		.limit(1);
	return row ? booking(db, row.id) : null;
}

/** Books a room (times are Copenhagen wall-clock times). */
export async function book(
	db: Db,
	actor: Actor,
	input: BookingInput,
	now = new Date()
): Promise<BookResult> {
	const tenancy = await tenancies(db, actor.id);
	if (actor.role !== 'admin' && tenancy.length === 0) return { ok: false, code: 'forbidden' };
	const errors: Record<string, string> = {};
	const roomList = await rooms(db);
	if (!roomList.some((r) => r.id === input.roomId)) errors.roomId = 'invalid_choice';
	let organisationId: string | null = null;
	if (input.organisationId) {
		if (!tenancy.some((t) => t.id === input.organisationId))
			errors.organisationId = 'invalid_choice';
		else organisationId = input.organisationId;
	} else organisationId = tenancy[0]?.id ?? null;
	const title = input.title.trim();
	if (!title) errors.title = 'required';
	else if (title.length > TITLE_MAX) errors.title = 'too_long';
	if (!isDate(input.date)) errors.date = 'invalid_date';
	if (!isTime(input.start)) errors.start = 'invalid_time';
	if (!isTime(input.end)) errors.end = 'invalid_time';
	if (!errors.date && !errors.start && !errors.end) {
		const startsAt = zonedInstant(input.date, input.start);
		const endsAt = zonedInstant(input.date, input.end);
		if (endsAt <= startsAt) errors.end = 'end_before_start';
		else if (endsAt.getTime() - startsAt.getTime() > MAX_HOURS * 3_600_000)
			errors.end = 'too_long_booking';
		else if (startsAt < now) errors.date = 'in_the_past';
	}
	if (Object.keys(errors).length) return { ok: false, code: 'invalid', errors };
	const startsAt = zonedInstant(input.date, input.start);
	const endsAt = zonedInstant(input.date, input.end);
	try {
		const id = await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(parkBookings)
				.values({
					roomId: input.roomId,
					organisationId,
					bookedBy: actor.id,
					title,
					startsAt,
					endsAt
				})
				.returning({ id: parkBookings.id });
			await audit(tx, {
				actorId: actor.id,
				action: 'park.room_booked',
				targetType: 'park_booking',
				targetId: row.id,
				organisationId
			});
			return row.id;
		});
		return { ok: true, id };
	} catch (err) {
		if (!isOverlap(err)) throw err;
		return {
			ok: false,
			code: 'conflict',
			conflict: await findConflict(db, input.roomId, startsAt, endsAt)
		};
	}
}

/** Cancels a booking: the person who made it, or a platform admin. */
export async function cancel(
	db: Db,
	actor: Actor,
	id: string,
	now = new Date()
): Promise<{ ok: true } | { ok: false; code: 'not_found' | 'forbidden' }> {
	const row = await booking(db, id);
	if (!row || row.cancelledAt) return { ok: false, code: 'not_found' };
	if (row.bookedBy !== actor.id && actor.role !== 'admin') return { ok: false, code: 'forbidden' };
	await db.transaction(async (tx) => {
		await tx
			.update(parkBookings)
			.set({ cancelledAt: now })
			.where(and(eq(parkBookings.id, id), isNull(parkBookings.cancelledAt)));
		await audit(tx, {
			actorId: actor.id,
			action: 'park.booking_cancelled',
			targetType: 'park_booking',
			targetId: id
		});
	});
	return { ok: true };
}

/**
 * One booking as an iCalendar file (RFC 5545), times in UTC, written by the `ics` package as meeting
 * files are: it escapes and folds every text, so a title cannot start a property of its own.
 */
export function ical(b: Conflict, origin: string): string {
	return writeEvents(
		[
			{
				uid: `${b.id}@${new URL(origin).hostname}`,
				productId: 'videnscenter/staldgaarden-rooms',
				title: b.title,
				location: `Staldgården, ${b.roomName}`,
				start: b.startsAt.getTime(),
				startInputType: 'utc',
				startOutputType: 'utc',
				end: b.endsAt.getTime(),
				endInputType: 'utc',
				endOutputType: 'utc'
			}
		],
		{ productId: 'videnscenter/staldgaarden-rooms', method: 'PUBLISH' }
	);
}
