/**
 * Who may see and change what. Every load, action and endpoint calls one of these first, so each
 * route states its rule in one line.
 */
import { error, redirect } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { memberships, type MembershipRole } from '../../../db/schema';
import type { SessionUser } from './auth/session';
import { localizeHref } from '$lib/paraglide/runtime';

type Guarded = Pick<App.Locals, 'user' | 'db'> & { session?: App.Locals['session'] };

const RANK: Record<MembershipRole, number> = { member: 1, editor: 2, org_admin: 3 };

/** True when `role` is at least `needed`. */
export function roleAtLeast(
	role: MembershipRole | null | undefined,
	needed: MembershipRole
): boolean {
	return role ? RANK[role] >= RANK[needed] : false;
}

export function isAdmin(user: SessionUser | null): boolean {
	return user?.role === 'admin';
}

/** The signed-in user, or a redirect to the sign-in page that comes back to `url` afterwards. */
export function requireUser(locals: Guarded, url?: URL): SessionUser {
	if (!locals.user) {
		if (url) {
			const next = url.pathname + url.search;
			redirect(303, localizeHref(`/login?next=${encodeURIComponent(next)}`));
		}
		error(401, 'Sign in required');
	}
	return locals.user;
}

/** For API endpoints: 401 instead of a redirect. */
export function requireApiUser(locals: Guarded): SessionUser {
	if (!locals.user) error(401, 'Sign in required');
	return locals.user;
}

export function requireAdmin(locals: Guarded, url?: URL): SessionUser {
	const user = requireUser(locals, url);
	if (!isAdmin(user)) error(403, 'Administrators only');
	return user;
}

/** The user's active role in an organisation, or null. */
export async function membershipRole(
	db: Db,
	userId: string,
	organisationId: string
): Promise<MembershipRole | null> {
	const [row] = await db
		.select({ role: memberships.role })
		.from(memberships)
		.where(
			and(
				eq(memberships.userId, userId),
				eq(memberships.organisationId, organisationId),
				eq(memberships.status, 'active')
			)
		);
	return row?.role ?? null;
}

/**
 * Requires an active membership of at least `needed` in the organisation. Platform admins pass.
 * Returns the user and their role (`org_admin` for platform admins without a membership).
 */
export async function requireOrgRole(
	locals: Guarded,
	organisationId: string,
	needed: MembershipRole,
	url?: URL
): Promise<{ user: SessionUser; role: MembershipRole }> {
	const user = requireUser(locals, url);
	const role = await membershipRole(locals.db, user.id, organisationId);
	if (roleAtLeast(role, needed)) return { user, role: role! };
	if (isAdmin(user)) return { user, role: role ?? 'org_admin' };
	error(403, 'Not allowed for your role in this organisation');
}
