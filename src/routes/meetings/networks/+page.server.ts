import { error, fail } from '@sveltejs/kit';
import * as meetings from '$lib/server/meetings';
import { field } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';
import { isUuid } from '$lib/server/core';

/** Networks are public; membership state and the coordinators' request queue need a sign-in. */
export const load: PageServerLoad = async ({ locals }) => {
	const list = await meetings.listNetworks(locals.db);
	const user = locals.user;
	const mine = user
		? await meetings.membershipOf(
				locals.db,
				user.id,
				list.map((n) => n.id)
			)
		: null;
	const coordinated =
		user?.role === 'admin'
			? list.map((n) => n.id)
			: user
				? await meetings.coordinatedNetworkIds(locals.db, user.id)
				: [];
	const requests = await meetings.pendingRequests(locals.db, coordinated);
	return {
		networks: list.map((n) => ({
			...n,
			members: Number(n.members),
			role: mine?.members.get(n.id) ?? null,
			pending: mine?.pending.has(n.id) ?? false,
			manager: coordinated.includes(n.id),
			requests: requests.filter((r) => r.networkId === n.id)
		})),
		signedIn: !!user
	};
};

export const actions: Actions = {
	join: async ({ locals, request, url }) => {
		const user = requireUser(locals);
		const data = await request.formData();
		const networkId = field(data, 'network');
		if (!isUuid(networkId)) error(404, 'Not found');
		const result = await meetings.requestJoin(
			locals.db,
			user.id,
			networkId,
			field(data, 'message').trim(),
			url.origin
		);
		if (!result.ok) return fail(result.error === 'not_found' ? 404 : 409, { error: result.error });
		return { requested: networkId };
	},
	decide: async ({ locals, request, url }) => {
		const user = requireUser(locals);
		const data = await request.formData();
		const id = field(data, 'request');
		if (!isUuid(id)) error(404, 'Not found');
		const ok = await meetings.decideJoin(
			locals.db,
			user,
			id,
			field(data, 'decision') === 'approve',
			url.origin
		);
		if (!ok) error(403, 'Not allowed');
		return { decided: id };
	}
};
