import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import type { Db } from '../../../../db/client';
import { auditLog, notifications, users } from '../../../../db/schema';
import { audit } from '../audit';
import * as admin from '.';

let handle: Awaited<ReturnType<typeof testDb>>;
let db: Db;
let counter = 0;

beforeAll(async () => {
	handle = await testDb();
	db = handle.db;
});
afterAll(() => handle?.drop());

async function makeUser(overrides: Partial<typeof users.$inferInsert> = {}) {
	const n = ++counter;
	const [user] = await db
		.insert(users)
		.values({ email: `admin-spec${n}@test.example`, name: `Person ${n}`, ...overrides })
		.returning();
	return user;
}

const ctx = (actor: { id: string; name: string }) => ({ actor, origin: 'https://vc.example' });

const noFilters: admin.AuditFilters = {
	action: '',
	actor: '',
	targetType: '',
	from: '',
	to: '',
	page: 1
};

describe('setPlatformRole', () => {
	it('grants the admin role, audits it and notifies the user in their language', async () => {
		const boss = await makeUser({ role: 'admin', name: 'Bo Boss' });
		const user = await makeUser({ locale: 'en' });
		expect(await admin.setPlatformRole(db, ctx(boss), user.id, 'admin')).toEqual({
			ok: true,
			name: user.name,
			changed: true
		});
		const [row] = await db.select().from(users).where(eq(users.id, user.id));
		expect(row.role).toBe('admin');
		const [entry] = await db.select().from(auditLog).where(eq(auditLog.targetId, user.id));
		expect(entry).toMatchObject({ actorId: boss.id, action: 'user.admin_granted' });
		const [note] = await db.select().from(notifications).where(eq(notifications.userId, user.id));
		expect(note).toMatchObject({
			kind: 'account.role_changed',
			title: 'You are now an administrator',
			body: 'Bo Boss has made you an administrator of Videnscenter.',
			link: '/en/admin'
		});
	});

	it('revokes the role of another admin', async () => {
		const boss = await makeUser({ role: 'admin' });
		const other = await makeUser({ role: 'admin' });
		expect(await admin.setPlatformRole(db, ctx(boss), other.id, 'user')).toMatchObject({
			ok: true,
			changed: true
		});
		const [row] = await db.select().from(users).where(eq(users.id, other.id));
		expect(row.role).toBe('user');
	});

	it('refuses to let an admin revoke their own role', async () => {
		const boss = await makeUser({ role: 'admin' });
		expect(await admin.setPlatformRole(db, ctx(boss), boss.id, 'user')).toEqual({
			ok: false,
			code: 'self'
		});
		const [row] = await db.select().from(users).where(eq(users.id, boss.id));
		expect(row.role).toBe('admin');
	});

	it('does not touch deleted accounts', async () => {
		const boss = await makeUser({ role: 'admin' });
		const gone = await makeUser({ deletedAt: new Date() });
		expect(await admin.setPlatformRole(db, ctx(boss), gone.id, 'admin')).toEqual({
			ok: false,
			code: 'not_found'
		});
	});

	it('changes nothing and audits nothing when the role is already set', async () => {
		const boss = await makeUser({ role: 'admin' });
		const other = await makeUser({ role: 'admin' });
		expect(await admin.setPlatformRole(db, ctx(boss), other.id, 'admin')).toMatchObject({
			changed: false
		});
		expect(await db.select().from(auditLog).where(eq(auditLog.targetId, other.id))).toEqual([]);
	});
});

describe('auditEntries', () => {
	it('filters by action, actor e-mail, target type and day', async () => {
		const ann = await makeUser({ email: 'ann.filter@test.example' });
		const ben = await makeUser({ email: 'ben.filter@test.example' });
		await audit(db, { actorId: ann.id, action: 'filter.a', targetType: 'case' });
		await audit(db, { actorId: ben.id, action: 'filter.a', targetType: 'case' });
		await audit(db, { actorId: ann.id, action: 'filter.b', targetType: 'meeting' });
		await db
			.update(auditLog)
			.set({ at: new Date('2020-06-15T10:00:00Z') })
			.where(eq(auditLog.action, 'filter.b'));

		const byAction = await admin.auditEntries(db, { ...noFilters, action: 'filter.a' });
		expect(byAction.total).toBe(2);
		const byActor = await admin.auditEntries(db, { ...noFilters, actor: 'ANN.filter' });
		expect(byActor.entries.map((e) => e.action).sort()).toEqual(['filter.a', 'filter.b']);
		const byType = await admin.auditEntries(db, { ...noFilters, targetType: 'meeting' });
		expect(byType.entries.map((e) => e.actorEmail)).toEqual(['ann.filter@test.example']);
		const byDay = await admin.auditEntries(db, {
			...noFilters,
			from: '2020-06-15',
			to: '2020-06-15'
		});
		expect(byDay.entries.map((e) => e.action)).toEqual(['filter.b']);
		const before = await admin.auditEntries(db, { ...noFilters, to: '2020-06-14' });
		expect(before.total).toBe(0);
		const { actions, targetTypes } = await admin.auditVocabulary(db);
		expect(actions).toEqual(expect.arrayContaining(['filter.a', 'filter.b']));
		expect(targetTypes).toEqual(expect.arrayContaining(['case', 'meeting']));
	});

	it('treats LIKE wildcards in the actor search literally', async () => {
		await makeUser({ email: 'wild_card@test.example' });
		const result = await admin.auditEntries(db, { ...noFilters, actor: '%' });
		expect(result.total).toBe(0);
	});
});

describe('listUsers', () => {
	it('searches name and e-mail and filters by role and verification', async () => {
		const verified = await makeUser({ name: 'Sigrid Søgbar', emailVerifiedAt: new Date() });
		const unverified = await makeUser({ name: 'Søren Søgbar' });
		const found = await admin.listUsers(db, { q: 'søgbar', role: '', verified: '', page: 1 });
		expect(found.users.map((u) => u.id).sort()).toEqual([verified.id, unverified.id].sort());
		const onlyVerified = await admin.listUsers(db, {
			q: 'søgbar',
			role: '',
			verified: 'yes',
			page: 1
		});
		expect(onlyVerified.users.map((u) => u.id)).toEqual([verified.id]);
		const admins = await admin.listUsers(db, { q: 'søgbar', role: 'admin', verified: '', page: 1 });
		expect(admins.total).toBe(0);
	});
});
