/** A mentorship once accepted: the conversation, the session log and feedback. */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	mentorshipFeedback,
	mentorshipMessages,
	mentorshipSessions,
	users
} from '../../../../db/schema';
import type { MentorshipMessageWire } from '../../../../realtime/events';
import { emitToRoom, rooms } from '../core/emit';
import * as m from '../../paraglide/messages';
import { isUuid, Refusal, transact } from '../core';
import { type Actor, type Context, type Outcome, type Locale, LIMITS, localised } from './shared';
import { notifyUser, type Role, getMentorship, lockRequest } from './requests';

function toWire(row: {
	id: string;
	requestId: string;
	authorId: string;
	authorName: string;
	body: string;
	createdAt: Date;
}): MentorshipMessageWire {
	return { ...row, createdAt: row.createdAt.toISOString() };
}

export async function messages(db: Db, requestId: string): Promise<MentorshipMessageWire[]> {
	const rows = await db
		.select({
			id: mentorshipMessages.id,
			requestId: mentorshipMessages.requestId,
			authorId: mentorshipMessages.authorId,
			authorName: users.name,
			body: mentorshipMessages.body,
			createdAt: mentorshipMessages.createdAt
		})
		.from(mentorshipMessages)
		.innerJoin(users, eq(users.id, mentorshipMessages.authorId))
		.where(eq(mentorshipMessages.requestId, requestId))
		.orderBy(asc(mentorshipMessages.createdAt), asc(mentorshipMessages.id));
	return rows.map(toWire);
}

/** Whether the user is one of the pair of a mentorship (admins read, but never write). */
export async function pairRole(db: Db, actor: Actor, requestId: string): Promise<Role | null> {
	return (await getMentorship(db, actor, requestId))?.role ?? null;
}

/** How much of a message its notification (and e-mail) quotes. */
const MESSAGE_PREVIEW = 300;

export type PairCode = 'not_found' | 'forbidden' | 'not_active' | 'required' | 'too_long';

/** Stores a message of an accepted pair, then broadcasts it to `mentorship:<id>`. */
export async function postMessage(
	db: Db,
	ctx: Context,
	requestId: string,
	body: string
): Promise<Outcome<PairCode, { message: MentorshipMessageWire }>> {
	const text = body.trim();
	if (!text) return { ok: false, code: 'required' };
	if (text.length > LIMITS.message) return { ok: false, code: 'too_long' };
	if (!isUuid(requestId)) return { ok: false, code: 'not_found' };
	return transact(db, async (tx, after) => {
		const request = await lockRequest(tx, requestId);
		if (!request) throw new Refusal('not_found');
		const other =
			request.menteeId === ctx.actor.id
				? request.mentorUserId
				: request.mentorUserId === ctx.actor.id
					? request.menteeId
					: null;
		if (!other) throw new Refusal('forbidden');
		if (request.status !== 'accepted') throw new Refusal('not_active');
		const [row] = await tx
			.insert(mentorshipMessages)
			.values({ requestId, authorId: ctx.actor.id, body: text })
			.returning();
		const message = toWire({ ...row, authorName: ctx.actor.name });
		after(() => emitToRoom(rooms.mentorship(requestId), 'mentorship:message', message));
		// Stored as well as sent live, so a partner who is away learns of it; one unread notice
		// per conversation (the request row lock above keeps two senders from both adding one).
		const link = (locale: Locale) =>
			localised(`/mentors/requests/${requestId}#conversation`, locale);
		const user = ctx.actor.name;
		await notifyUser(
			tx,
			other,
			ctx.origin,
			(locale) => ({
				kind: 'mentor.message',
				title: m.mentor_notify_message_title({ user }, { locale }),
				body: text.length > MESSAGE_PREVIEW ? `${text.slice(0, MESSAGE_PREVIEW - 1)}…` : text,
				link: link(locale)
			}),
			{ replaceUnread: [link('da'), link('en')] }
		);
		return { ok: true as const, message };
	});
}

export async function sessionLog(db: Db, requestId: string) {
	return db
		.select({
			id: mentorshipSessions.id,
			heldOn: mentorshipSessions.heldOn,
			topic: mentorshipSessions.topic,
			nextStep: mentorshipSessions.nextStep,
			authorName: users.name
		})
		.from(mentorshipSessions)
		.innerJoin(users, eq(users.id, mentorshipSessions.authorId))
		.where(eq(mentorshipSessions.requestId, requestId))
		.orderBy(asc(mentorshipSessions.heldOn), asc(mentorshipSessions.createdAt));
}

export interface SessionInput {
	heldOn: string;
	topic: string;
	nextStep: string;
}
export type SessionField = keyof SessionInput;

export async function logSession(
	db: Db,
	ctx: Context,
	requestId: string,
	raw: SessionInput
): Promise<
	| { ok: true }
	| { ok: false; code: 'not_found' | 'forbidden' | 'not_active' }
	| {
			ok: false;
			code: 'invalid';
			errors: Partial<Record<SessionField, 'required' | 'too_long' | 'invalid'>>;
	  }
> {
	const input = {
		heldOn: raw.heldOn.trim(),
		topic: raw.topic.trim(),
		nextStep: raw.nextStep.trim()
	};
	const errors: Partial<Record<SessionField, 'required' | 'too_long' | 'invalid'>> = {};
	if (!input.heldOn) errors.heldOn = 'required';
	else if (!/^\d{4}-\d{2}-\d{2}$/.test(input.heldOn) || Number.isNaN(Date.parse(input.heldOn)))
		errors.heldOn = 'invalid';
	if (!input.topic) errors.topic = 'required';
	else if (input.topic.length > LIMITS.topic) errors.topic = 'too_long';
	if (input.nextStep.length > LIMITS.nextStep) errors.nextStep = 'too_long';
	if (Object.keys(errors).length) return { ok: false, code: 'invalid', errors };
	if (!isUuid(requestId)) return { ok: false, code: 'not_found' };
	return transact(db, async (tx) => {
		const request = await lockRequest(tx, requestId);
		if (!request) throw new Refusal('not_found');
		if (request.menteeId !== ctx.actor.id && request.mentorUserId !== ctx.actor.id)
			throw new Refusal('forbidden');
		if (request.status !== 'accepted') throw new Refusal('not_active');
		await tx.insert(mentorshipSessions).values({ requestId, authorId: ctx.actor.id, ...input });
		return { ok: true as const };
	});
}

export interface FeedbackInput {
	rating: number;
	text: string;
	shared: boolean;
}

export type FeedbackCode =
	'not_found' | 'forbidden' | 'not_finished' | 'already_given' | 'rating' | 'too_long';

/** Feedback once the mentorship is over, one per side. */
export async function leaveFeedback(
	db: Db,
	ctx: Context,
	requestId: string,
	input: FeedbackInput
): Promise<Outcome<FeedbackCode>> {
	const text = input.text.trim();
	if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
		return { ok: false, code: 'rating' };
	if (text.length > LIMITS.feedback) return { ok: false, code: 'too_long' };
	if (!isUuid(requestId)) return { ok: false, code: 'not_found' };
	return transact(db, async (tx) => {
		const request = await lockRequest(tx, requestId);
		if (!request) throw new Refusal('not_found');
		const side =
			request.menteeId === ctx.actor.id
				? 'mentee'
				: request.mentorUserId === ctx.actor.id
					? 'mentor'
					: null;
		if (!side) throw new Refusal('forbidden');
		if (request.status !== 'completed' && request.status !== 'ended')
			throw new Refusal('not_finished');
		const inserted = await tx
			.insert(mentorshipFeedback)
			.values({
				requestId,
				authorId: ctx.actor.id,
				side,
				rating: input.rating,
				text,
				shared: input.shared
			})
			.onConflictDoNothing()
			.returning({ requestId: mentorshipFeedback.requestId });
		if (!inserted.length) throw new Refusal('already_given');
		return { ok: true as const };
	});
}

/**
 * Feedback of a mentorship as a viewer may see it: your own always, the other side's only when
 * shared, everything for admins (the knowledge centre).
 */
export async function feedbackFor(db: Db, viewer: Actor, requestId: string, role: Role) {
	const rows = await db
		.select({
			authorId: mentorshipFeedback.authorId,
			side: mentorshipFeedback.side,
			rating: mentorshipFeedback.rating,
			text: mentorshipFeedback.text,
			shared: mentorshipFeedback.shared
		})
		.from(mentorshipFeedback)
		.where(eq(mentorshipFeedback.requestId, requestId));
	return rows.filter((r) => role === 'admin' || r.authorId === viewer.id || r.shared);
}
