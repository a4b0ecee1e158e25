import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import type { Db } from '../../../../db/client';
import {
	auditLog,
	emailOutbox,
	emailTokens,
	memberships,
	notifications,
	organisations,
	sessions,
	users
} from '../../../../db/schema';
import { hashPassword, verifyPassword } from '../auth/password';
import { createSession, generateToken, validateSessionToken } from '../auth/session';
import { audit } from '../audit';
import { notify } from '../notifications';
import * as account from '.';
import type { Actor } from '../core';

const PASSWORD = 'account-spec-password';

describe('displayName', () => {
	it('shows the name of an active user', () => {
		expect(account.displayName({ name: 'Ane Andersen', deletedAt: null })).toBe('Ane Andersen');
	});

	it('shows a deleted user as a former user, in either language', () => {
		const deleted = { name: '', deletedAt: new Date() };
		expect(account.displayName(deleted, 'da')).toBe('Tidligere bruger');
		expect(account.displayName(deleted, 'en')).toBe('Former user');
		expect(account.displayName({ name: 'Still here', deletedAt: new Date() }, 'en')).toBe(
			'Former user'
		);
	});

	it('shows a missing or nameless user as a former user', () => {
		expect(account.displayName(null, 'en')).toBe('Former user');
		expect(account.displayName({ name: '  ' }, 'da')).toBe('Tidligere bruger');
	});
});

describe('profileProblem', () => {
	it('accepts a name and a supported language', () => {
		expect(account.profileProblem({ name: ' Ane ', locale: 'en' })).toBeNull();
	});

	it('refuses an empty or too long name and an unknown language', () => {
		expect(account.profileProblem({ name: '   ', locale: 'da' })).toMatchObject({
			field: 'name',
			code: 'required'
		});
		expect(account.profileProblem({ name: 'x'.repeat(121), locale: 'da' })).toMatchObject({
			field: 'name',
			code: 'too_long'
		});
		expect(account.profileProblem({ name: 'Ane', locale: 'de' })).toMatchObject({
			field: 'locale',
			code: 'invalid'
		});
	});
});

describe('exportFileName', () => {
	it('names the file after the day of the export', () => {
		expect(account.exportFileName(new Date('2025-03-01T10:00:00Z'))).toBe(
			'videnscenter-data-2025-03-01.json'
		);
	});
});

describe('accounts in the database', () => {
	let handle: Awaited<ReturnType<typeof testDb>>;
	let db: Db;
	let counter = 0;
	let passwordHash: string;

	beforeAll(async () => {
		handle = await testDb();
		db = handle.db;
		passwordHash = await hashPassword(PASSWORD);
	});
	afterAll(() => handle?.drop());

	async function makeUser(overrides: Partial<typeof users.$inferInsert> = {}) {
		const n = ++counter;
		const [user] = await db
			.insert(users)
			.values({ email: `acct${n}@test.example`, name: `Person ${n}`, passwordHash, ...overrides })
			.returning();
		return user;
	}

	async function makeOrg(name: string) {
		const [org] = await db
			.insert(organisations)
			.values({ kind: 'enterprise', name, slug: name.toLowerCase().replace(/\W+/g, '-') })
			.returning();
		return org;
	}

	const ctx = (user: Actor) => ({
		actor: user,
		ip: '192.0.2.1',
		origin: 'https://vc.example'
	});

	it('saves name and language and audits what changed', async () => {
		const user = await makeUser();
		const result = await account.updateProfile(db, ctx(user), { name: ' Ny Navn ', locale: 'en' });
		expect(result).toEqual({ ok: true });
		const [row] = await db.select().from(users).where(eq(users.id, user.id));
		expect(row).toMatchObject({ name: 'Ny Navn', locale: 'en' });
		const [entry] = await db.select().from(auditLog).where(eq(auditLog.actorId, user.id));
		expect(entry).toMatchObject({ action: 'user.profile_updated' });
		expect(entry.details).toEqual({ name: 'Ny Navn', locale: 'en' });
	});

	it('changes the password, keeps only the current session and notifies in the user’s language', async () => {
		const user = await makeUser({ locale: 'en' });
		const [keep, drop] = [generateToken(), generateToken()];
		const kept = await createSession(db, keep, user.id);
		await createSession(db, drop, user.id);

		const wrong = await account.changePassword(
			db,
			{ ...ctx(user), sessionId: kept.id },
			'not the password',
			'a-new-password-1'
		);
		expect(wrong).toEqual({ ok: false, field: 'current', code: 'wrong_password' });

		const result = await account.changePassword(
			db,
			{ ...ctx(user), sessionId: kept.id },
			PASSWORD,
			'a-new-password-1'
		);
		expect(result).toEqual({ ok: true });
		expect((await validateSessionToken(db, keep)).session?.id).toBe(kept.id);
		expect((await validateSessionToken(db, drop)).session).toBeNull();
		const [row] = await db.select().from(users).where(eq(users.id, user.id));
		expect(await verifyPassword(row.passwordHash, 'a-new-password-1')).toBe(true);
		const [note] = await db.select().from(notifications).where(eq(notifications.userId, user.id));
		expect(note).toMatchObject({
			kind: 'account.password_changed',
			title: 'Your password has been changed',
			link: '/en/account'
		});
	});

	it('stores e-mail preferences so notify() honours them', async () => {
		const user = await makeUser();
		const shownToUsers = ['account.password_changed', 'organisation.join_request'];
		const prefs = await account.updateEmailPreferences(db, ctx(user), [shownToUsers[1]]);
		expect(prefs['account.password_changed']).toBe(false);
		expect(prefs['organisation.join_request']).toBe(true);
		expect(prefs).not.toHaveProperty('organisation.pending');

		await notify(db, user.id, { kind: 'account.password_changed', title: 'off' });
		await notify(db, user.id, { kind: 'organisation.join_request', title: 'on' });
		const mails = await db.select().from(emailOutbox).where(eq(emailOutbox.to, user.email));
		expect(mails.map((mail) => mail.subject)).toEqual(['on']);
	});

	it('exports the user’s own data and nobody else’s, without secrets', async () => {
		const me = await makeUser();
		const other = await makeUser();
		const org = await makeOrg('Eksport ApS');
		await db.insert(memberships).values([
			{ userId: me.id, organisationId: org.id, role: 'editor', status: 'active' },
			{ userId: other.id, organisationId: org.id, role: 'org_admin', status: 'active' }
		]);
		const myToken = generateToken();
		const mySession = await createSession(db, myToken, me.id, { userAgent: 'TestBrowser/1' });
		await createSession(db, generateToken(), other.id);
		await notify(db, me.id, { kind: 'meeting.changed', title: 'Til mig' });
		await notify(db, other.id, { kind: 'meeting.changed', title: 'Til en anden' });
		await audit(db, { actorId: me.id, action: 'test.mine', targetType: 'thing' });
		await audit(db, { actorId: other.id, action: 'test.theirs', targetType: 'thing' });

		const data = await account.exportData(db, me.id);
		const text = JSON.stringify(data);
		expect(Object.keys(data)).toEqual([
			'format',
			'exportedAt',
			...account.exporters.map((e) => e.key)
		]);
		expect(data.profile).toMatchObject({ id: me.id, email: me.email, name: me.name });
		expect(data.memberships).toEqual([
			expect.objectContaining({ organisation: 'Eksport ApS', role: 'editor' })
		]);
		expect(data.sessions).toEqual([expect.objectContaining({ userAgent: 'TestBrowser/1' })]);
		expect(data.notifications).toEqual([expect.objectContaining({ title: 'Til mig' })]);
		expect(data.audit).toEqual([expect.objectContaining({ action: 'test.mine' })]);
		expect(text).not.toContain(other.id);
		expect(text).not.toContain(other.email);
		expect(text).not.toContain('Til en anden');
		expect(text).not.toContain('test.theirs');
		expect(text).not.toContain(mySession.id);
		expect(text).not.toContain(myToken);
		expect(text).not.toContain('$argon2');
	});

	it('refuses to delete with a wrong password and changes nothing', async () => {
		const user = await makeUser();
		expect(await account.deleteAccount(db, ctx(user), 'wrong password!')).toEqual({
			ok: false,
			field: 'password',
			code: 'wrong_password'
		});
		const [row] = await db.select().from(users).where(eq(users.id, user.id));
		expect(row.deletedAt).toBeNull();
	});

	it('deletes an account by anonymising it and removing what is only theirs', async () => {
		const user = await makeUser();
		const org = await makeOrg('Slette ApS');
		await db
			.insert(memberships)
			.values({ userId: user.id, organisationId: org.id, status: 'active' });
		const token = generateToken();
		await createSession(db, token, user.id);
		await notify(db, user.id, { kind: 'meeting.changed', title: 'hej' });
		await db.insert(emailTokens).values({
			id: `tok-${user.id}`,
			userId: user.id,
			kind: 'verify_email',
			expiresAt: new Date(Date.now() + 60_000)
		});
		await audit(db, { actorId: user.id, action: 'test.before_delete', targetType: 'thing' });

		expect(await account.deleteAccount(db, ctx(user), PASSWORD)).toEqual({ ok: true });

		const [row] = await db.select().from(users).where(eq(users.id, user.id));
		expect(row).toMatchObject({
			name: '',
			email: `deleted-${user.id}@invalid`,
			passwordHash: null,
			role: 'user'
		});
		expect(row.deletedAt).toBeInstanceOf(Date);
		expect(account.displayName(row, 'en')).toBe('Former user');
		const count = async (table: typeof sessions | typeof memberships | typeof notifications) =>
			(await db.select().from(table).where(eq(table.userId, user.id))).length;
		expect(await count(sessions)).toBe(0);
		expect(await count(memberships)).toBe(0);
		expect(await count(notifications)).toBe(0);
		expect(await db.select().from(emailTokens).where(eq(emailTokens.userId, user.id))).toEqual([]);
		expect((await validateSessionToken(db, token)).session).toBeNull();
		const actions = (await db.select().from(auditLog).where(eq(auditLog.actorId, user.id))).map(
			(e) => e.action
		);
		expect(actions).toContain('test.before_delete');
		expect(actions).toContain('user.deleted');
		expect(await account.profile(db, user.id)).toBeNull();
	});

	it('lets the e-mail of a deleted account be used again', async () => {
		const user = await makeUser({ email: 'reuse@test.example' });
		await account.deleteAccount(db, ctx(user), PASSWORD);
		const again = await makeUser({ email: 'reuse@test.example' });
		expect(again.id).not.toBe(user.id);
	});

	it('refuses to delete the last platform admin', async () => {
		await db.update(users).set({ role: 'user' }).where(eq(users.role, 'admin'));
		const admin = await makeUser({ role: 'admin' });
		expect(await account.deleteAccount(db, ctx(admin), PASSWORD)).toMatchObject({
			ok: false,
			code: 'last_admin'
		});
		await makeUser({ role: 'admin' });
		expect(await account.deleteAccount(db, ctx(admin), PASSWORD)).toEqual({ ok: true });
	});
});
