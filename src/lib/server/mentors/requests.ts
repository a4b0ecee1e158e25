/**
 * Mentorship requests: asking, answering, withdrawing and finishing, each checked for the actor.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { mentorProfiles, mentorshipRequests, organisations, users } from '../../../../db/schema';
import { emitToRoom, rooms } from '../core/emit';
import { isLanguage, isSector, isTag } from '../../mentors/vocabulary';
import * as m from '../../paraglide/messages';
import { audit } from '../audit';
import { notify, type NotificationInput, type NotifyOptions } from '../notifications';
import { isUniqueViolation, isUuid, Refusal, transact } from '../core';
import {
	type Actor,
	type Context,
	type Outcome,
	type Locale,
	asLocale,
	LIMITS,
	OPEN_STATUSES,
	localised
} from './shared';

export interface RequestInput {
	need: string;
	tags: string[];
	sector?: string | null;
	regionCode?: string | null;
	language?: string | null;
}

export type RequestCode =
	| 'not_found'
	| 'own_profile'
	| 'not_accepting'
	| 'at_capacity'
	| 'duplicate'
	| 'need_required'
	| 'need_too_long';

export async function notifyUser(
	db: Db,
	userId: string,
	origin: string | undefined,
	build: (locale: Locale) => NotificationInput,
	options?: NotifyOptions
) {
	const [row] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, userId));
	if (!row) return;
	// The notification centre also tells the user's open tabs, once the transaction committed.
	await notify(db, userId, build(asLocale(row.locale)), origin, options);
}

export async function createRequest(
	db: Db,
	ctx: Context,
	mentorId: string,
	input: RequestInput
): Promise<Outcome<RequestCode, { id: string }>> {
	const need = input.need.trim();
	if (!need) return { ok: false, code: 'need_required' };
	if (need.length > LIMITS.need) return { ok: false, code: 'need_too_long' };
	if (!isUuid(mentorId)) return { ok: false, code: 'not_found' };
	try {
		return await transact(db, async (tx) => {
			// Lock the profile so a request cannot slip in while the mentor closes their list.
			const [profile] = await tx
				.select({
					id: mentorProfiles.id,
					userId: mentorProfiles.userId,
					accepting: mentorProfiles.accepting,
					openSlots: mentorProfiles.openSlots
				})
				.from(mentorProfiles)
				.where(eq(mentorProfiles.id, mentorId))
				.for('update');
			if (!profile) throw new Refusal('not_found');
			if (profile.userId === ctx.actor.id) throw new Refusal('own_profile');
			if (!profile.accepting) throw new Refusal('not_accepting');
			if (profile.openSlots <= 0) throw new Refusal('at_capacity');
			const [open] = await tx
				.select({ id: mentorshipRequests.id })
				.from(mentorshipRequests)
				.where(
					and(
						eq(mentorshipRequests.mentorId, mentorId),
						eq(mentorshipRequests.menteeId, ctx.actor.id),
						inArray(mentorshipRequests.status, OPEN_STATUSES)
					)
				);
			if (open) throw new Refusal('duplicate');
			const [row] = await tx
				.insert(mentorshipRequests)
				.values({
					mentorId,
					menteeId: ctx.actor.id,
					need,
					tags: [...new Set(input.tags.filter(isTag))],
					sector: input.sector && isSector(input.sector) ? input.sector : null,
					regionCode: input.regionCode || null,
					language: input.language && isLanguage(input.language) ? input.language : null
				})
				.returning({ id: mentorshipRequests.id });
			await audit(tx, {
				actorId: ctx.actor.id,
				action: 'mentor.request',
				targetType: 'mentorship_request',
				targetId: row.id,
				ip: ctx.ip
			});
			const user = ctx.actor.name;
			await notifyUser(tx, profile.userId, ctx.origin, (locale) => ({
				kind: 'mentor.request',
				title: m.mentor_notify_request_title({ user }, { locale }),
				body: need,
				link: localised(`/mentors/requests/${row.id}`, locale)
			}));
			return { ok: true as const, id: row.id };
		});
	} catch (err) {
		// Two identical requests at once: the partial unique index stops the second.
		if (isUniqueViolation(err)) return { ok: false, code: 'duplicate' };
		throw err;
	}
}

export type Role = 'mentor' | 'mentee' | 'admin';

/** A request as one of its pair (or an admin) sees it; null for anyone else. */
export async function getMentorship(db: Db, viewer: Actor, id: string) {
	if (!isUuid(id)) return null;
	const mentee = sql<string>`mentee.name`;
	const [row] = await db
		.select({
			id: mentorshipRequests.id,
			status: mentorshipRequests.status,
			need: mentorshipRequests.need,
			tags: mentorshipRequests.tags,
			sector: mentorshipRequests.sector,
			language: mentorshipRequests.language,
			regionCode: mentorshipRequests.regionCode,
			responseMessage: mentorshipRequests.responseMessage,
			createdAt: mentorshipRequests.createdAt,
			respondedAt: mentorshipRequests.respondedAt,
			endedAt: mentorshipRequests.endedAt,
			menteeId: mentorshipRequests.menteeId,
			menteeName: mentee,
			mentorId: mentorshipRequests.mentorId,
			mentorUserId: mentorProfiles.userId,
			mentorName: users.name,
			mentorHeadline: mentorProfiles.headline,
			organisationName: organisations.name
		})
		.from(mentorshipRequests)
		.innerJoin(mentorProfiles, eq(mentorProfiles.id, mentorshipRequests.mentorId))
		.innerJoin(users, eq(users.id, mentorProfiles.userId))
		.innerJoin(organisations, eq(organisations.id, mentorProfiles.organisationId))
		.innerJoin(sql`users as mentee`, sql`mentee.id = ${mentorshipRequests.menteeId}`)
		.where(eq(mentorshipRequests.id, id));
	if (!row) return null;
	const role: Role | null =
		row.mentorUserId === viewer.id
			? 'mentor'
			: row.menteeId === viewer.id
				? 'mentee'
				: viewer.role === 'admin'
					? 'admin'
					: null;
	if (!role) return null;
	return { ...row, role };
}

export type ActCode =
	'not_found' | 'forbidden' | 'not_pending' | 'not_active' | 'at_capacity' | 'too_long';

export async function lockRequest(tx: Db, id: string) {
	const [row] = await tx
		.select({
			id: mentorshipRequests.id,
			status: mentorshipRequests.status,
			mentorId: mentorshipRequests.mentorId,
			menteeId: mentorshipRequests.menteeId,
			mentorUserId: mentorProfiles.userId
		})
		.from(mentorshipRequests)
		.innerJoin(mentorProfiles, eq(mentorProfiles.id, mentorshipRequests.mentorId))
		.where(eq(mentorshipRequests.id, id))
		.for('update', { of: mentorshipRequests });
	return row ?? null;
}

/**
 * The mentor accepts or declines a pending request. Accepting takes a slot with a conditional
 * update (`open_slots > 0`) in the same transaction, so two accepts at once can never overbook:
 * the second waits for the first's row lock, then finds no slot and rolls back.
 */
export async function respond(
	db: Db,
	ctx: Context,
	id: string,
	decision: 'accept' | 'decline',
	message: string
): Promise<Outcome<ActCode>> {
	const text = message.trim();
	if (text.length > LIMITS.response) return { ok: false, code: 'too_long' };
	if (!isUuid(id)) return { ok: false, code: 'not_found' };
	return transact(db, async (tx, after) => {
		const request = await lockRequest(tx, id);
		if (!request) throw new Refusal('not_found');
		if (request.mentorUserId !== ctx.actor.id) throw new Refusal('forbidden');
		if (request.status !== 'pending') throw new Refusal('not_pending');
		if (decision === 'accept') {
			const [slot] = await tx
				.update(mentorProfiles)
				.set({ openSlots: sql`${mentorProfiles.openSlots} - 1` })
				.where(and(eq(mentorProfiles.id, request.mentorId), sql`${mentorProfiles.openSlots} > 0`))
				.returning({ openSlots: mentorProfiles.openSlots });
			if (!slot) throw new Refusal('at_capacity');
		}
		const status = decision === 'accept' ? 'accepted' : 'declined';
		const [updated] = await tx
			.update(mentorshipRequests)
			.set({ status, responseMessage: text, respondedAt: new Date() })
			.where(and(eq(mentorshipRequests.id, id), eq(mentorshipRequests.status, 'pending')))
			.returning({ id: mentorshipRequests.id });
		if (!updated) throw new Refusal('not_pending');
		await audit(tx, {
			actorId: ctx.actor.id,
			action: `mentor.${status}`,
			targetType: 'mentorship_request',
			targetId: id,
			ip: ctx.ip
		});
		const mentor = ctx.actor.name;
		await notifyUser(tx, request.menteeId, ctx.origin, (locale) => ({
			kind: `mentor.${status}`,
			title:
				status === 'accepted'
					? m.mentor_notify_accepted_title({ mentor }, { locale })
					: m.mentor_notify_declined_title({ mentor }, { locale }),
			body: text,
			link: localised(`/mentors/requests/${id}`, locale)
		}));
		after(() => emitToRoom(rooms.mentorship(id), 'mentorship:status', { id, status }));
		return { ok: true as const };
	});
}

/** The mentee takes back a request that is still pending. */
export async function withdraw(db: Db, ctx: Context, id: string): Promise<Outcome<ActCode>> {
	if (!isUuid(id)) return { ok: false, code: 'not_found' };
	return transact(db, async (tx, after) => {
		const request = await lockRequest(tx, id);
		if (!request) throw new Refusal('not_found');
		if (request.menteeId !== ctx.actor.id) throw new Refusal('forbidden');
		if (request.status !== 'pending') throw new Refusal('not_pending');
		await tx
			.update(mentorshipRequests)
			.set({ status: 'withdrawn', endedAt: new Date(), endedBy: ctx.actor.id })
			.where(eq(mentorshipRequests.id, id));
		await audit(tx, {
			actorId: ctx.actor.id,
			action: 'mentor.withdrawn',
			targetType: 'mentorship_request',
			targetId: id,
			ip: ctx.ip
		});
		after(() => emitToRoom(rooms.mentorship(id), 'mentorship:status', { id, status: 'withdrawn' }));
		return { ok: true as const };
	});
}

/** Either of the pair ends an accepted mentorship, as completed or early; the slot is freed. */
export async function finish(
	db: Db,
	ctx: Context,
	id: string,
	how: 'completed' | 'ended'
): Promise<Outcome<ActCode>> {
	if (!isUuid(id)) return { ok: false, code: 'not_found' };
	return transact(db, async (tx, after) => {
		const request = await lockRequest(tx, id);
		if (!request) throw new Refusal('not_found');
		const mine = request.menteeId === ctx.actor.id || request.mentorUserId === ctx.actor.id;
		if (!mine) throw new Refusal('forbidden');
		if (request.status !== 'accepted') throw new Refusal('not_active');
		await tx
			.update(mentorshipRequests)
			.set({ status: how, endedAt: new Date(), endedBy: ctx.actor.id })
			.where(eq(mentorshipRequests.id, id));
		await tx
			.update(mentorProfiles)
			.set({ openSlots: sql`least(${mentorProfiles.openSlots} + 1, ${mentorProfiles.capacity})` })
			.where(eq(mentorProfiles.id, request.mentorId));
		await audit(tx, {
			actorId: ctx.actor.id,
			action: `mentor.${how}`,
			targetType: 'mentorship_request',
			targetId: id,
			ip: ctx.ip
		});
		const other = request.menteeId === ctx.actor.id ? request.mentorUserId : request.menteeId;
		const user = ctx.actor.name;
		await notifyUser(tx, other, ctx.origin, (locale) => ({
			kind: 'mentor.finished',
			title: m.mentor_notify_finished_title({ user }, { locale }),
			body: m.mentor_notify_finished_body({}, { locale }),
			link: localised(`/mentors/requests/${id}#feedback`, locale)
		}));
		after(() => emitToRoom(rooms.mentorship(id), 'mentorship:status', { id, status: how }));
		return { ok: true as const };
	});
}

/** The user's requests, as mentee and as mentor. */
export async function listMine(db: Db, userId: string) {
	const mentee = sql<string>`mentee.name`;
	const columns = {
		id: mentorshipRequests.id,
		status: mentorshipRequests.status,
		need: mentorshipRequests.need,
		createdAt: mentorshipRequests.createdAt,
		mentorName: users.name,
		menteeName: mentee,
		organisationName: organisations.name
	};
	const base = () =>
		db
			.select(columns)
			.from(mentorshipRequests)
			.innerJoin(mentorProfiles, eq(mentorProfiles.id, mentorshipRequests.mentorId))
			.innerJoin(users, eq(users.id, mentorProfiles.userId))
			.innerJoin(organisations, eq(organisations.id, mentorProfiles.organisationId))
			.innerJoin(sql`users as mentee`, sql`mentee.id = ${mentorshipRequests.menteeId}`);
	const [asMentee, asMentor] = await Promise.all([
		base()
			.where(eq(mentorshipRequests.menteeId, userId))
			.orderBy(desc(mentorshipRequests.createdAt)),
		base().where(eq(mentorProfiles.userId, userId)).orderBy(desc(mentorshipRequests.createdAt))
	]);
	return { asMentee, asMentor };
}
