/**
 * Platform administration: the audit log and the user list with the platform admin role.
 * Callers check `requireAdmin` first. Free of SvelteKit imports.
 */
import { usersChanged } from '../documents/hub';
import {
	and,
	asc,
	count,
	desc,
	eq,
	gte,
	ilike,
	isNotNull,
	isNull,
	lt,
	or,
	type SQL
} from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { auditLog, users } from '../../../../db/schema';
import { audit } from '../audit';
import { notify, type Locale } from '../notifications';
import { isUuid } from '../core';
import { displayName } from '../account';
import { paginate } from '../../pagination';
import { containsPattern, dayRange, type AuditFilters, type UserFilters } from './filters';
import * as m from '../../paraglide/messages';

export * from './filters';

export const AUDIT_PER_PAGE = 50;
export const USERS_PER_PAGE = 50;

function auditWhere(filters: AuditFilters): SQL | undefined {
	const conditions: SQL[] = [];
	if (filters.action) conditions.push(eq(auditLog.action, filters.action));
	if (filters.targetType) conditions.push(eq(auditLog.targetType, filters.targetType));
	if (filters.actor) conditions.push(ilike(users.email, containsPattern(filters.actor)));
	const { start, end } = dayRange(filters.from, filters.to);
	if (start) conditions.push(gte(auditLog.at, start));
	if (end) conditions.push(lt(auditLog.at, end));
	return conditions.length ? and(...conditions) : undefined;
}

/** One page of audit entries matching the filters, newest first, with their actors. */
export async function auditEntries(db: Db, filters: AuditFilters) {
	const where = auditWhere(filters);
	const [{ total }] = await db
		.select({ total: count() })
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.actorId))
		.where(where);
	const info = paginate(total, filters.page, AUDIT_PER_PAGE);
	const entries = await db
		.select({
			id: auditLog.id,
			at: auditLog.at,
			action: auditLog.action,
			targetType: auditLog.targetType,
			targetId: auditLog.targetId,
			organisationId: auditLog.organisationId,
			ip: auditLog.ip,
			details: auditLog.details,
			actorId: auditLog.actorId,
			actorName: users.name,
			actorEmail: users.email,
			actorDeletedAt: users.deletedAt
		})
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.actorId))
		.where(where)
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(info.perPage)
		.offset(info.offset);
	return { entries, ...info };
}

/** The actions and target types that occur in the log, for the filter selects. */
export async function auditVocabulary(
	db: Db
): Promise<{ actions: string[]; targetTypes: string[] }> {
	const [actions, targetTypes] = await Promise.all([
		db.selectDistinct({ value: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action)),
		db
			.selectDistinct({ value: auditLog.targetType })
			.from(auditLog)
			.orderBy(asc(auditLog.targetType))
	]);
	return { actions: actions.map((r) => r.value), targetTypes: targetTypes.map((r) => r.value) };
}

/** One page of users matching the search, by e-mail; deleted accounts last. */
export async function listUsers(db: Db, filters: UserFilters) {
	const conditions: SQL[] = [];
	if (filters.q) {
		const pattern = containsPattern(filters.q);
		conditions.push(or(ilike(users.name, pattern), ilike(users.email, pattern))!);
	}
	if (filters.role) conditions.push(eq(users.role, filters.role));
	if (filters.verified === 'yes') conditions.push(isNotNull(users.emailVerifiedAt));
	if (filters.verified === 'no') conditions.push(isNull(users.emailVerifiedAt));
	const where = conditions.length ? and(...conditions) : undefined;
	const [{ total }] = await db.select({ total: count() }).from(users).where(where);
	const info = paginate(total, filters.page, USERS_PER_PAGE);
	const rows = await db
		.select({
			id: users.id,
			name: users.name,
			email: users.email,
			role: users.role,
			emailVerifiedAt: users.emailVerifiedAt,
			deletedAt: users.deletedAt,
			createdAt: users.createdAt
		})
		.from(users)
		.where(where)
		.orderBy(asc(users.deletedAt), asc(users.email))
		.limit(info.perPage)
		.offset(info.offset);
	return { users: rows, ...info };
}

/** The display name of a user by id (for "X is now an administrator"), or null. */
export async function userName(db: Db, id: string): Promise<string | null> {
	if (!isUuid(id)) return null;
	const [user] = await db
		.select({ name: users.name, deletedAt: users.deletedAt })
		.from(users)
		.where(eq(users.id, id));
	return user ? displayName(user) : null;
}

export type RoleResult =
	{ ok: true; name: string; changed: boolean } | { ok: false; code: 'not_found' | 'self' };

/**
 * Grants or revokes the platform admin role. An admin cannot revoke their own role (so there is
 * always someone left who can run the platform). The change is audited and the user notified.
 */
export async function setPlatformRole(
	db: Db,
	ctx: { actor: { id: string; name: string }; ip?: string | null; origin?: string },
	userId: string,
	role: 'admin' | 'user'
): Promise<RoleResult> {
	if (userId === ctx.actor.id && role !== 'admin') return { ok: false, code: 'self' };
	const outcome = await db.transaction(async (tx) => {
		const [target] = await tx
			.select({ id: users.id, name: users.name, role: users.role, locale: users.locale })
			.from(users)
			.where(and(eq(users.id, userId), isNull(users.deletedAt)))
			.for('update');
		if (!target) return { ok: false, code: 'not_found' } as const;
		if (target.role === role) return { ok: true, name: target.name, changed: false } as const;
		await tx.update(users).set({ role }).where(eq(users.id, userId));
		await audit(tx, {
			actorId: ctx.actor.id,
			action: role === 'admin' ? 'user.admin_granted' : 'user.admin_revoked',
			targetType: 'user',
			targetId: userId,
			ip: ctx.ip,
			details: { from: target.role, to: role }
		});
		const locale: Locale = target.locale === 'en' ? 'en' : 'da';
		const prefix = locale === 'en' ? '/en' : '';
		await notify(
			tx,
			userId,
			role === 'admin'
				? {
						kind: 'account.role_changed',
						title: m.notif_role_granted_title({}, { locale }),
						body: m.notif_role_granted_body({ admin: ctx.actor.name }, { locale }),
						link: `${prefix}/admin`
					}
				: {
						kind: 'account.role_changed',
						title: m.notif_role_revoked_title({}, { locale }),
						body: m.notif_role_revoked_body({ admin: ctx.actor.name }, { locale }),
						link: `${prefix}/account`
					},
			ctx.origin
		);
		return { ok: true, name: target.name, changed: true } as const;
	});
	// A platform admin edits every entry: open connections are decided again.
	if (outcome.ok && outcome.changed) usersChanged([userId]);
	return outcome;
}
