/**
 * One entrance for advice: a request is routed by topic and municipality to an adviser group,
 * assigned, answered and closed, with a response target in working days. Every function that
 * depends on the time takes `now`, so tests run on a controlled clock.
 */
import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	adviceAttachments,
	adviceMessages,
	adviceRequests,
	adviceRoutingRules,
	adviceStatuses,
	adviceTopics,
	adviserGroupMembers,
	adviserGroups,
	municipalities,
	users,
	type AdviceStatus,
	type AdviceTopic
} from '../../../../db/schema';
import { audit } from '../audit';
import { checkFile, contentTypeOf, deleteFile, loadFile, storeBytes } from '../library/attachments';
import { notifyEach } from '../notifications';
import * as m from '../../paraglide/messages';
import { addWorkingDays, hoursBetween, workingDaysBetween } from '../../time';
import type { Actor } from './directory';
import { isUuid } from '../core';

export { adviceStatuses, adviceTopics };

/** The response target: an answer within this many working days. */
export const TARGET_WORKING_DAYS = 5;
export const SUBJECT_MAX = 160;
export const BODY_MAX = 5000;
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const ATTACHMENTS_MAX = 5;

export const isTopic = (v: string): v is AdviceTopic =>
	(adviceTopics as readonly string[]).includes(v);
export const isStatus = (v: string): v is AdviceStatus =>
	(adviceStatuses as readonly string[]).includes(v);

type Fail = { ok: false; code: string; errors?: Record<string, string> };
type Ok<T> = { ok: true; value: T };

// ---------------------------------------------------------------------------------------------
// Routing

export interface RoutingRule {
	topic: string | null;
	municipalityCode: string | null;
	groupId: string;
}

/**
 * The group for a request: topic and municipality both match > topic only > municipality only >
 * the fallback (both empty). Null when there is no rule at all.
 */
export function pickRoute(
	rules: RoutingRule[],
	topic: string,
	municipalityCode: string | null
): string | null {
	const score = (r: RoutingRule) => {
		if (r.topic !== null && r.topic !== topic) return -1;
		if (r.municipalityCode !== null && r.municipalityCode !== municipalityCode) return -1;
		return (r.topic !== null ? 2 : 0) + (r.municipalityCode !== null ? 1 : 0);
	};
	let best: RoutingRule | null = null;
	let bestScore = -1;
	for (const rule of rules) {
		const s = score(rule);
		if (s > bestScore) [best, bestScore] = [rule, s];
	}
	return best?.groupId ?? null;
}

export async function route(
	db: Db,
	topic: string,
	municipalityCode: string | null
): Promise<string | null> {
	const rules = await db
		.select({
			topic: adviceRoutingRules.topic,
			municipalityCode: adviceRoutingRules.municipalityCode,
			groupId: adviceRoutingRules.groupId
		})
		.from(adviceRoutingRules);
	return pickRoute(rules, topic, municipalityCode);
}

export async function groups(db: Db) {
	const [rows, members] = await Promise.all([
		db.select().from(adviserGroups).orderBy(asc(adviserGroups.name)),
		db
			.select({
				groupId: adviserGroupMembers.groupId,
				userId: users.id,
				name: users.name,
				email: users.email
			})
			.from(adviserGroupMembers)
			.innerJoin(users, eq(users.id, adviserGroupMembers.userId))
			.orderBy(asc(users.name))
	]);
	return rows.map((g) => ({ ...g, members: members.filter((m) => m.groupId === g.id) }));
}

export async function rules(db: Db) {
	return db
		.select({
			id: adviceRoutingRules.id,
			topic: adviceRoutingRules.topic,
			municipalityCode: adviceRoutingRules.municipalityCode,
			municipalityName: municipalities.name,
			groupId: adviceRoutingRules.groupId,
			groupName: adviserGroups.name
		})
		.from(adviceRoutingRules)
		.innerJoin(adviserGroups, eq(adviserGroups.id, adviceRoutingRules.groupId))
		.leftJoin(municipalities, eq(municipalities.code, adviceRoutingRules.municipalityCode))
		.orderBy(
			sql`${adviceRoutingRules.topic} nulls last`,
			sql`${adviceRoutingRules.municipalityCode} nulls last`
		);
}

/** Admin: adds or replaces the rule for a topic × municipality (either may be empty = any). */
export async function setRule(
	db: Db,
	actor: Actor,
	input: { topic: string; municipalityCode: string; groupId: string }
): Promise<Ok<undefined> | Fail> {
	if (actor.role !== 'admin') return { ok: false, code: 'forbidden' };
	const errors: Record<string, string> = {};
	const topic = input.topic || null;
	if (topic !== null && !isTopic(topic)) errors.topic = 'invalid_choice';
	const municipalityCode = input.municipalityCode || null;
	if (municipalityCode !== null) {
		const [m] = await db
			.select({ code: municipalities.code })
			.from(municipalities)
			.where(eq(municipalities.code, municipalityCode));
		if (!m) errors.municipalityCode = 'unknown_municipality';
	}
	if (!isUuid(input.groupId)) errors.groupId = 'invalid_choice';
	else {
		const [g] = await db
			.select({ id: adviserGroups.id })
			.from(adviserGroups)
			.where(eq(adviserGroups.id, input.groupId));
		if (!g) errors.groupId = 'invalid_choice';
	}
	if (Object.keys(errors).length) return { ok: false, code: 'invalid', errors };
	await db.transaction(async (tx) => {
		await tx
			.delete(adviceRoutingRules)
			.where(
				and(
					topic === null
						? isNull(adviceRoutingRules.topic)
						: eq(adviceRoutingRules.topic, topic as AdviceTopic),
					municipalityCode === null
						? isNull(adviceRoutingRules.municipalityCode)
						: eq(adviceRoutingRules.municipalityCode, municipalityCode)
				)
			);
		await tx
			.insert(adviceRoutingRules)
			.values({ topic: topic as AdviceTopic | null, municipalityCode, groupId: input.groupId });
		await audit(tx, {
			actorId: actor.id,
			action: 'advice.rule_set',
			targetType: 'advice_routing_rule',
			details: { topic, municipalityCode, groupId: input.groupId }
		});
	});
	return { ok: true, value: undefined };
}

export async function deleteRule(
	db: Db,
	actor: Actor,
	ruleId: string
): Promise<Ok<undefined> | Fail> {
	if (actor.role !== 'admin') return { ok: false, code: 'forbidden' };
	if (!isUuid(ruleId)) return { ok: false, code: 'not_found' };
	await db.transaction(async (tx) => {
		await tx.delete(adviceRoutingRules).where(eq(adviceRoutingRules.id, ruleId));
		await audit(tx, {
			actorId: actor.id,
			action: 'advice.rule_deleted',
			targetType: 'advice_routing_rule',
			targetId: ruleId
		});
	});
	return { ok: true, value: undefined };
}

export async function createGroup(
	db: Db,
	actor: Actor,
	input: { name: string; description: string }
): Promise<Ok<{ id: string }> | Fail> {
	if (actor.role !== 'admin') return { ok: false, code: 'forbidden' };
	const name = input.name.trim();
	if (!name) return { ok: false, code: 'invalid', errors: { name: 'required' } };
	if (name.length > 120) return { ok: false, code: 'invalid', errors: { name: 'too_long' } };
	const [exists] = await db
		.select({ id: adviserGroups.id })
		.from(adviserGroups)
		.where(sql`lower(${adviserGroups.name}) = ${name.toLowerCase()}`);
	if (exists) return { ok: false, code: 'invalid', errors: { name: 'name_taken' } };
	const id = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(adviserGroups)
			.values({ name, description: input.description.trim().slice(0, 500) })
			.returning({ id: adviserGroups.id });
		await audit(tx, {
			actorId: actor.id,
			action: 'advice.group_created',
			targetType: 'adviser_group',
			targetId: row.id
		});
		return row.id;
	});
	return { ok: true, value: { id } };
}

/** Admin: adds a user (by e-mail) to an adviser group. */
export async function addMember(
	db: Db,
	actor: Actor,
	groupId: string,
	email: string
): Promise<Ok<undefined> | Fail> {
	if (actor.role !== 'admin') return { ok: false, code: 'forbidden' };
	if (!isUuid(groupId)) return { ok: false, code: 'not_found' };
	const [user] = await db
		.select({ id: users.id })
		.from(users)
		.where(
			and(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`, isNull(users.deletedAt))
		);
	if (!user) return { ok: false, code: 'invalid', errors: { email: 'unknown_user' } };
	await db.transaction(async (tx) => {
		await tx.insert(adviserGroupMembers).values({ groupId, userId: user.id }).onConflictDoNothing();
		await audit(tx, {
			actorId: actor.id,
			action: 'advice.group_member_added',
			targetType: 'adviser_group',
			targetId: groupId,
			details: { userId: user.id }
		});
	});
	return { ok: true, value: undefined };
}

export async function removeMember(
	db: Db,
	actor: Actor,
	groupId: string,
	userId: string
): Promise<Ok<undefined> | Fail> {
	if (actor.role !== 'admin') return { ok: false, code: 'forbidden' };
	if (!isUuid(groupId) || !isUuid(userId)) return { ok: false, code: 'not_found' };
	await db.transaction(async (tx) => {
		await tx
			.delete(adviserGroupMembers)
			.where(and(eq(adviserGroupMembers.groupId, groupId), eq(adviserGroupMembers.userId, userId)));
		await audit(tx, {
			actorId: actor.id,
			action: 'advice.group_member_removed',
			targetType: 'adviser_group',
			targetId: groupId,
			details: { userId }
		});
	});
	return { ok: true, value: undefined };
}

async function groupMemberIds(db: Db, groupId: string | null): Promise<string[]> {
	if (!groupId) return [];
	const rows = await db
		.select({ userId: adviserGroupMembers.userId })
		.from(adviserGroupMembers)
		.where(eq(adviserGroupMembers.groupId, groupId));
	return rows.map((r) => r.userId);
}

async function myGroupIds(db: Db, userId: string): Promise<string[]> {
	const rows = await db
		.select({ groupId: adviserGroupMembers.groupId })
		.from(adviserGroupMembers)
		.where(eq(adviserGroupMembers.userId, userId));
	return rows.map((r) => r.groupId);
}

// ---------------------------------------------------------------------------------------------
// Requests

export interface Attachment {
	filename: string;
	contentType: string;
	data: Uint8Array<ArrayBuffer>;
}

export interface NewRequest {
	topic: string;
	municipalityCode: string;
	subject: string;
	description: string;
	attachments: Attachment[];
}

export interface Context {
	actor: Actor;
	origin?: string;
	now?: Date;
}

/** Checks a new request; error codes per field. */
export async function validateRequest(db: Db, input: NewRequest): Promise<Record<string, string>> {
	const errors: Record<string, string> = {};
	if (!isTopic(input.topic)) errors.topic = 'invalid_choice';
	if (input.municipalityCode) {
		const [m] = await db
			.select({ code: municipalities.code })
			.from(municipalities)
			.where(eq(municipalities.code, input.municipalityCode));
		if (!m) errors.municipalityCode = 'unknown_municipality';
	}
	const subject = input.subject.trim();
	if (!subject) errors.subject = 'required';
	else if (subject.length > SUBJECT_MAX) errors.subject = 'too_long';
	const description = input.description.trim();
	if (!description) errors.description = 'required';
	else if (description.length > BODY_MAX) errors.description = 'too_long';
	if (input.attachments.length > ATTACHMENTS_MAX) errors.attachments = 'too_many_files';
	else if (input.attachments.some((a) => a.data.byteLength > ATTACHMENT_MAX_BYTES))
		errors.attachments = 'file_too_large';
	// The same types as library attachments, checked by extension and by the bytes themselves.
	else if (input.attachments.some((a) => !checkFile(a.filename, a.data.byteLength, a.data).ok))
		errors.attachments = 'file_type';
	return errors;
}

/**
 * Submits a request: routes it, sets the response target, stores attachments and tells the
 * group's advisers (in-app and by e-mail), all in one transaction.
 */
export async function submit(
	db: Db,
	ctx: Context,
	input: NewRequest
): Promise<Ok<{ id: string; groupId: string | null }> | Fail> {
	const errors = await validateRequest(db, input);
	if (Object.keys(errors).length) return { ok: false, code: 'invalid', errors };
	const now = ctx.now ?? new Date();
	const municipalityCode = input.municipalityCode || null;
	const groupId = await route(db, input.topic, municipalityCode);
	// Files go to the file store first; if the request is not saved, they are removed again.
	const stored: { key: string; filename: string; contentType: string; size: number }[] = [];
	for (const a of input.attachments) {
		const file = await storeBytes('advice', a.filename, a.data);
		if (!file.ok) {
			await Promise.all(stored.map((s) => deleteFile(s.key).catch(() => undefined)));
			return { ok: false, code: 'invalid', errors: { attachments: 'file_type' } };
		}
		stored.push(file);
	}
	const id = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(adviceRequests)
			.values({
				requesterId: ctx.actor.id,
				topic: input.topic as AdviceTopic,
				municipalityCode,
				subject: input.subject.trim(),
				description: input.description.trim(),
				groupId,
				createdAt: now,
				dueAt: addWorkingDays(now, TARGET_WORKING_DAYS)
			})
			.returning({ id: adviceRequests.id });
		for (const s of stored) {
			await tx.insert(adviceAttachments).values({
				requestId: row.id,
				filename: s.filename,
				contentType: s.contentType,
				size: s.size,
				storageKey: s.key
			});
		}
		await audit(tx, {
			actorId: ctx.actor.id,
			action: 'advice.submitted',
			targetType: 'advice_request',
			targetId: row.id,
			details: { topic: input.topic, municipalityCode, groupId }
		});
		await notifyEach(
			tx,
			await groupMemberIds(tx, groupId),
			(locale) => ({
				kind: 'advice.new_request',
				title: m.advice_notify_new_title({ subject: input.subject.trim() }, { locale }),
				body: input.description.trim().slice(0, 500),
				link: `/park/advice/${row.id}`
			}),
			ctx.origin
		);
		return row.id;
	});
	return { ok: true, value: { id, groupId } };
}

export interface RequestAccess {
	isRequester: boolean;
	isAdviser: boolean;
	canSee: boolean;
}

export async function requestAccess(
	db: Db,
	actor: Actor,
	request: { requesterId: string; groupId: string | null; assigneeId: string | null }
): Promise<RequestAccess> {
	const isRequester = request.requesterId === actor.id;
	let isAdviser = actor.role === 'admin' || request.assigneeId === actor.id;
	if (!isAdviser && request.groupId) {
		const ids = await myGroupIds(db, actor.id);
		isAdviser = ids.includes(request.groupId);
	}
	return { isRequester, isAdviser, canSee: isRequester || isAdviser };
}

export async function get(db: Db, id: string) {
	if (!isUuid(id)) return null;
	const [row] = await db
		.select({
			id: adviceRequests.id,
			requesterId: adviceRequests.requesterId,
			requesterName: users.name,
			topic: adviceRequests.topic,
			municipalityCode: adviceRequests.municipalityCode,
			municipalityName: municipalities.name,
			subject: adviceRequests.subject,
			description: adviceRequests.description,
			groupId: adviceRequests.groupId,
			groupName: adviserGroups.name,
			assigneeId: adviceRequests.assigneeId,
			status: adviceRequests.status,
			createdAt: adviceRequests.createdAt,
			dueAt: adviceRequests.dueAt,
			assignedAt: adviceRequests.assignedAt,
			answeredAt: adviceRequests.answeredAt,
			closedAt: adviceRequests.closedAt
		})
		.from(adviceRequests)
		.innerJoin(users, eq(users.id, adviceRequests.requesterId))
		.leftJoin(adviserGroups, eq(adviserGroups.id, adviceRequests.groupId))
		.leftJoin(municipalities, eq(municipalities.code, adviceRequests.municipalityCode))
		.where(eq(adviceRequests.id, id));
	return row ?? null;
}

/** The thread; internal notes only for advisers. */
export async function thread(db: Db, requestId: string, includeNotes: boolean) {
	const rows = await db
		.select({
			id: adviceMessages.id,
			kind: adviceMessages.kind,
			body: adviceMessages.body,
			createdAt: adviceMessages.createdAt,
			authorName: users.name
		})
		.from(adviceMessages)
		.leftJoin(users, eq(users.id, adviceMessages.authorId))
		.where(eq(adviceMessages.requestId, requestId))
		.orderBy(asc(adviceMessages.createdAt));
	return includeNotes ? rows : rows.filter((r) => r.kind !== 'note');
}

export async function attachments(db: Db, requestId: string) {
	return db
		.select({
			id: adviceAttachments.id,
			filename: adviceAttachments.filename,
			contentType: adviceAttachments.contentType,
			size: adviceAttachments.size
		})
		.from(adviceAttachments)
		.where(eq(adviceAttachments.requestId, requestId))
		.orderBy(asc(adviceAttachments.createdAt));
}

/**
 * One attachment with its bytes. A file stored before attachments moved to the file store is moved
 * there on this first read (its `bytea` copy is cleared in the same step).
 */
export async function attachment(db: Db, requestId: string, attachmentId: string) {
	if (!isUuid(attachmentId)) return null;
	const [row] = await db
		.select()
		.from(adviceAttachments)
		.where(and(eq(adviceAttachments.id, attachmentId), eq(adviceAttachments.requestId, requestId)));
	if (!row) return null;
	if (row.storageKey) {
		const bytes = await loadFile(row.storageKey);
		return { ...row, data: null, bytes, contentType: contentTypeOf(row.storageKey) };
	}
	const bytes = new Uint8Array(row.data ?? new Uint8Array());
	const moved = await moveToStore(db, row.id, row.filename, bytes);
	return { ...row, data: null, bytes, contentType: moved ?? 'application/octet-stream' };
}

/** Moves one legacy row's bytes to the file store; the content type if the bytes passed the checks. */
async function moveToStore(
	db: Db,
	id: string,
	filename: string,
	bytes: Uint8Array<ArrayBuffer>
): Promise<string | null> {
	const file = await storeBytes('advice', filename, bytes);
	// A legacy file of a type the store does not take stays where it is, served as a download.
	if (!file.ok) return null;
	const [updated] = await db
		.update(adviceAttachments)
		.set({ storageKey: file.key, data: null, contentType: file.contentType })
		.where(and(eq(adviceAttachments.id, id), isNull(adviceAttachments.storageKey)))
		.returning({ id: adviceAttachments.id });
	// Another request moved it first: keep theirs.
	if (!updated) await deleteFile(file.key).catch(() => undefined);
	return file.contentType;
}

/** Moves every legacy attachment still held in the database to the file store; the number moved. */
export async function moveLegacyAttachments(db: Db): Promise<number> {
	const rows = await db
		.select({
			id: adviceAttachments.id,
			filename: adviceAttachments.filename,
			data: adviceAttachments.data
		})
		.from(adviceAttachments)
		.where(isNull(adviceAttachments.storageKey));
	let moved = 0;
	for (const r of rows) {
		if (r.data && (await moveToStore(db, r.id, r.filename, new Uint8Array(r.data)))) moved++;
	}
	return moved;
}

/** Advisers the request can be assigned to: the members of its group. */
export async function assignable(db: Db, groupId: string | null) {
	if (!groupId) return [];
	return db
		.select({ id: users.id, name: users.name })
		.from(adviserGroupMembers)
		.innerJoin(users, eq(users.id, adviserGroupMembers.userId))
		.where(eq(adviserGroupMembers.groupId, groupId))
		.orderBy(asc(users.name));
}

type Loaded = NonNullable<Awaited<ReturnType<typeof get>>>;

async function loadFor(
	db: Db,
	actor: Actor,
	id: string,
	need: 'adviser' | 'requester' | 'either'
): Promise<Ok<{ request: Loaded; access: RequestAccess }> | Fail> {
	const request = await get(db, id);
	if (!request) return { ok: false, code: 'not_found' };
	const access = await requestAccess(db, actor, request);
	if (!access.canSee) return { ok: false, code: 'not_found' };
	if (need === 'adviser' && !access.isAdviser) return { ok: false, code: 'forbidden' };
	if (need === 'requester' && !access.isRequester) return { ok: false, code: 'forbidden' };
	return { ok: true, value: { request, access } };
}

/** Assigns to a member of the request's group (an adviser may take it themself). */
export async function assign(
	db: Db,
	ctx: Context,
	id: string,
	assigneeId: string
): Promise<Ok<undefined> | Fail> {
	const loaded = await loadFor(db, ctx.actor, id, 'adviser');
	if (!loaded.ok) return loaded;
	const { request } = loaded.value;
	if (request.status === 'closed') return { ok: false, code: 'closed' };
	const candidates = await assignable(db, request.groupId);
	if (!isUuid(assigneeId) || !candidates.some((c) => c.id === assigneeId))
		return { ok: false, code: 'invalid', errors: { assignee: 'invalid_choice' } };
	const now = ctx.now ?? new Date();
	await db.transaction(async (tx) => {
		await tx
			.update(adviceRequests)
			.set({
				assigneeId,
				assignedAt: now,
				status: request.status === 'new' ? 'assigned' : request.status
			})
			.where(eq(adviceRequests.id, id));
		await audit(tx, {
			actorId: ctx.actor.id,
			action: 'advice.assigned',
			targetType: 'advice_request',
			targetId: id,
			details: { assigneeId }
		});
		if (assigneeId !== ctx.actor.id) {
			await notifyEach(
				tx,
				[assigneeId],
				(locale) => ({
					kind: 'advice.assigned',
					title: m.advice_notify_assigned_title({ subject: request.subject }, { locale }),
					link: `/park/advice/${id}`
				}),
				ctx.origin
			);
		}
	});
	return { ok: true, value: undefined };
}

/** An adviser's reply (shown to the requester) or internal note; a reply answers the request. */
export async function post(
	db: Db,
	ctx: Context,
	id: string,
	kind: 'reply' | 'note' | 'message',
	body: string
): Promise<Ok<undefined> | Fail> {
	const loaded = await loadFor(db, ctx.actor, id, kind === 'message' ? 'either' : 'adviser');
	if (!loaded.ok) return loaded;
	const { request, access } = loaded.value;
	const text = body.trim();
	if (!text) return { ok: false, code: 'invalid', errors: { body: 'required' } };
	if (text.length > BODY_MAX) return { ok: false, code: 'invalid', errors: { body: 'too_long' } };
	if (request.status === 'closed') return { ok: false, code: 'closed' };
	const now = ctx.now ?? new Date();
	await db.transaction(async (tx) => {
		await tx
			.insert(adviceMessages)
			.values({ requestId: id, authorId: ctx.actor.id, kind, body: text, createdAt: now });
		if (kind === 'reply') {
			await tx
				.update(adviceRequests)
				.set({
					status: 'answered',
					// The response time counts to the first answer.
					answeredAt: request.answeredAt ?? now,
					assigneeId: request.assigneeId ?? ctx.actor.id,
					assignedAt: request.assignedAt ?? now
				})
				.where(eq(adviceRequests.id, id));
			await notifyEach(
				tx,
				[request.requesterId],
				(locale) => ({
					kind: 'advice.answered',
					title: m.advice_notify_answered_title({ subject: request.subject }, { locale }),
					body: text.slice(0, 500),
					link: `/park/advice/${id}`
				}),
				ctx.origin
			);
		} else if (kind === 'message') {
			const to = request.assigneeId
				? [request.assigneeId]
				: await groupMemberIds(tx, request.groupId);
			const recipients = access.isRequester ? to : [request.requesterId];
			await notifyEach(
				tx,
				recipients.filter((u) => u !== ctx.actor.id),
				(locale) => ({
					kind: 'advice.message',
					title: m.advice_notify_message_title({ subject: request.subject }, { locale }),
					body: text.slice(0, 500),
					link: `/park/advice/${id}`
				}),
				ctx.origin
			);
		}
		await audit(tx, {
			actorId: ctx.actor.id,
			action: `advice.${kind}`,
			targetType: 'advice_request',
			targetId: id
		});
	});
	return { ok: true, value: undefined };
}

/** Closes a request (requester or adviser). */
export async function close(db: Db, ctx: Context, id: string): Promise<Ok<undefined> | Fail> {
	const loaded = await loadFor(db, ctx.actor, id, 'either');
	if (!loaded.ok) return loaded;
	if (loaded.value.request.status === 'closed') return { ok: false, code: 'closed' };
	const now = ctx.now ?? new Date();
	await db.transaction(async (tx) => {
		await tx
			.update(adviceRequests)
			.set({ status: 'closed', closedAt: now })
			.where(eq(adviceRequests.id, id));
		await audit(tx, {
			actorId: ctx.actor.id,
			action: 'advice.closed',
			targetType: 'advice_request',
			targetId: id
		});
	});
	return { ok: true, value: undefined };
}

// ---------------------------------------------------------------------------------------------
// Lists and response times

const listColumns = {
	id: adviceRequests.id,
	subject: adviceRequests.subject,
	topic: adviceRequests.topic,
	status: adviceRequests.status,
	municipalityName: municipalities.name,
	groupName: adviserGroups.name,
	assigneeId: adviceRequests.assigneeId,
	createdAt: adviceRequests.createdAt,
	dueAt: adviceRequests.dueAt,
	answeredAt: adviceRequests.answeredAt
};

export async function mine(db: Db, userId: string) {
	return db
		.select(listColumns)
		.from(adviceRequests)
		.leftJoin(adviserGroups, eq(adviserGroups.id, adviceRequests.groupId))
		.leftJoin(municipalities, eq(municipalities.code, adviceRequests.municipalityCode))
		.where(eq(adviceRequests.requesterId, userId))
		.orderBy(desc(adviceRequests.createdAt));
}

/** The requests an adviser works on: their groups' and those assigned to them (admins: all). */
export async function inbox(db: Db, actor: Actor, filter: { status?: string } = {}) {
	const groupIds = actor.role === 'admin' ? null : await myGroupIds(db, actor.id);
	if (groupIds !== null && groupIds.length === 0) return [];
	const scope =
		groupIds === null
			? undefined
			: or(inArray(adviceRequests.groupId, groupIds), eq(adviceRequests.assigneeId, actor.id));
	const status = filter.status && isStatus(filter.status) ? filter.status : null;
	return db
		.select(listColumns)
		.from(adviceRequests)
		.leftJoin(adviserGroups, eq(adviserGroups.id, adviceRequests.groupId))
		.leftJoin(municipalities, eq(municipalities.code, adviceRequests.municipalityCode))
		.where(and(scope, status ? eq(adviceRequests.status, status) : undefined))
		.orderBy(asc(adviceRequests.dueAt));
}

/** Requests past their target without an answer, oldest target first. */
export async function overdue(db: Db, actor: Actor, now = new Date()) {
	const groupIds = actor.role === 'admin' ? null : await myGroupIds(db, actor.id);
	if (groupIds !== null && groupIds.length === 0) return [];
	const scope =
		groupIds === null
			? undefined
			: or(inArray(adviceRequests.groupId, groupIds), eq(adviceRequests.assigneeId, actor.id));
	const rows = await db
		.select(listColumns)
		.from(adviceRequests)
		.leftJoin(adviserGroups, eq(adviserGroups.id, adviceRequests.groupId))
		.leftJoin(municipalities, eq(municipalities.code, adviceRequests.municipalityCode))
		.where(
			and(scope, inArray(adviceRequests.status, ['new', 'assigned']), lt(adviceRequests.dueAt, now))
		)
		.orderBy(asc(adviceRequests.dueAt));
	return rows.map((r) => ({ ...r, workingDaysLate: workingDaysBetween(r.dueAt, now) }));
}

export interface ResponseStats {
	total: number;
	answered: number;
	answeredOnTime: number;
	open: number;
	overdue: number;
	/** Median hours to the first answer, null with no answers. */
	medianHours: number | null;
}

/** Response-time figures over the requests the actor sees. */
export async function stats(db: Db, actor: Actor, now = new Date()): Promise<ResponseStats> {
	const rows = await inbox(db, actor);
	const answered = rows.filter((r) => r.answeredAt);
	const hours = answered.map((r) => hoursBetween(r.createdAt, r.answeredAt!)).sort((a, b) => a - b);
	const mid = Math.floor(hours.length / 2);
	return {
		total: rows.length,
		answered: answered.length,
		answeredOnTime: answered.filter((r) => r.answeredAt! <= r.dueAt).length,
		open: rows.filter((r) => r.status === 'new' || r.status === 'assigned').length,
		overdue: rows.filter((r) => (r.status === 'new' || r.status === 'assigned') && r.dueAt < now)
			.length,
		medianHours: hours.length
			? hours.length % 2
				? hours[mid]
				: Math.round(((hours[mid - 1] + hours[mid]) / 2) * 10) / 10
			: null
	};
}
