/**
 * Networks as meetings see them: coordinators plan and chair meetings; people ask to join and a
 * coordinator decides. The networks and network_members tables belong to the library schema.
 */
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { networkJoinRequests, networkMembers, networks, users } from '../../../../db/schema';
import { notify } from '../notifications';
import type { Meeting } from './registration';

interface Actor {
	id: string;
	role: string;
}

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
		.where(and(eq(networkMembers.userId, userId), inArray(networkMembers.networkId, networkIds)));
	const pending = await db
		.select({ networkId: networkJoinRequests.networkId })
		.from(networkJoinRequests)
		.where(and(eq(networkJoinRequests.userId, userId), eq(networkJoinRequests.status, 'pending')));
	return {
		members: new Map(rows.map((r) => [r.networkId, r.role])),
		pending: new Set(pending.map((p) => p.networkId))
	};
}

export type JoinResult = { ok: true } | { ok: false; error: 'not_found' | 'already' };

/** Asks to join; coordinators are notified. */
export async function requestJoin(
	db: Db,
	userId: string,
	networkId: string,
	message: string,
	origin?: string
): Promise<JoinResult> {
	return db.transaction(async (tx) => {
		const [network] = await tx.select().from(networks).where(eq(networks.id, networkId));
		if (!network) return { ok: false, error: 'not_found' };
		const { members, pending } = await membershipOf(tx as Db, userId, [networkId]);
		if (members.has(networkId) || pending.has(networkId)) return { ok: false, error: 'already' };
		await tx
			.insert(networkJoinRequests)
			.values({ networkId, userId, message: message.slice(0, 1000) });
		const [requester] = await tx
			.select({ name: users.name })
			.from(users)
			.where(eq(users.id, userId));
		const coordinators = await tx
			.select({ userId: networkMembers.userId })
			.from(networkMembers)
			.where(and(eq(networkMembers.networkId, networkId), eq(networkMembers.role, 'coordinator')));
		for (const c of coordinators)
			if (c.userId)
				await notify(
					tx as Db,
					c.userId,
					{
						kind: 'network.join_request',
						title: `${requester?.name ?? ''} → ${network.name}`,
						link: '/meetings/networks'
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
			message: networkJoinRequests.message
		})
		.from(networkJoinRequests)
		.innerJoin(users, eq(users.id, networkJoinRequests.userId))
		.where(
			and(
				inArray(networkJoinRequests.networkId, networkIds),
				eq(networkJoinRequests.status, 'pending')
			)
		)
		.orderBy(asc(networkJoinRequests.createdAt));
}

/** A coordinator (or admin) approves or rejects; approval adds the person as a member. */
export async function decideJoin(
	db: Db,
	actor: Actor,
	requestId: string,
	approve: boolean
): Promise<boolean> {
	return db.transaction(async (tx) => {
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
				.values({ networkId: request.networkId, userId: request.userId, role: 'member' })
				.onConflictDoNothing();
		return true;
	});
}
