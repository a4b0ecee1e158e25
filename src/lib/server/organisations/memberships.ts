/**
 * Memberships: asking to join, inviting, approving, changing roles and leaving; the last admin
 * stays.
 */
import { and, count, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { memberships, organisations, users } from '../../../../db/schema';
import { audit } from '../audit';
import { usersChanged } from '../documents/hub';
import * as m from '../../paraglide/messages';
import { isUuid } from '../core';
import { type Actor, type Context, MESSAGE_MAX, isRole } from './shared';
import type { Outcome } from './approval';
import { localised, orgAdminIds, platformAdminIds, notifyEach } from './notices';

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
