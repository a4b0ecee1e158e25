import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import type { Db } from '../../../../db/client';
import {
	auditLog,
	memberships,
	notifications,
	organisations as orgTable,
	users
} from '../../../../db/schema';
import { seed } from '../../../../scripts/seed';
import * as organisations from '.';

let handle: Awaited<ReturnType<typeof testDb>>;
let db: Db;
let counter = 0;

beforeAll(async () => {
	handle = await testDb();
	db = handle.db;
	await seed(db, { demo: false });
});
afterAll(() => handle?.drop());

async function makeUser(role: 'user' | 'admin' = 'user') {
	const n = ++counter;
	const [user] = await db
		.insert(users)
		.values({ email: `person${n}@org.test`, name: `Person ${n}`, role })
		.returning({ id: users.id, name: users.name, role: users.role });
	return user;
}

const ctx = (actor: organisations.Actor) => ({ actor, origin: 'http://localhost' });

function input(overrides: Partial<organisations.CreateInput> = {}): organisations.CreateInput {
	return {
		kind: 'enterprise',
		name: `Virksomhed ${++counter}`,
		cvr: '',
		municipalityCode: '101',
		website: '',
		description: '',
		...overrides
	};
}

async function createApproved(owner: organisations.Actor) {
	const admin = await makeUser('admin');
	const result = await organisations.create(db, ctx(owner), input());
	if (!result.ok) throw new Error('create failed');
	await organisations.decideOrganisation(db, ctx(admin), result.id, 'approve');
	return result.id;
}

async function roleOf(userId: string, organisationId: string) {
	const [row] = await db
		.select({ role: memberships.role, status: memberships.status })
		.from(memberships)
		.where(and(eq(memberships.userId, userId), eq(memberships.organisationId, organisationId)));
	return row ?? null;
}

describe('normaliseWebsite', () => {
	it('adds https to a bare host and keeps http and https addresses', () => {
		expect(organisations.normaliseWebsite('eksempel.dk')).toBe('https://eksempel.dk/');
		expect(organisations.normaliseWebsite('http://eksempel.dk/om')).toBe('http://eksempel.dk/om');
		expect(organisations.normaliseWebsite('  ')).toBe('');
	});

	it('refuses other schemes, hosts without a dot and credentials', () => {
		expect(organisations.normaliseWebsite('javascript:alert(1)')).toBeNull();
		expect(organisations.normaliseWebsite('ftp://eksempel.dk')).toBeNull();
		expect(organisations.normaliseWebsite('https://intranet')).toBeNull();
		expect(organisations.normaliseWebsite('https://user:pw@eksempel.dk')).toBeNull();
	});
});

describe('create', () => {
	it("makes a user's organisation pending with the creator as active org admin, audited, and tells platform admins", async () => {
		const admin = await makeUser('admin');
		const creator = await makeUser();
		const result = await organisations.create(db, ctx(creator), input({ cvr: '2425 6790' }));
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.status).toBe('pending');
		const [org] = await db.select().from(orgTable).where(eq(orgTable.id, result.id));
		expect(org.cvr).toBe('24256790');
		expect(await roleOf(creator.id, result.id)).toEqual({ role: 'org_admin', status: 'active' });
		const audits = await db.select().from(auditLog).where(eq(auditLog.targetId, result.id));
		expect(audits.map((a) => a.action)).toEqual(['organisation.create']);
		const notes = await db.select().from(notifications).where(eq(notifications.userId, admin.id));
		expect(notes.some((n) => n.kind === 'organisation.pending')).toBe(true);
	});

	it('reports every problem of a form at once and writes nothing', async () => {
		const creator = await makeUser();
		const before = await db.select({ n: sql<number>`count(*)::int` }).from(orgTable);
		const result = await organisations.create(
			db,
			ctx(creator),
			input({
				kind: 'castle',
				name: 'Alfa',
				cvr: '12345675',
				municipalityCode: '999',
				website: 'ftp://x.dk'
			})
		);
		expect(result).toEqual({
			ok: false,
			errors: {
				kind: 'invalid_kind',
				cvr: 'cvr_checksum',
				municipalityCode: 'unknown_municipality',
				website: 'invalid_website'
			}
		});
		const after = await db.select({ n: sql<number>`count(*)::int` }).from(orgTable);
		expect(after[0].n).toBe(before[0].n);
		const mine = await db.select().from(memberships).where(eq(memberships.userId, creator.id));
		expect(mine).toHaveLength(0);
	});

	it('lets only one of two simultaneous creations with the same name through', async () => {
		const [a, b] = [await makeUser(), await makeUser()];
		const name = 'Samtidig Socialøkonomi';
		const results = await Promise.all([
			organisations.create(db, ctx(a), input({ name })),
			organisations.create(db, ctx(b), input({ name: name.toUpperCase() }))
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toEqual({ ok: false, errors: { name: 'name_taken' } });
		const rows = await db
			.select()
			.from(orgTable)
			.where(sql`lower(${orgTable.name}) = lower(${name})`);
		expect(rows).toHaveLength(1);
	});

	it('gives two simultaneous organisations whose names slug alike a slug each', async () => {
		const [a, b] = [await makeUser(), await makeUser()];
		const results = await Promise.all([
			organisations.create(db, ctx(a), input({ name: 'Væksthus Øst' })),
			organisations.create(db, ctx(b), input({ name: 'Vaeksthus Oest' }))
		]);
		const slugs = results.map((r) => (r.ok ? r.slug : null)).sort();
		expect(slugs).toEqual(['vaeksthus-oest', 'vaeksthus-oest-2']);
	});

	it('gives a new slug when the name slugs like an existing one and never uses "new"', async () => {
		const user = await makeUser();
		const first = await organisations.create(db, ctx(user), input({ name: 'Café & Co' }));
		const second = await organisations.create(db, ctx(user), input({ name: 'Cafe Co' }));
		const reserved = await organisations.create(db, ctx(user), input({ name: 'New' }));
		expect(first.ok && first.slug).toBe('cafe-co');
		expect(second.ok && second.slug).toBe('cafe-co-2');
		expect(reserved.ok && reserved.slug).toBe('new-2');
	});
});

describe('memberships', () => {
	it('refuses a join decision by someone who is not an admin of that organisation', async () => {
		const owner = await makeUser();
		const outsider = await makeUser();
		const requester = await makeUser();
		const orgId = await createApproved(owner);
		await organisations.requestJoin(db, ctx(requester), orgId, 'hej');
		const result = await organisations.decideJoin(
			db,
			ctx(outsider),
			orgId,
			requester.id,
			'approve'
		);
		expect(result).toEqual({ ok: false, code: 'forbidden' });
		expect(await roleOf(requester.id, orgId)).toEqual({ role: 'member', status: 'pending' });
	});

	it('sends join requests to platform admins when an organisation has no org admin', async () => {
		const admin = await makeUser('admin');
		const requester = await makeUser();
		const [kolding] = await db.select().from(orgTable).where(eq(orgTable.slug, 'kolding-kommune'));
		expect((await organisations.requestJoin(db, ctx(requester), kolding.id, '')).ok).toBe(true);
		const notes = await db.select().from(notifications).where(eq(notifications.userId, admin.id));
		expect(notes.some((n) => n.kind === 'organisation.join_request')).toBe(true);
	});

	it('keeps one org admin when two admins demote each other at the same moment', async () => {
		const a = await makeUser();
		const b = await makeUser();
		const orgId = await createApproved(a);
		await organisations.requestJoin(db, ctx(b), orgId, '');
		await organisations.decideJoin(db, ctx(a), orgId, b.id, 'approve');
		await organisations.changeRole(db, ctx(a), orgId, b.id, 'org_admin');
		const results = await Promise.all([
			organisations.changeRole(db, ctx(a), orgId, b.id, 'member'),
			organisations.changeRole(db, ctx(b), orgId, a.id, 'member')
		]);
		const roles = [await roleOf(a.id, orgId), await roleOf(b.id, orgId)].map((r) => r?.role);
		expect(roles.filter((r) => r === 'org_admin')).toHaveLength(1);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
	});

	it('lets a member leave and a requester withdraw, and audits both', async () => {
		const owner = await makeUser();
		const member = await makeUser();
		const requester = await makeUser();
		const orgId = await createApproved(owner);
		await organisations.requestJoin(db, ctx(member), orgId, '');
		await organisations.decideJoin(db, ctx(owner), orgId, member.id, 'approve');
		await organisations.requestJoin(db, ctx(requester), orgId, '');
		expect(await organisations.leave(db, ctx(member), orgId)).toEqual({ ok: true });
		expect(await organisations.leave(db, ctx(requester), orgId)).toEqual({ ok: true });
		expect(await roleOf(member.id, orgId)).toBeNull();
		expect(await roleOf(requester.id, orgId)).toBeNull();
		const actions = (
			await db.select().from(auditLog).where(eq(auditLog.organisationId, orgId))
		).map((a) => a.action);
		expect(actions).toContain('membership.leave');
		expect(actions).toContain('membership.withdraw');
	});
});
