import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import * as organisations from '$lib/server/organisations';
import { outcomeMessage } from '$lib/server/organisations/messages';
import { field, invalid } from '$lib/server/forms';
import { requireOrgRole, requireUser } from '$lib/server/guards';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/**
 * Who sees what here:
 * - any signed-in user: the public facts of an approved organisation, and a join button;
 * - its creator and platform admins: a pending or rejected one too (everyone else gets 404);
 * - active members: the member list with names and roles;
 * - org admins and platform admins: e-mail addresses, join requests, role changes, removal.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { org, access } = await visibleOrganisation(locals, params.slug, user);
	const [members, requests] = await Promise.all([
		access.canSeeMembers ? organisations.members(locals.db, org.id, access.canManage) : [],
		access.canManage ? organisations.joinRequests(locals.db, org.id) : []
	]);
	const { createdBy: _createdBy, ...facts } = org;
	return {
		org: facts,
		access,
		members,
		requests,
		roles: [...organisations.membershipRoles],
		me: user.id,
		done: url.searchParams.get('done')
	};
};

async function visibleOrganisation(
	locals: App.Locals,
	slug: string,
	user: { id: string; name: string; role: 'user' | 'admin' }
) {
	const org = await organisations.getBySlug(locals.db, slug);
	if (!org) error(404, 'Not found');
	const access = await organisations.access(locals.db, user, org);
	// Unapproved organisations are not acknowledged to outsiders at all.
	if (!access.canSee) error(404, 'Not found');
	return { org, access };
}

/** For every action: the signed-in user, the organisation they may see, and the action context. */
async function prepare(event: RequestEvent<{ slug: string }>) {
	const { locals, params, url } = event;
	const user = requireUser(locals);
	const { org, access } = await visibleOrganisation(locals, params.slug, user);
	const ctx = { actor: user, origin: url.origin, ip: event.getClientAddress() };
	return { user, org, access, ctx, data: await event.request.formData() };
}

/** Org admins (and platform admins) only; anyone else gets 403 before anything is read or changed. */
async function prepareManager(event: RequestEvent<{ slug: string }>) {
	const prepared = await prepare(event);
	await requireOrgRole(event.locals, prepared.org.id, 'org_admin');
	return prepared;
}

function done(slug: string, code: string): never {
	redirect(303, localizeHref(`/organisations/${slug}?done=${code}`));
}

function refused(code: string, values: Record<string, string> = {}) {
	if (code === 'forbidden') error(403, 'Not allowed for your role in this organisation');
	if (code === 'not_found') error(404, 'Not found');
	return invalid(422, values, { action: outcomeMessage(code) });
}

export const actions: Actions = {
	join: async (event) => {
		const { org, ctx, data } = await prepare(event);
		const message = field(data, 'message').trim();
		const result = await organisations.requestJoin(event.locals.db, ctx, org.id, message);
		if (!result.ok) {
			if (result.code === 'too_long')
				return invalid(400, { message }, { message: outcomeMessage('too_long') });
			return refused(result.code, { message });
		}
		done(org.slug, 'join_sent');
	},

	leave: async (event) => {
		const { org, access, ctx } = await prepare(event);
		const result = await organisations.leave(event.locals.db, ctx, org.id);
		if (!result.ok) return refused(result.code);
		done(org.slug, access.membership === 'pending' ? 'withdrawn' : 'left');
	},

	approve: async (event) => {
		const { org, ctx, data } = await prepareManager(event);
		const userId = field(data, 'userId');
		const result = await organisations.decideJoin(event.locals.db, ctx, org.id, userId, 'approve');
		if (!result.ok) return refused(result.code);
		done(org.slug, 'request_approved');
	},

	decline: async (event) => {
		const { org, ctx, data } = await prepareManager(event);
		const userId = field(data, 'userId');
		const result = await organisations.decideJoin(event.locals.db, ctx, org.id, userId, 'decline');
		if (!result.ok) return refused(result.code);
		done(org.slug, 'request_declined');
	},

	role: async (event) => {
		const { org, ctx, data } = await prepareManager(event);
		const userId = field(data, 'userId');
		const role = field(data, 'role');
		const result = await organisations.changeRole(event.locals.db, ctx, org.id, userId, role);
		if (!result.ok) {
			if (result.code === 'invalid_role')
				return invalid(400, {}, { action: outcomeMessage(result.code) });
			return refused(result.code);
		}
		done(org.slug, 'role_changed');
	},

	remove: async (event) => {
		const { org, ctx, data } = await prepareManager(event);
		const userId = field(data, 'userId');
		const result = await organisations.removeMember(event.locals.db, ctx, org.id, userId);
		if (!result.ok) return refused(result.code);
		done(org.slug, 'member_removed');
	}
};
