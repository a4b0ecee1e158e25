/** Networks: who coordinates, who may chair or plan a meeting, and who is a member. */
import { and, asc, count, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { memberships, networkJoinRequests, networkMembers, networks } from '../../../../db/schema';
import type { Meeting } from './registration';
import type { Actor } from '../core';

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
