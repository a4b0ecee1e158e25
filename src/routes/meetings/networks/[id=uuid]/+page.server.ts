import { error, fail } from '@sveltejs/kit';
import * as meetings from '$lib/server/meetings';
import { field, invalid } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

async function networkOr404(db: App.Locals['db'], id: string) {
	const network = await meetings.getNetwork(db, id);
	if (!network) error(404, 'Not found');
	return network;
}

/** Anyone sees the network; its coordinators and platform admins also see and manage the roster. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const network = await networkOr404(locals.db, params.id);
	const user = locals.user;
	const manager = await meetings.mayManage(locals.db, user, network.id);
	const [mine, adminOrgs, roster, requests, outside] = await Promise.all([
		user ? meetings.membershipOf(locals.db, user.id, [network.id]) : null,
		user ? meetings.adminOrganisations(locals.db, user.id) : [],
		manager ? meetings.networkRoster(locals.db, network.id) : null,
		manager ? meetings.pendingRequests(locals.db, [network.id]) : [],
		manager ? meetings.organisationsOutside(locals.db, network.id) : []
	]);
	return {
		network: { id: network.id, name: network.name, description: network.description },
		role: mine?.members.get(network.id) ?? null,
		pending: mine?.pending.has(network.id) ?? false,
		signedIn: !!user,
		adminOrgs,
		manager,
		roster,
		requests,
		outside
	};
};

function outcome(result: meetings.ManageResult, values: Record<string, string>, name: string) {
	if (result.ok) return null;
	if (result.error === 'forbidden') error(403, 'Coordinators only');
	if (result.error === 'not_found') error(404, 'Not found');
	switch (result.error) {
		case 'no_such_user':
			return invalid(422, values, { [name]: m.meet_net_err_no_user() });
		case 'no_such_organisation':
			return invalid(422, values, { [name]: m.meet_net_err_no_org() });
		case 'already':
			return invalid(409, values, { [name]: m.meet_net_err_already() });
		case 'last_coordinator':
			return invalid(409, values, { [name]: m.meet_net_err_last_coordinator() });
	}
}

export const actions: Actions = {
	join: async ({ locals, params, request, url }) => {
		const user = requireUser(locals);
		const data = await request.formData();
		const organisation = field(data, 'organisation');
		const message = field(data, 'message').trim();
		if (message.length > 1000)
			return invalid(422, { message }, { message: m.form_too_long({ max: 1000 }) });
		const result = await meetings.requestJoin(
			locals.db,
			user.id,
			params.id,
			message,
			url.origin,
			organisation || null
		);
		if (!result.ok) {
			if (result.error === 'not_found') error(404, 'Not found');
			const text =
				result.error === 'not_org_admin'
					? m.meet_net_err_not_org_admin()
					: m.meet_net_err_already();
			return invalid(
				result.error === 'not_org_admin' ? 403 : 409,
				{ message },
				{
					organisation: text
				}
			);
		}
		return { saved: 'requested' };
	},
	addPerson: async ({ locals, params, request, url }) => {
		const user = requireUser(locals);
		const email = field(await request.formData(), 'email').trim();
		if (!email) return invalid(422, { email }, { email: m.form_required() });
		if (email.length > 320 || !/^[^\s@]+@[^\s@]+$/.test(email))
			return invalid(422, { email }, { email: m.form_invalid_email() });
		const result = await meetings.addPerson(locals.db, user, params.id, email, url.origin);
		return outcome(result, { email }, 'email') ?? { saved: 'member' };
	},
	addOrganisation: async ({ locals, params, request, url }) => {
		const user = requireUser(locals);
		const organisation = field(await request.formData(), 'organisation');
		if (!organisation) return invalid(422, { organisation }, { organisation: m.form_required() });
		const result = await meetings.addOrganisation(
			locals.db,
			user,
			params.id,
			organisation,
			url.origin
		);
		return outcome(result, { organisation }, 'organisation') ?? { saved: 'member' };
	},
	remove: async ({ locals, params, request, url }) => {
		const user = requireUser(locals);
		const member = field(await request.formData(), 'member');
		const result = await meetings.removeMember(locals.db, user, params.id, member, url.origin);
		return outcome(result, {}, 'member') ?? { saved: 'member' };
	},
	role: async ({ locals, params, request, url }) => {
		const user = requireUser(locals);
		const data = await request.formData();
		const role = field(data, 'role');
		if (role !== 'member' && role !== 'coordinator')
			return invalid(422, {}, { role: m.meet_net_err_role() });
		const result = await meetings.setMemberRole(
			locals.db,
			user,
			params.id,
			field(data, 'member'),
			role,
			url.origin
		);
		return outcome(result, {}, 'member') ?? { saved: 'member' };
	},
	decide: async ({ locals, request, url }) => {
		const user = requireUser(locals);
		const data = await request.formData();
		const decision = field(data, 'decision');
		if (decision !== 'approve' && decision !== 'reject')
			return fail(422, { errors: { decision: m.meet_net_err_role() } });
		const ok = await meetings.decideJoin(
			locals.db,
			user,
			field(data, 'request'),
			decision === 'approve',
			url.origin
		);
		if (!ok) error(403, 'Not allowed');
		return { saved: 'decided' };
	}
};
