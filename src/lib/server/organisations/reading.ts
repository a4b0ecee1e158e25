/**
 * Reading organisations: the directory with its filters, one organisation, and who may do what in
 * it.
 */
import { and, asc, count, desc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	memberships,
	municipalities,
	organisations,
	users,
	type MembershipRole
} from '../../../../db/schema';
import { type Actor, PAGE_SIZE, isKind } from './shared';

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
