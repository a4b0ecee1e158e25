import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import { networkMembers, networks, notifications, users } from '../../../../db/schema';
import {
	decideJoin,
	mayChair,
	mayCreate,
	membershipOf,
	plannableNetworks,
	requestJoin
} from './networks';
import type { Actor } from '../core';

let handle: Awaited<ReturnType<typeof testDb>>;
const u: Record<string, Actor> = {};
let networkId: string;

beforeAll(async () => {
	handle = await testDb();
	for (const name of ['coord', 'member', 'outsider']) {
		const [row] = await handle.db
			.insert(users)
			.values({ email: `${name}@net.test`, name })
			.returning();
		u[name] = { id: row.id, role: 'user' };
	}
	const [net] = await handle.db
		.insert(networks)
		.values({ name: 'Socialøkonomisk netværk', slug: 'socialokonomisk-netvaerk' })
		.returning();
	networkId = net.id;
	await handle.db
		.insert(networkMembers)
		.values({ networkId, userId: u.coord.id, role: 'coordinator' });
}, 60_000);
afterAll(() => handle?.drop());

describe('networks for meetings', () => {
	it("lets a network's coordinators plan and chair its meetings, and no one else", async () => {
		const meeting = { chairId: null, networkId };
		expect(await mayChair(handle.db, u.coord, meeting)).toBe(true);
		expect(await mayChair(handle.db, u.member, meeting)).toBe(false);
		expect(await mayCreate(handle.db, u.coord)).toBe(true);
		expect(await mayCreate(handle.db, u.outsider)).toBe(false);
		expect((await plannableNetworks(handle.db, u.coord)).map((n) => n.id)).toEqual([networkId]);
	});

	it('a join request notifies the coordinator; approval makes a member; asking twice is refused', async () => {
		expect(await requestJoin(handle.db, u.member.id, networkId, 'Vi vil gerne være med')).toEqual({
			ok: true
		});
		expect(await requestJoin(handle.db, u.member.id, networkId, '')).toEqual({
			ok: false,
			error: 'already'
		});
		const notes = await handle.db
			.select()
			.from(notifications)
			.where(eq(notifications.userId, u.coord.id));
		expect(notes.map((n) => n.kind)).toContain('network.join_request');
		const [request] = await (await import('./networks')).pendingRequests(handle.db, [networkId]);
		// Someone who is not a coordinator cannot decide.
		expect(await decideJoin(handle.db, u.outsider, request.id, true)).toBe(false);
		expect(await decideJoin(handle.db, u.coord, request.id, true)).toBe(true);
		const mine = await membershipOf(handle.db, u.member.id, [networkId]);
		expect(mine.members.get(networkId)).toBe('member');
		expect(mine.pending.size).toBe(0);
	});
});
