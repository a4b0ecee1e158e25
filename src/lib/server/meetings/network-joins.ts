/** Joining a network: an organisation asks, its coordinators are told and decide. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	memberships,
	networkJoinRequests,
	networkMembers,
	networks,
	organisations,
	users
} from '../../../../db/schema';
import { notify, type NotificationKindName } from '../notifications';
import { noticeText, type NoticeKind } from './texts';
import { membershipOf } from './network-rights';

export type JoinResult =
	{ ok: true } | { ok: false; error: 'not_found' | 'already' | 'not_org_admin' };

export async function coordinatorIds(db: Db, networkId: string): Promise<string[]> {
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
export async function tell(
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
