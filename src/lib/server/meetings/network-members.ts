/** Managing a network: its roster, adding people and organisations, roles and removal. */
import { usersChanged } from '../documents/hub';
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	networkJoinRequests,
	networkMembers,
	networks,
	organisations,
	users
} from '../../../../db/schema';
import { audit } from '../audit';
import { orgAdminIds } from '../organisations';
import { isUuid, type Actor } from '../core';
import { isCoordinator } from './network-rights';
import { coordinatorIds, tell } from './network-joins';

/** Platform admins and the network's coordinators manage its members. */
export async function mayManage(db: Db, user: Actor | null, networkId: string): Promise<boolean> {
	if (!user) return false;
	return user.role === 'admin' || isCoordinator(db, user.id, networkId);
}

export async function getNetwork(db: Db, id: string) {
	if (!isUuid(id)) return undefined;
	const [row] = await db.select().from(networks).where(eq(networks.id, id));
	return row;
}

/** People (coordinators first) and organisations of a network. */
export async function networkRoster(db: Db, networkId: string) {
	const [people, orgs] = await Promise.all([
		db
			.select({
				id: networkMembers.id,
				userId: users.id,
				name: users.name,
				email: users.email,
				role: networkMembers.role
			})
			.from(networkMembers)
			.innerJoin(users, eq(users.id, networkMembers.userId))
			.where(eq(networkMembers.networkId, networkId))
			.orderBy(sql`${networkMembers.role} = 'coordinator' desc`, asc(users.name)),
		db
			.select({ id: networkMembers.id, organisationId: organisations.id, name: organisations.name })
			.from(networkMembers)
			.innerJoin(organisations, eq(organisations.id, networkMembers.organisationId))
			.where(and(eq(networkMembers.networkId, networkId), isNotNull(networkMembers.organisationId)))
			.orderBy(asc(organisations.name))
	]);
	return { people, organisations: orgs };
}

/** Approved organisations that are not yet members, for the "add organisation" picker. */
export async function organisationsOutside(db: Db, networkId: string) {
	return db
		.select({ id: organisations.id, name: organisations.name })
		.from(organisations)
		.where(
			and(
				eq(organisations.status, 'approved'),
				sql`not exists (select 1 from ${networkMembers} nm where nm.network_id = ${networkId} and nm.organisation_id = ${organisations.id})`
			)
		)
		.orderBy(asc(organisations.name));
}

export type ManageError =
	| 'forbidden'
	| 'not_found'
	| 'no_such_user'
	| 'no_such_organisation'
	| 'already'
	| 'last_coordinator';
export type ManageResult = { ok: true } | { ok: false; error: ManageError };

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Runs a membership change for a manager of the network. The network row is locked first so two
 * coordinators demoting each other at once cannot leave it with none.
 */
async function managed(
	db: Db,
	actor: Actor,
	networkId: string,
	change: (tx: Tx, network: typeof networks.$inferSelect) => Promise<ManageResult>
): Promise<ManageResult> {
	if (!isUuid(networkId)) return { ok: false, error: 'not_found' };
	const outcome = await db.transaction(async (tx): Promise<ManageResult> => {
		const [network] = await tx
			.select()
			.from(networks)
			.where(eq(networks.id, networkId))
			.for('update');
		if (!network) return { ok: false, error: 'not_found' };
		if (!(await mayManage(tx as Db, actor, networkId))) return { ok: false, error: 'forbidden' };
		return change(tx, network);
	});
	// Who may read the network's entries changed (a whole organisation's people, perhaps): every
	// open document connection is decided again. Membership changes are rare; re-checks are cheap.
	if (outcome.ok) usersChanged('all');
	return outcome;
}

export async function addPerson(
	db: Db,
	actor: Actor,
	networkId: string,
	email: string,
	origin?: string
): Promise<ManageResult> {
	return managed(db, actor, networkId, async (tx, network) => {
		const [person] = await tx
			.select({ id: users.id })
			.from(users)
			.where(
				sql`lower(${users.email}) = ${email.trim().toLowerCase()} and ${users.deletedAt} is null`
			);
		if (!person) return { ok: false, error: 'no_such_user' };
		const [row] = await tx
			.insert(networkMembers)
			.values({ networkId, userId: person.id, role: 'member' })
			.onConflictDoNothing()
			.returning({ id: networkMembers.id });
		if (!row) return { ok: false, error: 'already' };
		await audit(tx as Db, {
			actorId: actor.id,
			action: 'network.member_add',
			targetType: 'network',
			targetId: networkId,
			details: { userId: person.id }
		});
		await tell(tx as Db, [person.id], 'network_added', network, origin);
		return { ok: true };
	});
}

export async function addOrganisation(
	db: Db,
	actor: Actor,
	networkId: string,
	organisationId: string,
	origin?: string
): Promise<ManageResult> {
	return managed(db, actor, networkId, async (tx, network) => {
		if (!isUuid(organisationId)) return { ok: false, error: 'no_such_organisation' };
		const [org] = await tx
			.select({ id: organisations.id })
			.from(organisations)
			.where(and(eq(organisations.id, organisationId), eq(organisations.status, 'approved')));
		if (!org) return { ok: false, error: 'no_such_organisation' };
		const [row] = await tx
			.insert(networkMembers)
			.values({ networkId, organisationId, role: 'member' })
			.onConflictDoNothing()
			.returning({ id: networkMembers.id });
		if (!row) return { ok: false, error: 'already' };
		await audit(tx as Db, {
			actorId: actor.id,
			action: 'network.organisation_add',
			targetType: 'network',
			targetId: networkId,
			organisationId
		});
		await tell(
			tx as Db,
			await orgAdminIds(tx as Db, organisationId),
			'network_added',
			network,
			origin
		);
		return { ok: true };
	});
}

async function memberRow(tx: Tx, networkId: string, memberId: string) {
	if (!isUuid(memberId)) return undefined;
	const [row] = await tx
		.select()
		.from(networkMembers)
		.where(and(eq(networkMembers.networkId, networkId), eq(networkMembers.id, memberId)));
	return row;
}

async function coordinatorCount(tx: Tx, networkId: string): Promise<number> {
	return (await coordinatorIds(tx as Db, networkId)).length;
}

/** Removes a person or an organisation; the last coordinator stays. */
export async function removeMember(
	db: Db,
	actor: Actor,
	networkId: string,
	memberId: string,
	origin?: string
): Promise<ManageResult> {
	return managed(db, actor, networkId, async (tx, network) => {
		const row = await memberRow(tx, networkId, memberId);
		if (!row) return { ok: false, error: 'not_found' };
		if (row.role === 'coordinator' && (await coordinatorCount(tx, networkId)) <= 1)
			return { ok: false, error: 'last_coordinator' };
		await tx.delete(networkMembers).where(eq(networkMembers.id, row.id));
		await audit(tx as Db, {
			actorId: actor.id,
			action: row.userId ? 'network.member_remove' : 'network.organisation_remove',
			targetType: 'network',
			targetId: networkId,
			organisationId: row.organisationId,
			details: row.userId ? { userId: row.userId } : {}
		});
		const told = row.userId ? [row.userId] : await orgAdminIds(tx as Db, row.organisationId!);
		await tell(tx as Db, told, 'network_removed', network, origin);
		return { ok: true };
	});
}

/** Appoints a person coordinator or makes them a plain member again; the last coordinator stays. */
export async function setMemberRole(
	db: Db,
	actor: Actor,
	networkId: string,
	memberId: string,
	role: 'member' | 'coordinator',
	origin?: string
): Promise<ManageResult> {
	return managed(db, actor, networkId, async (tx, network) => {
		const row = await memberRow(tx, networkId, memberId);
		// Organisations are members only: a coordinator is someone who can be asked.
		if (!row || !row.userId) return { ok: false, error: 'not_found' };
		if (row.role === role) return { ok: true };
		if (role === 'member' && (await coordinatorCount(tx, networkId)) <= 1)
			return { ok: false, error: 'last_coordinator' };
		await tx.update(networkMembers).set({ role }).where(eq(networkMembers.id, row.id));
		await audit(tx as Db, {
			actorId: actor.id,
			action: role === 'coordinator' ? 'network.coordinator_appoint' : 'network.coordinator_demote',
			targetType: 'network',
			targetId: networkId,
			details: { userId: row.userId }
		});
		await tell(
			tx as Db,
			[row.userId],
			role === 'coordinator' ? 'network_coordinator' : 'network_member',
			network,
			origin
		);
		return { ok: true };
	});
}

/**
 * A coordinator (or admin) approves or rejects; approval adds the person, or the organisation they
 * asked for, as a member. The requester is told either way.
 */
export async function decideJoin(
	db: Db,
	actor: Actor,
	requestId: string,
	approve: boolean,
	origin?: string
): Promise<boolean> {
	if (!isUuid(requestId)) return false;
	const decided = await db.transaction(async (tx) => {
		const [request] = await tx
			.select()
			.from(networkJoinRequests)
			.where(eq(networkJoinRequests.id, requestId))
			.for('update');
		if (!request || request.status !== 'pending') return false;
		if (actor.role !== 'admin' && !(await isCoordinator(tx as Db, actor.id, request.networkId)))
			return false;
		await tx
			.update(networkJoinRequests)
			.set({
				status: approve ? 'approved' : 'rejected',
				decidedAt: new Date(),
				decidedBy: actor.id
			})
			.where(eq(networkJoinRequests.id, requestId));
		if (approve)
			await tx
				.insert(networkMembers)
				.values(
					request.organisationId
						? { networkId: request.networkId, organisationId: request.organisationId }
						: { networkId: request.networkId, userId: request.userId, role: 'member' }
				)
				.onConflictDoNothing();
		await audit(tx as Db, {
			actorId: actor.id,
			action: approve ? 'network.join_approve' : 'network.join_reject',
			targetType: 'network',
			targetId: request.networkId,
			organisationId: request.organisationId,
			details: { requestId, userId: request.userId }
		});
		const [network] = await tx.select().from(networks).where(eq(networks.id, request.networkId));
		await tell(
			tx as Db,
			[request.userId],
			approve ? 'network_added' : 'network_rejected',
			network,
			origin
		);
		return true;
	});
	if (decided) usersChanged('all');
	return decided;
}
