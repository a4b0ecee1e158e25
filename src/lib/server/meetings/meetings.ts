/**
 * Meetings: creation (single or a series of four a year), changes that notify registrants, agenda,
 * decisions, action items and minutes. Who may chair: the meeting's chair and platform admins.
 */
import { and, asc, eq, gte, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	meetingAgendaItems,
	meetingRegistrations,
	meetings,
	cases,
	caseNetworks
} from '../../../../db/schema';
import { audit } from '../audit';
import { emitToMeeting } from '../core/emit';
import { realtimeHub } from '../documents/hub';
import { docToHtml, docToText } from '../documents/prosemirror';
import { loadDoc } from '../documents/store';
import { actionItemsOf, decisionsOf, minutesHtml, publisherOf } from './records';
import {
	lockMeeting,
	noticeUsers,
	promoteWaiting,
	registeredCount,
	type Meeting
} from './registration';
import { addMonthsLocal, copenhagenToUtc } from '../../time';
import { isUuid, transact } from '../core';

export type { Meeting };
export type AgendaItem = typeof meetingAgendaItems.$inferSelect;

export interface MeetingInput {
	title: string;
	description: string;
	day: string;
	start: string;
	end: string;
	place: string;
	online: boolean;
	capacity: string;
	networkId?: string | null;
}

export type MeetingErrors = Partial<Record<keyof MeetingInput, string>>;

/** Error codes per field: required, too_long, invalid_date, end_before_start, capacity_invalid. */
export function parseMeeting(
	input: MeetingInput
):
	| { ok: true; value: Omit<typeof meetings.$inferInsert, 'id'> }
	| { ok: false; errors: MeetingErrors } {
	const errors: MeetingErrors = {};
	if (!input.title.trim()) errors.title = 'required';
	else if (input.title.length > 200) errors.title = 'too_long';
	if (input.description.length > 5000) errors.description = 'too_long';
	if (input.place.length > 300) errors.place = 'too_long';
	const startsAt = copenhagenToUtc(input.day, input.start);
	const endsAt = copenhagenToUtc(input.day, input.end);
	if (!startsAt) errors.day = 'invalid_date';
	if (!endsAt) errors.end = 'invalid_date';
	if (startsAt && endsAt && endsAt <= startsAt) errors.end = 'end_before_start';
	const capacity = Number(input.capacity);
	if (!Number.isInteger(capacity) || capacity < 1 || capacity > 10000)
		errors.capacity = 'capacity_invalid';
	if (!input.online && !input.place.trim()) errors.place = 'place_or_online';
	if (Object.keys(errors).length) return { ok: false, errors };
	return {
		ok: true,
		value: {
			title: input.title.trim(),
			description: input.description.trim(),
			startsAt: startsAt!,
			endsAt: endsAt!,
			place: input.place.trim(),
			online: input.online,
			capacity,
			networkId: input.networkId || null
		}
	};
}

/** Minutes pre-filled from the agenda. */
export function minutesTemplate(meeting: Pick<Meeting, 'title'>, agenda: AgendaItem[]): string {
	const lines = [`# ${meeting.title}`, ''];
	agenda.forEach((item, i) => {
		lines.push(`## ${i + 1}. ${item.title}${item.presenter ? ` (${item.presenter})` : ''}`, '', '');
	});
	return lines.join('\n');
}

/** Creates one meeting, or four a year (every three months, same local time) sharing a series id. */
export async function createMeetings(
	db: Db,
	actorId: string,
	value: Omit<typeof meetings.$inferInsert, 'id'>,
	series: boolean
): Promise<Meeting[]> {
	return db.transaction(async (tx) => {
		const seriesId = series ? crypto.randomUUID() : null;
		const count = series ? 4 : 1;
		const created: Meeting[] = [];
		for (let i = 0; i < count; i++) {
			const startsAt = addMonthsLocal(value.startsAt, i * 3);
			const endsAt = new Date(
				startsAt.getTime() + (value.endsAt.getTime() - value.startsAt.getTime())
			);
			const [row] = await tx
				.insert(meetings)
				.values({
					...value,
					startsAt,
					endsAt,
					seriesId,
					chairId: value.chairId ?? actorId,
					createdBy: actorId
				})
				.returning();
			created.push(row);
		}
		await audit(tx as Db, {
			actorId,
			action: series ? 'meeting.series_create' : 'meeting.create',
			targetType: 'meeting',
			targetId: created[0].id,
			details: { count }
		});
		return created;
	});
}

export type UpdateResult =
	{ ok: true; meeting: Meeting } | { ok: false; errors: MeetingErrors & { capacity?: string } };

/** Changes a meeting; refuses a capacity below the registered count; tells registrants of moves. */
export async function updateMeeting(
	db: Db,
	actorId: string,
	meetingId: string,
	value: Omit<typeof meetings.$inferInsert, 'id'>,
	origin?: string
): Promise<UpdateResult> {
	return transact(db, async (tx): Promise<UpdateResult> => {
		const before = await lockMeeting(tx, meetingId);
		if (!before) return { ok: false, errors: { title: 'not_found' } };
		const registered = await registeredCount(tx, meetingId);
		if (value.capacity! < registered) return { ok: false, errors: { capacity: 'capacity_below' } };
		const moved =
			before.startsAt.getTime() !== value.startsAt.getTime() ||
			before.endsAt.getTime() !== value.endsAt.getTime() ||
			before.place !== value.place;
		const [meeting] = await tx
			.update(meetings)
			.set({
				title: value.title,
				description: value.description,
				startsAt: value.startsAt,
				endsAt: value.endsAt,
				place: value.place,
				online: value.online,
				capacity: value.capacity,
				sequence: moved || before.title !== value.title ? before.sequence + 1 : before.sequence,
				updatedAt: new Date()
			})
			.where(eq(meetings.id, meetingId))
			.returning();
		const promoted = await promoteWaiting(tx, meeting);
		await noticeUsers(tx, meeting, promoted, 'promoted', origin);
		if (moved) {
			const everyone = await participantIds(tx as Db, meetingId);
			await noticeUsers(
				tx,
				meeting,
				everyone.filter((u) => !promoted.includes(u)),
				'changed',
				origin
			);
		}
		await audit(tx as Db, {
			actorId,
			action: 'meeting.update',
			targetType: 'meeting',
			targetId: meetingId,
			details: { moved }
		});
		return { ok: true, meeting };
	});
}

async function participantIds(db: Db, meetingId: string): Promise<string[]> {
	const rows = await db
		.select({ userId: meetingRegistrations.userId })
		.from(meetingRegistrations)
		.where(
			and(
				eq(meetingRegistrations.meetingId, meetingId),
				ne(meetingRegistrations.status, 'cancelled')
			)
		);
	return rows.map((r) => r.userId);
}

export async function cancelMeeting(
	db: Db,
	actorId: string,
	meetingId: string,
	origin?: string
): Promise<boolean> {
	const [linked] = await db
		.select({ entryId: meetings.minutesEntryId })
		.from(meetings)
		.where(eq(meetings.id, meetingId));
	// Edits still in the realtime server's batch reach the database first.
	if (linked?.entryId) await realtimeHub()?.flush(linked.entryId);
	return transact(db, async (tx, after) => {
		const before = await lockMeeting(tx, meetingId);
		if (!before || before.status === 'cancelled') return false;
		const [meeting] = await tx
			.update(meetings)
			.set({ status: 'cancelled', sequence: before.sequence + 1, updatedAt: new Date() })
			.where(eq(meetings.id, meetingId))
			.returning();
		await noticeUsers(tx, meeting, await participantIds(tx as Db, meetingId), 'cancelled', origin);
		// The open room closes its controls and says why.
		after(() => emitToMeeting(meetingId, 'cancelled', { meetingId }));
		await audit(tx as Db, {
			actorId,
			action: 'meeting.cancel',
			targetType: 'meeting',
			targetId: meetingId
		});
		return true;
	});
}

export async function getMeeting(db: Db, id: string): Promise<Meeting | undefined> {
	if (!isUuid(id)) return undefined;
	const [row] = await db.select().from(meetings).where(eq(meetings.id, id));
	return row;
}

export async function upcomingMeetings(db: Db, now = new Date()) {
	return db
		.select({
			meeting: meetings,
			registered:
				sql<number>`(select count(*) from meeting_registrations r where r.meeting_id = ${meetings.id} and r.status = 'registered')`.mapWith(
					Number
				)
		})
		.from(meetings)
		.where(gte(meetings.endsAt, now))
		.orderBy(asc(meetings.startsAt));
}

export async function agendaOf(db: Db, meetingId: string): Promise<AgendaItem[]> {
	return db
		.select()
		.from(meetingAgendaItems)
		.where(eq(meetingAgendaItems.meetingId, meetingId))
		.orderBy(asc(meetingAgendaItems.position), asc(meetingAgendaItems.startTime));
}

/** The agenda as the room shows it. */
export function agendaWire(agenda: AgendaItem[]) {
	return agenda.map((a) => ({
		id: a.id,
		title: a.title,
		startTime: a.startTime,
		presenter: a.presenter
	}));
}

/** Tells an open room the agenda changed (after the change committed). */
async function broadcastAgenda(db: Db, meetingId: string): Promise<void> {
	const [[meeting], agenda] = await Promise.all([
		db
			.select({ currentItemId: meetings.currentAgendaItemId })
			.from(meetings)
			.where(eq(meetings.id, meetingId)),
		agendaOf(db, meetingId)
	]);
	emitToMeeting(meetingId, 'agenda', {
		agenda: agendaWire(agenda),
		currentItemId: meeting?.currentItemId ?? null
	});
}

export async function addAgendaItem(
	db: Db,
	meetingId: string,
	item: { title: string; startTime: string; durationMinutes: number; presenter: string }
): Promise<void> {
	await db.transaction(async (tx) => {
		await lockMeeting(tx, meetingId);
		const [row] = await tx
			.select({
				max: sql<number>`coalesce(max(${meetingAgendaItems.position}), 0)`.mapWith(Number)
			})
			.from(meetingAgendaItems)
			.where(eq(meetingAgendaItems.meetingId, meetingId));
		await tx
			.insert(meetingAgendaItems)
			.values({ meetingId, position: (row?.max ?? 0) + 1, ...item });
	});
	await broadcastAgenda(db, meetingId);
}

export async function removeAgendaItem(db: Db, meetingId: string, itemId: string): Promise<void> {
	if (!isUuid(itemId)) return;
	await db.transaction(async (tx) => {
		await lockMeeting(tx, meetingId);
		await tx
			.delete(meetingAgendaItems)
			.where(and(eq(meetingAgendaItems.meetingId, meetingId), eq(meetingAgendaItems.id, itemId)));
		// The room must not point at an item that is gone.
		await tx
			.update(meetings)
			.set({ currentAgendaItemId: null })
			.where(and(eq(meetings.id, meetingId), eq(meetings.currentAgendaItemId, itemId)));
	});
	await broadcastAgenda(db, meetingId);
}

/** Moves an agenda item one step up or down. */
export async function moveAgendaItem(
	db: Db,
	meetingId: string,
	itemId: string,
	direction: -1 | 1
): Promise<void> {
	await db.transaction(async (tx) => {
		await lockMeeting(tx, meetingId);
		const items = await agendaOf(tx as Db, meetingId);
		const i = items.findIndex((x) => x.id === itemId);
		const j = i + direction;
		if (i < 0 || j < 0 || j >= items.length) return;
		[items[i], items[j]] = [items[j], items[i]];
		for (const [k, item] of items.entries())
			await tx
				.update(meetingAgendaItems)
				.set({ position: k + 1 })
				.where(eq(meetingAgendaItems.id, item.id));
	});
	await broadcastAgenda(db, meetingId);
}

/** Sets the item the meeting is on; null clears it. Returns false for an item of another meeting. */
export async function setCurrentItem(
	db: Db,
	meetingId: string,
	itemId: string | null
): Promise<boolean> {
	if (itemId) {
		const [item] = await db
			.select({ id: meetingAgendaItems.id })
			.from(meetingAgendaItems)
			.where(and(eq(meetingAgendaItems.meetingId, meetingId), eq(meetingAgendaItems.id, itemId)));
		if (!item) return false;
	}
	await db.update(meetings).set({ currentAgendaItemId: itemId }).where(eq(meetings.id, meetingId));
	return true;
}

export type PublishResult = { ok: true } | { ok: false; error: 'not_found' | 'no_publisher' };

/**
 * Publishes the minutes: a published library entry of kind meeting_minutes (created once, updated
 * on a later publish) linked to the meeting's network; everyone registered is told.
 */
export async function publishMinutes(
	db: Db,
	actorId: string,
	meetingId: string,
	origin?: string
): Promise<PublishResult> {
	const [linked] = await db
		.select({ entryId: meetings.minutesEntryId })
		.from(meetings)
		.where(eq(meetings.id, meetingId));
	// Edits still in the realtime server's batch reach the database first.
	if (linked?.entryId) await realtimeHub()?.flush(linked.entryId);
	return transact(db, async (tx): Promise<PublishResult> => {
		const before = await lockMeeting(tx, meetingId);
		if (!before) return { ok: false, error: 'not_found' };
		const publisherId = await publisherOf(tx as Db, before, actorId);
		if (!publisherId) return { ok: false, error: 'no_publisher' };
		const [decisions, actions] = await Promise.all([
			decisionsOf(tx as Db, meetingId),
			actionItemsOf(tx as Db, meetingId)
		]);
		// The collaborative document when there is one (its latest text), else the plain text.
		const doc = before.minutesEntryId ? await loadDoc(tx as Db, before.minutesEntryId) : null;
		const structured = minutesHtml(
			'',
			decisions.map((d) => d.text),
			actions
		);
		const bodyHtml = doc
			? [docToHtml(doc), structured].filter(Boolean).join('\n')
			: minutesHtml(
					before.minutes,
					decisions.map((d) => d.text),
					actions
				);
		const bodyText = [
			doc ? docToText(doc) : before.minutes,
			...decisions.map((d) => d.text),
			...actions.map((a) => `${a.text} ${a.owner}`)
		].join('\n');
		doc?.destroy();
		const now = new Date();
		let entryId = before.minutesEntryId;
		{
			const entry = {
				title: `Referat: ${before.title}`.slice(0, 200),
				summary: '',
				bodyHtml,
				bodyText,
				status: 'published' as const,
				publishedAt: now,
				updatedAt: now
			};
			if (entryId) await tx.update(cases).set(entry).where(eq(cases.id, entryId));
			else {
				const [row] = await tx
					.insert(cases)
					.values({
						...entry,
						kind: 'meeting_minutes',
						scope: before.networkId ? 'network' : 'public',
						organisationId: publisherId,
						createdBy: actorId,
						year: before.startsAt.getUTCFullYear(),
						periodStart: before.startsAt.toISOString().slice(0, 10)
					})
					.returning({ id: cases.id });
				entryId = row.id;
				if (before.networkId)
					await tx.insert(caseNetworks).values({ caseId: entryId, networkId: before.networkId });
			}
		}
		const [meeting] = await tx
			.update(meetings)
			.set({ minutesPublishedAt: now, minutesEntryId: entryId })
			.where(eq(meetings.id, meetingId))
			.returning();
		const rows = await tx
			.select({ userId: meetingRegistrations.userId })
			.from(meetingRegistrations)
			.where(
				and(
					eq(meetingRegistrations.meetingId, meetingId),
					eq(meetingRegistrations.status, 'registered')
				)
			);
		await noticeUsers(
			tx,
			meeting,
			rows.map((r) => r.userId),
			'minutes',
			origin
		);
		await audit(tx as Db, {
			actorId,
			action: 'meeting.minutes_publish',
			targetType: 'meeting',
			targetId: meetingId,
			organisationId: publisherId
		});
		return { ok: true };
	});
}
