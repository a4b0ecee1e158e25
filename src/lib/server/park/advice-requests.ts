/**
 * Advice requests: asking, answering, handing over and closing, with the notices each step sends.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	adviceAttachments,
	adviceMessages,
	adviceRequests,
	adviserGroupMembers,
	adviserGroups,
	municipalities,
	users,
	type AdviceTopic
} from '../../../../db/schema';
import { audit } from '../audit';
import { checkFile, contentTypeOf, deleteFile, loadFile, storeBytes } from '../library/attachments';
import { notifyEach } from '../notifications';
import * as m from '../../paraglide/messages';
import { addWorkingDays } from '../../time';
import type { Actor } from './directory';
import { isUuid } from '../core';
import {
	TARGET_WORKING_DAYS,
	SUBJECT_MAX,
	BODY_MAX,
	ATTACHMENT_MAX_BYTES,
	ATTACHMENTS_MAX,
	isTopic,
	type Fail,
	type Ok
} from './advice-shared';
import { route, groupMemberIds, myGroupIds } from './advice-routing';

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
