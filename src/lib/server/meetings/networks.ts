/**
 * Networks as meetings see them: coordinators plan and chair meetings; people (or an org admin for
 * their organisation) ask to join and a coordinator decides. Members are people or organisations;
 * the active members of a member organisation count as members. Coordinators are always people,
 * and a network never loses its last one. The networks and network_members tables belong to the
 * library schema.
 */
import { usersChanged } from '../documents/hub';
import { and, asc, count, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	memberships,
	networkJoinRequests,
	networkMembers,
	networks,
	organisations,
	users
} from '../../../../db/schema';
import { audit } from '../audit';
import { orgAdminIds } from '../organisations';
import { notify, type NotificationKindName } from '../notifications';
import type { Meeting } from './registration';
import { noticeText, type NoticeKind } from './texts';
import { isUuid, type Actor } from '../core';

export async function coordinatedNetworkIds(db: Db, userId: string): Promise<string[]> {
	const rows = await db
		.select({ id: networkMembers.networkId })
		.from(networkMembers)
		.where(and(eq(networkMembers.userId, userId), eq(networkMembers.role, 'coordinator')));
	return rows.map((r) => r.id);
}

export async function isCoordinator(db: Db, userId: string, networkId: string): Promise<boolean> {
	return (await coordinatedNetworkIds(db, userId)).includes(networkId);
}

/** The chair, a coordinator of the meeting's network, or a platform admin. */
export async function mayChair(
	db: Db,
	user: Actor | null,
	meeting: Pick<Meeting, 'chairId' | 'networkId'>
): Promise<boolean> {
	if (!user) return false;
	if (user.role === 'admin' || meeting.chairId === user.id) return true;
	return meeting.networkId ? isCoordinator(db, user.id, meeting.networkId) : false;
}

/** Networks the user may plan meetings for: all for admins, the ones they coordinate otherwise. */
export async function plannableNetworks(db: Db, user: Actor | null) {
	if (!user) return [];
	const all = await db
		.select({ id: networks.id, name: networks.name })
		.from(networks)
		.orderBy(asc(networks.name));
	if (user.role === 'admin') return all;
	const mine = new Set(await coordinatedNetworkIds(db, user.id));
	return all.filter((n) => mine.has(n.id));
}

export async function mayCreate(db: Db, user: Actor | null): Promise<boolean> {
	if (!user) return false;
	return user.role === 'admin' || (await coordinatedNetworkIds(db, user.id)).length > 0;
}

export async function listNetworks(db: Db) {
	return db
		.select({
			id: networks.id,
			name: networks.name,
			slug: networks.slug,
			description: networks.description,
			members: count(networkMembers.id)
		})
		.from(networks)
		.leftJoin(networkMembers, eq(networkMembers.networkId, networks.id))
		.groupBy(networks.id)
		.orderBy(asc(networks.name));
}

export async function membershipOf(db: Db, userId: string, networkIds: string[]) {
	if (!networkIds.length) return { members: new Map<string, string>(), pending: new Set<string>() };
	const rows = await db
		.select({ networkId: networkMembers.networkId, role: networkMembers.role })
		.from(networkMembers)
		.where(
			and(
				inArray(networkMembers.networkId, networkIds),
				or(
					eq(networkMembers.userId, userId),
					inArray(networkMembers.organisationId, myOrgs(userId))
				)
			)
		)
		// A person's own row (possibly coordinator) wins over membership through an organisation.
		.orderBy(sql`${networkMembers.userId} is null`);
	const members = new Map<string, string>();
	for (const r of rows) if (!members.has(r.networkId)) members.set(r.networkId, r.role);
	const pending = await db
		.select({ networkId: networkJoinRequests.networkId })
		.from(networkJoinRequests)
		.where(and(eq(networkJoinRequests.userId, userId), eq(networkJoinRequests.status, 'pending')));
	return { members, pending: new Set(pending.map((p) => p.networkId)) };
}

/** The organisations the user is an active member of, as a subquery. */
function myOrgs(userId: string) {
	return sql`(select ${memberships.organisationId} from ${memberships} where ${memberships.userId} = ${userId} and ${memberships.status} = 'active')`;
}

/** Whether the user belongs to the network, in person or through a member organisation. */
export async function isNetworkMember(db: Db, userId: string, networkId: string): Promise<boolean> {
	return (await membershipOf(db, userId, [networkId])).members.has(networkId);
}

export type JoinResult =
	{ ok: true } | { ok: false; error: 'not_found' | 'already' | 'not_org_admin' };

async function coordinatorIds(db: Db, networkId: string): Promise<string[]> {
	const rows = await db
		.select({ userId: networkMembers.userId })
		.from(networkMembers)
		.where(and(eq(networkMembers.networkId, networkId), eq(networkMembers.role, 'coordinator')));
	return rows.flatMap((r) => (r.userId ? [r.userId] : []));
}

type NetworkNoticeKind = Extract<NoticeKind, `network_${string}`>;
const NOTIFICATION_KIND = {
	network_added: 'network.added',
	network_removed: 'network.removed',
	network_coordinator: 'network.coordinator',
	network_member: 'network.member',
	network_rejected: 'network.rejected'
} as const satisfies Record<NetworkNoticeKind, NotificationKindName>;

/** Posts a network notice to people, each in their own language. */
async function tell(
	db: Db,
	userIds: string[],
	kind: NetworkNoticeKind,
	network: { id: string; name: string },
	origin?: string
) {
	if (!userIds.length) return;
	const rows = await db
		.select({ id: users.id, locale: users.locale })
		.from(users)
		.where(inArray(users.id, userIds));
	for (const row of rows) {
		const text = noticeText(kind, row.locale, { title: network.name });
		await notify(
			db,
			row.id,
			{
				kind: NOTIFICATION_KIND[kind],
				...text,
				link: `/meetings/networks/${network.id}`
			},
			origin
		);
	}
}

/** Organisations the user may speak for (active org admin), for the join-on-behalf form. */
export async function adminOrganisations(db: Db, userId: string) {
	return db
		.select({ id: organisations.id, name: organisations.name })
		.from(memberships)
		.innerJoin(organisations, eq(organisations.id, memberships.organisationId))
		.where(
			and(
				eq(memberships.userId, userId),
				eq(memberships.role, 'org_admin'),
				eq(memberships.status, 'active')
			)
		)
		.orderBy(asc(organisations.name));
}

/**
 * Asks to join, in person or (as its org admin) for an organisation; coordinators are notified.
 */
export async function requestJoin(
	db: Db,
	userId: string,
	networkId: string,
	message: string,
	origin?: string,
	organisationId: string | null = null
): Promise<JoinResult> {
	return db.transaction(async (tx) => {
		const [network] = await tx.select().from(networks).where(eq(networks.id, networkId));
		if (!network) return { ok: false, error: 'not_found' };
		if (organisationId) {
			const mine = await adminOrganisations(tx as Db, userId);
			if (!mine.some((o) => o.id === organisationId)) return { ok: false, error: 'not_org_admin' };
			const [member] = await tx
				.select({ id: networkMembers.id })
				.from(networkMembers)
				.where(
					and(
						eq(networkMembers.networkId, networkId),
						eq(networkMembers.organisationId, organisationId)
					)
				);
			const [open] = await tx
				.select({ id: networkJoinRequests.id })
				.from(networkJoinRequests)
				.where(
					and(
						eq(networkJoinRequests.networkId, networkId),
						eq(networkJoinRequests.organisationId, organisationId),
						eq(networkJoinRequests.status, 'pending')
					)
				);
			if (member || open) return { ok: false, error: 'already' };
		} else {
			const { members, pending } = await membershipOf(tx as Db, userId, [networkId]);
			if (members.has(networkId) || pending.has(networkId)) return { ok: false, error: 'already' };
		}
		await tx
			.insert(networkJoinRequests)
			.values({ networkId, userId, organisationId, message: message.slice(0, 1000) });
		const [requester] = await tx
			.select({ name: users.name })
			.from(users)
			.where(eq(users.id, userId));
		for (const c of await coordinatorIds(tx as Db, networkId))
			await notify(
				tx as Db,
				c,
				{
					kind: 'network.join_request',
					title: `${requester?.name ?? ''} → ${network.name}`,
					link: `/meetings/networks/${networkId}`
				},
				origin
			);
		return { ok: true };
	});
}

export async function pendingRequests(db: Db, networkIds: string[]) {
	if (!networkIds.length) return [];
	return db
		.select({
			id: networkJoinRequests.id,
			networkId: networkJoinRequests.networkId,
			name: users.name,
			organisation: organisations.name,
			message: networkJoinRequests.message
		})
		.from(networkJoinRequests)
		.innerJoin(users, eq(users.id, networkJoinRequests.userId))
		.leftJoin(organisations, eq(organisations.id, networkJoinRequests.organisationId))
		.where(
			and(
				inArray(networkJoinRequests.networkId, networkIds),
				eq(networkJoinRequests.status, 'pending')
			)
		)
		.orderBy(asc(networkJoinRequests.createdAt));
}

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
