import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { testDb } from '../../../tests/helpers/db';
import type { Db } from '../../../db/client';
import { memberships, organisations, users, type MembershipRole } from '../../../db/schema';
import type { SessionUser } from './auth/session';
import {
	isAdmin,
	membershipRole,
	requireAdmin,
	requireApiUser,
	requireOrgRole,
	requireUser,
	roleAtLeast
} from './guards';

let handle: Awaited<ReturnType<typeof testDb>>;
let db: Db;
let orgId: string;
let otherOrgId: string;
let counter = 0;

beforeAll(async () => {
	handle = await testDb();
	db = handle.db;
	const [org, other] = await db
		.insert(organisations)
		.values([
			{ kind: 'enterprise', name: 'Guard ApS', slug: 'guard-aps', status: 'approved' },
			{ kind: 'enterprise', name: 'Other ApS', slug: 'other-aps', status: 'approved' }
		])
		.returning({ id: organisations.id });
	orgId = org.id;
	otherOrgId = other.id;
});
afterAll(() => handle?.drop());

async function person(
	role: 'user' | 'admin' = 'user',
	membership?: { role: MembershipRole; status?: 'pending' | 'active'; org?: string }
): Promise<SessionUser> {
	const n = ++counter;
	const [user] = await db
		.insert(users)
		.values({ email: `guard${n}@test.example`, name: `Guard ${n}`, role })
		.returning();
	if (membership) {
		await db.insert(memberships).values({
			userId: user.id,
			organisationId: membership.org ?? orgId,
			role: membership.role,
			status: membership.status ?? 'active'
		});
	}
	return {
		id: user.id,
		email: user.email,
		name: user.name,
		role: user.role,
		emailVerified: true,
		locale: 'da'
	};
}

/** What a guard threw: an HTTP status with its message, or a redirect with its location. */
async function thrown(run: () => unknown): Promise<{ status: number; location?: string }> {
	try {
		await run();
	} catch (err) {
		if (isRedirect(err)) return { status: err.status, location: err.location };
		if (isHttpError(err)) return { status: err.status };
		throw err;
	}
	throw new Error('the guard let the request through');
}

describe('roleAtLeast', () => {
	it('orders member < editor < org_admin', () => {
		expect(roleAtLeast('member', 'member')).toBe(true);
		expect(roleAtLeast('member', 'editor')).toBe(false);
		expect(roleAtLeast('editor', 'member')).toBe(true);
		expect(roleAtLeast('editor', 'editor')).toBe(true);
		expect(roleAtLeast('editor', 'org_admin')).toBe(false);
		expect(roleAtLeast('org_admin', 'editor')).toBe(true);
	});

	it('gives no role nothing', () => {
		expect(roleAtLeast(null, 'member')).toBe(false);
		expect(roleAtLeast(undefined, 'member')).toBe(false);
	});
});

describe('requireUser and requireAdmin', () => {
	it('sends a signed-out visitor of a page to sign in and back again', async () => {
		const url = new URL('http://localhost/organisations/new?kind=fund');
		expect(await thrown(() => requireUser({ user: null, db }, url))).toEqual({
			status: 303,
			location: `/login?next=${encodeURIComponent('/organisations/new?kind=fund')}`
		});
	});

	it('answers 401 to a signed-out API caller', async () => {
		expect(await thrown(() => requireApiUser({ user: null, db }))).toEqual({ status: 401 });
		expect(await thrown(() => requireUser({ user: null, db }))).toEqual({ status: 401 });
	});

	it('lets a signed-in user through and keeps administrators-only pages for admins', async () => {
		const user = await person();
		const admin = await person('admin');
		expect(requireUser({ user, db })).toBe(user);
		expect(isAdmin(user)).toBe(false);
		expect(isAdmin(admin)).toBe(true);
		expect(await thrown(() => requireAdmin({ user, db }))).toEqual({ status: 403 });
		expect(requireAdmin({ user: admin, db })).toBe(admin);
	});
});

describe('requireOrgRole', () => {
	it('lets a member act as member but not as editor', async () => {
		const user = await person('user', { role: 'member' });
		expect(await requireOrgRole({ user, db }, orgId, 'member')).toEqual({ user, role: 'member' });
		expect(await thrown(() => requireOrgRole({ user, db }, orgId, 'editor'))).toEqual({
			status: 403
		});
	});

	it('lets an editor edit but not administer the organisation', async () => {
		const user = await person('user', { role: 'editor' });
		expect(await requireOrgRole({ user, db }, orgId, 'member')).toEqual({ user, role: 'editor' });
		expect(await requireOrgRole({ user, db }, orgId, 'editor')).toEqual({ user, role: 'editor' });
		expect(await thrown(() => requireOrgRole({ user, db }, orgId, 'org_admin'))).toEqual({
			status: 403
		});
	});

	it('lets an organisation admin do everything in their own organisation only', async () => {
		const user = await person('user', { role: 'org_admin' });
		expect(await requireOrgRole({ user, db }, orgId, 'org_admin')).toEqual({
			user,
			role: 'org_admin'
		});
		expect(await thrown(() => requireOrgRole({ user, db }, otherOrgId, 'member'))).toEqual({
			status: 403
		});
	});

	it('does not count a pending membership', async () => {
		const user = await person('user', { role: 'org_admin', status: 'pending' });
		expect(await membershipRole(db, user.id, orgId)).toBeNull();
		expect(await thrown(() => requireOrgRole({ user, db }, orgId, 'member'))).toEqual({
			status: 403
		});
	});

	it('lets a platform admin through without a membership', async () => {
		const admin = await person('admin');
		expect(await requireOrgRole({ user: admin, db }, orgId, 'org_admin')).toEqual({
			user: admin,
			role: 'org_admin'
		});
	});

	it('sends a signed-out visitor to sign in', async () => {
		const url = new URL('http://localhost/organisations/guard-aps/edit');
		const result = await thrown(() => requireOrgRole({ user: null, db }, orgId, 'member', url));
		expect(result.status).toBe(303);
		expect(result.location).toMatch(/^\/login\?next=/);
	});
});
