import { redirect, type RequestEvent } from '@sveltejs/kit';
import * as admin from '$lib/server/admin';
import { displayName } from '$lib/server/account';
import { field, invalid } from '$lib/server/forms';
import { requireAdmin } from '$lib/server/guards';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';
import { isUuid } from '$lib/server/core';

/** Users, searchable, with the platform admin role. Platform admins only. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const me = requireAdmin(locals, url);
	const filters = admin.userFiltersFromUrl(url);
	const result = await admin.listUsers(locals.db, filters);
	return {
		filters,
		me: me.id,
		total: result.total,
		page: result.page,
		pages: result.pages,
		users: result.users.map((u) => ({
			id: u.id,
			name: displayName(u),
			email: u.deletedAt ? null : u.email,
			role: u.role,
			verified: u.emailVerifiedAt !== null,
			deleted: u.deletedAt !== null,
			createdAt: u.createdAt
		})),
		done: url.searchParams.get('done'),
		who: await admin.userName(locals.db, url.searchParams.get('who') ?? '')
	};
};

async function setRole(event: RequestEvent, role: 'admin' | 'user') {
	const actor = requireAdmin(event.locals);
	const data = await event.request.formData();
	const id = field(data, 'id');
	const result = isUuid(id)
		? await admin.setPlatformRole(
				event.locals.db,
				{ actor, ip: event.getClientAddress(), origin: event.url.origin },
				id,
				role
			)
		: ({ ok: false, code: 'not_found' } as const);
	if (!result.ok) {
		const message = result.code === 'self' ? m.admin_users_self() : m.admin_users_not_found();
		return invalid(result.code === 'self' ? 403 : 404, { id }, { action: message });
	}
	// Back to the same filtered page, saying what happened.
	const back = new URL(event.url);
	for (const key of [...back.searchParams.keys()]) {
		if (key.startsWith('/')) back.searchParams.delete(key);
	}
	back.searchParams.set('done', role === 'admin' ? 'granted' : 'revoked');
	back.searchParams.set('who', id);
	redirect(303, localizeHref(`/admin/users?${back.searchParams}`));
}

export const actions: Actions = {
	grant: (event) => setRole(event, 'admin'),
	revoke: (event) => setRole(event, 'user')
};
