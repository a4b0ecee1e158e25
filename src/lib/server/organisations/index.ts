/**
 * Organisations and their members: creation with admin approval, join requests decided by the
 * organisation's admins, roles, leaving. Functions return outcome codes; routes turn them into
 * messages in the user's language. Every change is audited in the transaction that makes it, and
 * the module checks the actor's right itself, so a route that forgot its guard still cannot write.
 * Free of SvelteKit imports: scripts and the realtime server may use it too.
 */
import { and, asc, count, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	memberships,
	municipalities,
	organisationKinds,
	organisations,
	users,
	membershipRoles,
	type MembershipRole,
	type OrganisationKind
} from '../../../../db/schema';
import { cvrProblem, normaliseCvr } from '../../cvr';
import { slugify } from '../../slug';
import { audit } from '../audit';
import { usersChanged } from '../documents/hub';
import { notify, type NotificationInput } from '../notifications';
import * as m from '../../paraglide/messages';
import { isUuid, uniqueViolation, type Context as CoreContext, type NamedActor } from '../core';

export type Actor = NamedActor;
export type Context = CoreContext<NamedActor>;

/** Who is acting: the signed-in user (a `SessionUser` fits). */

type Locale = 'da' | 'en';
const asLocale = (locale: string | null | undefined): Locale => (locale === 'en' ? 'en' : 'da');

export const NAME_MAX = 160;
export const DESCRIPTION_MAX = 2000;
export const WEBSITE_MAX = 300;
export const MESSAGE_MAX = 1000;
export const PAGE_SIZE = 50;

export { organisationKinds, membershipRoles };

export function isKind(value: string): value is OrganisationKind {
	return (organisationKinds as readonly string[]).includes(value);
}

export function isRole(value: string): value is MembershipRole {
	return (membershipRoles as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function listMunicipalities(db: Db) {
	const rows = await db
		.select({
			code: municipalities.code,
			name: municipalities.name,
			regionName: municipalities.regionName
		})
		.from(municipalities);
	const collator = new Intl.Collator('da');
	return rows.sort((a, b) => collator.compare(a.name, b.name));
}

export interface ListFilter {
	q?: string;
	kind?: string;
	municipality?: string;
	page?: number;
}

/** `%`, `_` and `\` typed by the user match themselves, not any text. */
function likePattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Approved organisations, the ones every signed-in user may see, filtered and paged. */
export async function list(db: Db, filter: ListFilter = {}) {
	const conditions: SQL[] = [eq(organisations.status, 'approved')];
	const q = filter.q?.trim().slice(0, 100);
	if (q) conditions.push(ilike(organisations.name, likePattern(q)));
	if (filter.kind && isKind(filter.kind)) conditions.push(eq(organisations.kind, filter.kind));
	if (filter.municipality) conditions.push(eq(organisations.municipalityCode, filter.municipality));
	const where = and(...conditions);
	const page = Math.max(1, Math.floor(filter.page ?? 1) || 1);
	const [items, [total]] = await Promise.all([
		db
			.select({
				id: organisations.id,
				slug: organisations.slug,
				name: organisations.name,
				kind: organisations.kind,
				rsv: organisations.rsv,
				municipalityName: municipalities.name
			})
			.from(organisations)
			.leftJoin(municipalities, eq(municipalities.code, organisations.municipalityCode))
			.where(where)
			.orderBy(asc(sql`lower(${organisations.name})`))
			.limit(PAGE_SIZE)
			.offset((page - 1) * PAGE_SIZE),
		db.select({ n: count() }).from(organisations).where(where)
	]);
	return {
		items,
		total: total?.n ?? 0,
		page,
		pages: Math.max(1, Math.ceil((total?.n ?? 0) / PAGE_SIZE))
	};
}

/** The user's own organisations: memberships (active or requested) and ones they created. */
export async function mine(db: Db, userId: string) {
	return db
		.select({
			id: organisations.id,
			slug: organisations.slug,
			name: organisations.name,
			kind: organisations.kind,
			status: organisations.status,
			role: memberships.role,
			membershipStatus: memberships.status
		})
		.from(organisations)
		.leftJoin(
			memberships,
			and(eq(memberships.organisationId, organisations.id), eq(memberships.userId, userId))
		)
		.where(or(sql`${memberships.userId} is not null`, eq(organisations.createdBy, userId)))
		.orderBy(asc(sql`lower(${organisations.name})`));
}

export async function getBySlug(db: Db, slug: string) {
	const [row] = await db
		.select({
			id: organisations.id,
			slug: organisations.slug,
			name: organisations.name,
			kind: organisations.kind,
			cvr: organisations.cvr,
			rsv: organisations.rsv,
			municipalityCode: organisations.municipalityCode,
			municipalityName: municipalities.name,
			website: organisations.website,
			description: organisations.description,
			status: organisations.status,
			createdBy: organisations.createdBy,
			createdAt: organisations.createdAt
		})
		.from(organisations)
		.leftJoin(municipalities, eq(municipalities.code, organisations.municipalityCode))
		.where(eq(organisations.slug, slug));
	return row ?? null;
}

export type Organisation = NonNullable<Awaited<ReturnType<typeof getBySlug>>>;

/** What one user may do with one organisation. The single rule every organisation route uses. */
export interface Access {
	/** The organisation's page (approved, or pending/rejected for its creator and platform admins). */
	canSee: boolean;
	/** Member list with names and roles. */
	canSeeMembers: boolean;
	/** E-mail addresses, join requests, roles, removal. */
	canManage: boolean;
	role: MembershipRole | null;
	membership: 'active' | 'pending' | null;
}

export async function access(
	db: Db,
	actor: Actor,
	org: Pick<Organisation, 'id' | 'status' | 'createdBy'>
): Promise<Access> {
	const [row] = await db
		.select({ role: memberships.role, status: memberships.status })
		.from(memberships)
		.where(and(eq(memberships.userId, actor.id), eq(memberships.organisationId, org.id)));
	const admin = actor.role === 'admin';
	const active = row?.status === 'active';
	const role = active ? row.role : null;
	return {
		canSee: admin || org.status === 'approved' || org.createdBy === actor.id || active,
		canSeeMembers: admin || active,
		canManage: admin || role === 'org_admin',
		role,
		membership: row?.status ?? null
	};
}

/** Active members with names and roles; e-mail addresses only when asked (for managers). */
export async function members(db: Db, organisationId: string, withEmail = false) {
	const rows = await db
		.select({
			userId: users.id,
			name: users.name,
			email: users.email,
			role: memberships.role,
			since: memberships.decidedAt
		})
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(
			and(
				eq(memberships.organisationId, organisationId),
				eq(memberships.status, 'active'),
				isNull(users.deletedAt)
			)
		)
		.orderBy(
			desc(sql`case ${memberships.role} when 'org_admin' then 3 when 'editor' then 2 else 1 end`),
			asc(sql`lower(${users.name})`)
		);
	return rows.map((r) => (withEmail ? r : { ...r, email: null }));
}

/** Pending join requests, oldest first. */
export async function joinRequests(db: Db, organisationId: string) {
	return db
		.select({
			userId: users.id,
			name: users.name,
			email: users.email,
			message: memberships.message,
			createdAt: memberships.createdAt
		})
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(
			and(
				eq(memberships.organisationId, organisationId),
				eq(memberships.status, 'pending'),
				isNull(users.deletedAt)
			)
		)
		.orderBy(asc(memberships.createdAt));
}

/** Organisations waiting for a platform admin, oldest first, with their creator. */
export async function pendingOrganisations(db: Db) {
	return db
		.select({
			id: organisations.id,
			slug: organisations.slug,
			name: organisations.name,
			kind: organisations.kind,
			cvr: organisations.cvr,
			website: organisations.website,
			description: organisations.description,
			municipalityName: municipalities.name,
			createdAt: organisations.createdAt,
			creatorName: users.name,
			creatorEmail: users.email
		})
		.from(organisations)
		.leftJoin(municipalities, eq(municipalities.code, organisations.municipalityCode))
		.leftJoin(users, eq(users.id, organisations.createdBy))
		.where(eq(organisations.status, 'pending'))
		.orderBy(asc(organisations.createdAt));
}

// ---------------------------------------------------------------------------------------------
// Creating

export interface CreateInput {
	kind: string;
	name: string;
	cvr: string;
	municipalityCode: string;
	website: string;
	description: string;
}

export type CreateField = 'kind' | 'name' | 'cvr' | 'municipalityCode' | 'website' | 'description';
export type CreateCode =
	| 'required'
	| 'too_long'
	| 'invalid_kind'
	| 'name_taken'
	| 'cvr_format'
	| 'cvr_checksum'
	| 'cvr_taken'
	| 'unknown_municipality'
	| 'invalid_website';

export type CreateResult =
	| { ok: true; id: string; slug: string; status: 'pending' | 'approved' }
	| { ok: false; errors: Partial<Record<CreateField, CreateCode>> };

/** Codes about the content of a well-formed form (HTTP 422); the rest are malformed input (400). */
export const CONFLICT_CODES: ReadonlySet<CreateCode> = new Set([
	'name_taken',
	'cvr_taken',
	'unknown_municipality'
]);

/**
 * A website as stored: http(s) only. A bare host such as `eksempel.dk` gets `https://`; any other
 * scheme (`javascript:`, `ftp:`) is refused.
 */
export function normaliseWebsite(input: string): string | null {
	const raw = input.trim();
	if (!raw) return '';
	const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`;
	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		return null;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
	if (!url.hostname.includes('.') || url.username || url.password) return null;
	return url.toString();
}

/** Slugs that name a page of their own under /organisations. */
const RESERVED_SLUGS = new Set(['new']);

async function freeSlug(db: Db, name: string): Promise<string> {
	const base = slugify(name) || 'organisation';
	const taken = new Set(
		(
			await db
				.select({ slug: organisations.slug })
				.from(organisations)
				.where(or(eq(organisations.slug, base), ilike(organisations.slug, `${base}-%`)))
		).map((r) => r.slug)
	);
	for (let n = 1; ; n++) {
		const slug = n === 1 ? base : `${base}-${n}`;
		if (!taken.has(slug) && !RESERVED_SLUGS.has(slug)) return slug;
	}
}

/**
 * Creates an organisation. A platform admin's is approved at once; anyone else's waits as
 * `pending` for a platform admin, and its creator becomes its `org_admin` straight away.
 */
export async function create(db: Db, ctx: Context, input: CreateInput): Promise<CreateResult> {
	const errors: Partial<Record<CreateField, CreateCode>> = {};
	const kind = input.kind.trim();
	const name = input.name.trim().replace(/\s+/g, ' ');
	const cvr = normaliseCvr(input.cvr);
	const municipalityCode = input.municipalityCode.trim();
	const description = input.description.trim();
	const website = normaliseWebsite(input.website);

	if (!kind) errors.kind = 'required';
	else if (!isKind(kind)) errors.kind = 'invalid_kind';
	if (!name) errors.name = 'required';
	else if (name.length > NAME_MAX) errors.name = 'too_long';
	if (cvr) {
		const problem = cvrProblem(cvr);
		if (problem) errors.cvr = problem === 'format' ? 'cvr_format' : 'cvr_checksum';
	}
	if (!municipalityCode) errors.municipalityCode = 'required';
	if (website === null) errors.website = 'invalid_website';
	else if (website.length > WEBSITE_MAX) errors.website = 'too_long';
	if (description.length > DESCRIPTION_MAX) errors.description = 'too_long';

	// Look up what only the database knows, so the user gets every problem in one answer.
	const [taken, municipality] = await Promise.all([
		takenErrors(db, errors.name ? '' : name, errors.cvr ? '' : cvr),
		municipalityCode
			? db
					.select({ code: municipalities.code })
					.from(municipalities)
					.where(eq(municipalities.code, municipalityCode))
			: []
	]);
	Object.assign(errors, taken);
	if (municipalityCode && !municipality.length) errors.municipalityCode = 'unknown_municipality';
	if (Object.keys(errors).length) return { ok: false, errors };

	const admin = ctx.actor.role === 'admin';
	const status: 'approved' | 'pending' = admin ? 'approved' : 'pending';
	for (let attempt = 1; ; attempt++) {
		try {
			return await insertOrganisation();
		} catch (err) {
			// Someone created the same name, CVR or slug a moment ago: the unique indexes decide.
			const constraint = uniqueViolation(err);
			if (constraint?.includes('name')) return { ok: false, errors: { name: 'name_taken' } };
			if (constraint?.includes('cvr')) return { ok: false, errors: { cvr: 'cvr_taken' } };
			if (constraint?.includes('slug') && attempt < 3) {
				const now = await takenErrors(db, name, cvr);
				if (Object.keys(now).length) return { ok: false, errors: now };
				continue;
			}
			throw err;
		}
	}

	function insertOrganisation() {
		return db.transaction(async (tx) => {
			const slug = await freeSlug(tx, name);
			const [org] = await tx
				.insert(organisations)
				.values({
					kind: kind as OrganisationKind,
					name,
					slug,
					cvr: cvr || null,
					municipalityCode,
					website: website || null,
					description,
					status,
					createdBy: ctx.actor.id
				})
				.returning({ id: organisations.id, slug: organisations.slug });
			const now = new Date();
			await tx.insert(memberships).values({
				userId: ctx.actor.id,
				organisationId: org.id,
				role: 'org_admin',
				status: 'active',
				decidedAt: now
			});
			await audit(tx, {
				actorId: ctx.actor.id,
				action: 'organisation.create',
				targetType: 'organisation',
				targetId: org.id,
				organisationId: org.id,
				ip: ctx.ip,
				details: { name, kind, cvr: cvr || null, municipalityCode, status }
			});
			if (!admin) {
				const link = '/admin/organisations';
				await notifyEach(tx, await platformAdminIds(tx), ctx.origin, (locale) => ({
					kind: 'organisation.pending',
					title: m.org_notify_pending_title({ name }, { locale }),
					body: m.org_notify_pending_body({ name, user: ctx.actor.name }, { locale }),
					link: localised(link, locale)
				}));
			}
			return { ok: true as const, id: org.id, slug: org.slug, status };
		});
	}
}

/** `name_taken` / `cvr_taken` for a name or CVR number another organisation has. */
async function takenErrors(
	db: Db,
	name: string,
	cvr: string
): Promise<Partial<Record<CreateField, CreateCode>>> {
	const [sameName, sameCvr] = await Promise.all([
		name
			? db
					.select({ id: organisations.id })
					.from(organisations)
					.where(sql`lower(${organisations.name}) = lower(${name})`)
			: [],
		cvr
			? db.select({ id: organisations.id }).from(organisations).where(eq(organisations.cvr, cvr))
			: []
	]);
	return {
		...(sameName.length ? { name: 'name_taken' as const } : {}),
		...(sameCvr.length ? { cvr: 'cvr_taken' as const } : {})
	};
}

// ---------------------------------------------------------------------------------------------
// Approving organisations (platform admins)

export type Outcome<C extends string> = { ok: true } | { ok: false; code: C };

/** Approves or rejects a pending organisation and tells its creator. Platform admins only. */
export async function decideOrganisation(
	db: Db,
	ctx: Context,
	organisationId: string,
	decision: 'approve' | 'reject',
	reason = ''
): Promise<Outcome<'forbidden' | 'not_pending'>> {
	if (ctx.actor.role !== 'admin') return { ok: false, code: 'forbidden' };
	if (!isUuid(organisationId)) return { ok: false, code: 'not_pending' };
	const note = reason.trim().slice(0, MESSAGE_MAX);
	const outcome = await db.transaction(async (tx) => {
		const [org] = await tx
			.update(organisations)
			.set({ status: decision === 'approve' ? 'approved' : 'rejected' })
			.where(and(eq(organisations.id, organisationId), eq(organisations.status, 'pending')))
			.returning();
		if (!org) return { ok: false as const, code: 'not_pending' as const };
		await audit(tx, {
			actorId: ctx.actor.id,
			action: decision === 'approve' ? 'organisation.approve' : 'organisation.reject',
			targetType: 'organisation',
			targetId: org.id,
			organisationId: org.id,
			ip: ctx.ip,
			details: { name: org.name, ...(note ? { reason: note } : {}) }
		});
		if (org.createdBy) {
			const name = org.name;
			await notifyEach(tx, [org.createdBy], ctx.origin, (locale) =>
				decision === 'approve'
					? {
							kind: 'organisation.approved',
							title: m.org_notify_approved_title({ name }, { locale }),
							body: m.org_notify_approved_body({ name }, { locale }),
							link: localised(`/organisations/${org.slug}`, locale)
						}
					: {
							kind: 'organisation.rejected',
							title: m.org_notify_rejected_title({ name }, { locale }),
							body: [
								m.org_notify_rejected_body({ name }, { locale }),
								note ? m.org_notify_reason({ reason: note }, { locale }) : ''
							]
								.filter(Boolean)
								.join('\n\n'),
							link: localised(`/organisations/${org.slug}`, locale)
						}
			);
		}
		return { ok: true as const };
	});
	if (outcome.ok) usersChanged('all');
	return outcome;
}

// ---------------------------------------------------------------------------------------------
// Memberships

/** Active org admins or platform admins: who may decide requests, change roles, remove members. */
async function mayManage(db: Db, actor: Actor, organisationId: string): Promise<boolean> {
	if (actor.role === 'admin') return true;
	const [row] = await db
		.select({ role: memberships.role })
		.from(memberships)
		.where(
			and(
				eq(memberships.userId, actor.id),
				eq(memberships.organisationId, organisationId),
				eq(memberships.status, 'active')
			)
		);
	return row?.role === 'org_admin';
}

/**
 * Locks the organisation row for the rest of the transaction. Membership changes of one
 * organisation then happen one after the other, so two admins demoting each other at the same
 * moment cannot leave it without an admin.
 */
async function lockOrganisation(db: Db, organisationId: string) {
	const [org] = await db
		.select()
		.from(organisations)
		.where(eq(organisations.id, organisationId))
		.for('update');
	return org ?? null;
}

async function activeAdminCount(db: Db, organisationId: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(
			and(
				eq(memberships.organisationId, organisationId),
				eq(memberships.status, 'active'),
				eq(memberships.role, 'org_admin'),
				isNull(users.deletedAt)
			)
		);
	return row?.n ?? 0;
}

async function membershipOf(db: Db, userId: string, organisationId: string) {
	const [row] = await db
		.select()
		.from(memberships)
		.where(and(eq(memberships.userId, userId), eq(memberships.organisationId, organisationId)));
	return row ?? null;
}

/** Asks to join an approved organisation; its org admins (or, lacking any, platform admins) hear. */
export async function requestJoin(
	db: Db,
	ctx: Context,
	organisationId: string,
	message: string
): Promise<Outcome<'not_found' | 'closed' | 'already_member' | 'too_long'>> {
	const text = message.trim();
	if (text.length > MESSAGE_MAX) return { ok: false, code: 'too_long' };
	return db.transaction(async (tx) => {
		const org = await lockOrganisation(tx, organisationId);
		if (!org) return { ok: false as const, code: 'not_found' as const };
		if (org.status !== 'approved') return { ok: false as const, code: 'closed' as const };
		const inserted = await tx
			.insert(memberships)
			.values({
				userId: ctx.actor.id,
				organisationId,
				role: 'member',
				status: 'pending',
				message: text
			})
			.onConflictDoNothing()
			.returning({ userId: memberships.userId });
		if (!inserted.length) return { ok: false as const, code: 'already_member' as const };
		await audit(tx, {
			actorId: ctx.actor.id,
			action: 'membership.request',
			targetType: 'membership',
			targetId: ctx.actor.id,
			organisationId,
			ip: ctx.ip
		});
		let recipients = await orgAdminIds(tx, organisationId);
		if (!recipients.length) recipients = await platformAdminIds(tx);
		const name = org.name;
		const user = ctx.actor.name;
		await notifyEach(tx, recipients, ctx.origin, (locale) => ({
			kind: 'organisation.join_request',
			title: m.org_notify_join_title({ name, user }, { locale }),
			body: [
				m.org_notify_join_body({ name, user }, { locale }),
				text ? m.org_notify_join_message({ message: text }, { locale }) : ''
			]
				.filter(Boolean)
				.join('\n\n'),
			link: localised(`/organisations/${org.slug}#requests`, locale)
		}));
		return { ok: true as const };
	});
}

/** Approves (→ active member) or declines (→ request removed) a join request, and tells the user. */
export async function decideJoin(
	db: Db,
	ctx: Context,
	organisationId: string,
	userId: string,
	decision: 'approve' | 'decline'
): Promise<Outcome<'forbidden' | 'not_found' | 'request_gone'>> {
	if (!isUuid(userId)) return { ok: false, code: 'request_gone' };
	const outcome = await db.transaction(async (tx) => {
		// Lock first, then check the right: a concurrent demotion of the actor is seen.
		const org = await lockOrganisation(tx, organisationId);
		if (!org) return { ok: false as const, code: 'not_found' as const };
		if (!(await mayManage(tx, ctx.actor, organisationId)))
			return { ok: false as const, code: 'forbidden' as const };
		const pending = and(
			eq(memberships.userId, userId),
			eq(memberships.organisationId, organisationId),
			eq(memberships.status, 'pending')
		);
		const changed =
			decision === 'approve'
				? await tx
						.update(memberships)
						.set({ status: 'active', role: 'member', decidedAt: new Date() })
						.where(pending)
						.returning({ userId: memberships.userId })
				: await tx.delete(memberships).where(pending).returning({ userId: memberships.userId });
		if (!changed.length) return { ok: false as const, code: 'request_gone' as const };
		await audit(tx, {
			actorId: ctx.actor.id,
			action: decision === 'approve' ? 'membership.approve' : 'membership.decline',
			targetType: 'membership',
			targetId: userId,
			organisationId,
			ip: ctx.ip
		});
		const name = org.name;
		await notifyEach(tx, [userId], ctx.origin, (locale) =>
			decision === 'approve'
				? {
						kind: 'organisation.join_approved',
						title: m.org_notify_join_approved_title({ name }, { locale }),
						body: m.org_notify_join_approved_body({ name }, { locale }),
						link: localised(`/organisations/${org.slug}`, locale)
					}
				: {
						kind: 'organisation.join_declined',
						title: m.org_notify_join_declined_title({ name }, { locale }),
						body: m.org_notify_join_declined_body({ name }, { locale }),
						link: localised(`/organisations/${org.slug}`, locale)
					}
		);
		return { ok: true as const };
	});
	if (outcome.ok) usersChanged([userId]);
	return outcome;
}

/** Changes an active member's role; the last org admin cannot be demoted. */
export async function changeRole(
	db: Db,
	ctx: Context,
	organisationId: string,
	userId: string,
	role: string
): Promise<Outcome<'forbidden' | 'invalid_role' | 'not_member' | 'last_admin'>> {
	if (!isRole(role)) return { ok: false, code: 'invalid_role' };
	if (!isUuid(userId)) return { ok: false, code: 'not_member' };
	const outcome = await db.transaction(async (tx) => {
		await lockOrganisation(tx, organisationId);
		if (!(await mayManage(tx, ctx.actor, organisationId)))
			return { ok: false as const, code: 'forbidden' as const };
		const current = await membershipOf(tx, userId, organisationId);
		if (!current || current.status !== 'active')
			return { ok: false as const, code: 'not_member' as const };
		if (current.role === role) return { ok: true as const };
		if (current.role === 'org_admin' && (await activeAdminCount(tx, organisationId)) <= 1)
			return { ok: false as const, code: 'last_admin' as const };
		await tx
			.update(memberships)
			.set({ role })
			.where(and(eq(memberships.userId, userId), eq(memberships.organisationId, organisationId)));
		await audit(tx, {
			actorId: ctx.actor.id,
			action: 'membership.role',
			targetType: 'membership',
			targetId: userId,
			organisationId,
			ip: ctx.ip,
			details: { from: current.role, to: role }
		});
		return { ok: true as const };
	});
	if (outcome.ok) usersChanged([userId]);
	return outcome;
}

/**
 * Ends a membership: an admin removing someone (`removeMember`) or a user leaving or withdrawing
 * their own request (`leave`). The last org admin cannot go.
 */
async function endMembership(
	db: Db,
	ctx: Context,
	organisationId: string,
	userId: string,
	action: 'membership.remove' | 'membership.leave'
): Promise<Outcome<'forbidden' | 'not_member' | 'last_admin'>> {
	if (!isUuid(userId)) return { ok: false, code: 'not_member' };
	const outcome = await db.transaction(async (tx) => {
		await lockOrganisation(tx, organisationId);
		if (action === 'membership.remove' && !(await mayManage(tx, ctx.actor, organisationId)))
			return { ok: false as const, code: 'forbidden' as const };
		const current = await membershipOf(tx, userId, organisationId);
		if (!current) return { ok: false as const, code: 'not_member' as const };
		if (action === 'membership.remove' && current.status !== 'active')
			return { ok: false as const, code: 'not_member' as const };
		if (
			current.status === 'active' &&
			current.role === 'org_admin' &&
			(await activeAdminCount(tx, organisationId)) <= 1
		)
			return { ok: false as const, code: 'last_admin' as const };
		await tx
			.delete(memberships)
			.where(and(eq(memberships.userId, userId), eq(memberships.organisationId, organisationId)));
		await audit(tx, {
			actorId: ctx.actor.id,
			action: current.status === 'pending' ? 'membership.withdraw' : action,
			targetType: 'membership',
			targetId: userId,
			organisationId,
			ip: ctx.ip,
			details: { role: current.role, status: current.status }
		});
		return { ok: true as const };
	});
	if (outcome.ok) usersChanged([userId]);
	return outcome;
}

export function removeMember(db: Db, ctx: Context, organisationId: string, userId: string) {
	return endMembership(db, ctx, organisationId, userId, 'membership.remove');
}

/** The actor leaves the organisation, or withdraws a request that is still pending. */
export function leave(db: Db, ctx: Context, organisationId: string) {
	return endMembership(db, ctx, organisationId, ctx.actor.id, 'membership.leave');
}

// ---------------------------------------------------------------------------------------------
// Notifications

function localised(path: string, locale: Locale): string {
	return locale === 'en' ? `/en${path}` : path;
}

/** The active org admins of an organisation: who is told of what happens to it. */
export async function orgAdminIds(db: Db, organisationId: string): Promise<string[]> {
	const rows = await db
		.select({ id: memberships.userId })
		.from(memberships)
		.where(
			and(
				eq(memberships.organisationId, organisationId),
				eq(memberships.status, 'active'),
				eq(memberships.role, 'org_admin')
			)
		);
	return rows.map((r) => r.id);
}

async function platformAdminIds(db: Db): Promise<string[]> {
	const rows = await db
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.role, 'admin'), isNull(users.deletedAt)));
	return rows.map((r) => r.id);
}

/** Notifies each user in their own language. */
async function notifyEach(
	db: Db,
	userIds: string[],
	origin: string | undefined,
	build: (locale: Locale) => NotificationInput
): Promise<void> {
	const ids = [...new Set(userIds)];
	if (!ids.length) return;
	const rows = await db
		.select({ id: users.id, locale: users.locale })
		.from(users)
		.where(inArray(users.id, ids));
	for (const row of rows) await notify(db, row.id, build(asLocale(row.locale)), origin);
}
