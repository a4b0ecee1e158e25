/**
 * The live meeting room's data: who may be in it, the chat log and the queue of raised hands. The
 * socket module (realtime/rooms/meetings.ts) checks the events and broadcasts; the rows are read
 * and written here.
 */
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	meetingChatMessages,
	meetingHands,
	meetingRegistrations,
	users
} from '../../../../db/schema';
import type { RoomChatMessage, RoomPerson } from '../../../../realtime/events';
import { mayChair } from './networks';
import type { Meeting } from './registration';

export type RoomRole = 'chair' | 'member';

/** The wire shapes are the room's event contract (realtime/events.ts). */
export type ChatMessage = RoomChatMessage;
export type RaisedHand = RoomPerson;

/** How many messages a first join gets; a rejoin gets everything after the last id it saw. */
export const CHAT_HISTORY = 200;
const CATCH_UP_MAX = 5000;

/** The chair (or an admin), a registered member, or null: who may be in the meeting's room. */
export async function roomRoleFor(
	db: Db,
	user: Parameters<typeof mayChair>[1] & object,
	meeting: Meeting
): Promise<RoomRole | null> {
	if (await mayChair(db, user, meeting)) return 'chair';
	const [reg] = await db
		.select({ status: meetingRegistrations.status })
		.from(meetingRegistrations)
		.where(
			and(eq(meetingRegistrations.meetingId, meeting.id), eq(meetingRegistrations.userId, user.id))
		);
	return reg?.status === 'registered' ? 'member' : null;
}

/** The raised hands in the order they went up. */
export async function handsOf(db: Db, meetingId: string): Promise<RaisedHand[]> {
	return db
		.select({ userId: meetingHands.userId, name: users.name })
		.from(meetingHands)
		.innerJoin(users, eq(users.id, meetingHands.userId))
		.where(eq(meetingHands.meetingId, meetingId))
		.orderBy(asc(meetingHands.seq));
}

/** The newest messages (since null), or every message after id `since`, oldest first. */
export async function chatHistory(
	db: Db,
	meetingId: string,
	since: number | null
): Promise<ChatMessage[]> {
	const query = db
		.select({
			id: meetingChatMessages.id,
			userId: meetingChatMessages.userId,
			name: users.name,
			body: meetingChatMessages.body,
			at: meetingChatMessages.createdAt
		})
		.from(meetingChatMessages)
		.leftJoin(users, eq(users.id, meetingChatMessages.userId));
	const rows =
		since === null
			? (
					await query
						.where(eq(meetingChatMessages.meetingId, meetingId))
						.orderBy(desc(meetingChatMessages.id))
						.limit(CHAT_HISTORY)
				).reverse()
			: await query
					.where(
						and(eq(meetingChatMessages.meetingId, meetingId), gt(meetingChatMessages.id, since))
					)
					.orderBy(asc(meetingChatMessages.id))
					.limit(CATCH_UP_MAX);
	return rows.map((r) => ({ ...r, name: r.name ?? '', at: r.at.toISOString() }));
}

/**
 * Stores a chat message. Ids of one room must become visible in id order, or a client catching up
 * with "after the last id I saw" could skip a message whose lower id committed later: the room's
 * advisory lock, held to commit, makes taking the id and committing one step.
 */
export async function postChat(
	db: Db,
	meetingId: string,
	author: { id: string; name: string },
	body: string
): Promise<ChatMessage> {
	const row = await db.transaction(async (tx) => {
		await tx.execute(
			sql`select pg_advisory_xact_lock(hashtextextended(${`meeting-chat:${meetingId}`}, 0))`
		);
		const [inserted] = await tx
			.insert(meetingChatMessages)
			.values({ meetingId, userId: author.id, body })
			.returning();
		return inserted;
	});
	return {
		id: row.id,
		userId: author.id,
		name: author.name,
		body,
		at: row.createdAt.toISOString()
	};
}

/** Puts a hand up (once: a second raise keeps its place in the queue). */
export async function raiseHand(db: Db, meetingId: string, userId: string): Promise<void> {
	await db.insert(meetingHands).values({ meetingId, userId }).onConflictDoNothing();
}

export async function lowerHand(db: Db, meetingId: string, userId: string): Promise<void> {
	await db
		.delete(meetingHands)
		.where(and(eq(meetingHands.meetingId, meetingId), eq(meetingHands.userId, userId)));
}

/** Gives the floor to the first hand in the queue and takes it down; null when none is up. */
export async function callNextHand(db: Db, meetingId: string): Promise<RaisedHand | null> {
	return db.transaction(async (tx) => {
		const [first] = await tx
			.select({ userId: meetingHands.userId, name: users.name })
			.from(meetingHands)
			.innerJoin(users, eq(users.id, meetingHands.userId))
			.where(eq(meetingHands.meetingId, meetingId))
			.orderBy(asc(meetingHands.seq))
			.limit(1)
			.for('update', { of: meetingHands });
		if (!first) return null;
		await tx
			.delete(meetingHands)
			.where(and(eq(meetingHands.meetingId, meetingId), eq(meetingHands.userId, first.userId)));
		return first;
	});
}
