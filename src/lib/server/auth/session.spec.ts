import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import type { Db } from '../../../../db/client';
import { sessions, users } from '../../../../db/schema';
import {
	SESSION_COOKIE,
	SESSION_LIFETIME,
	createSession,
	deleteExpiredSessions,
	generateToken,
	hashToken,
	invalidateSession,
	invalidateUserSessions,
	tokenFromCookieHeader,
	validateSessionToken
} from './session';

const DAY = 24 * 60 * 60 * 1000;

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
		.values({ email: `session${n}@test.example`, name: `Person ${n}`, ...overrides })
		.returning();
	return user;
}

async function storedSession(id: string) {
	const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
	return row ?? null;
}

describe('session tokens', () => {
	it('generates a random lower-case base32 token of 32 characters', () => {
		const tokens = new Set(Array.from({ length: 50 }, () => generateToken()));
		expect(tokens.size).toBe(50);
		for (const token of tokens) expect(token).toMatch(/^[a-z2-7]{32}$/);
	});

	it('stores the hex SHA-256 of the token, never the token itself', async () => {
		const user = await makeUser();
		const token = generateToken();
		const session = await createSession(db, token, user.id);
		expect(session.id).toMatch(/^[0-9a-f]{64}$/);
		expect(session.id).not.toBe(token);
		// SHA-256 of "abc", a published test vector.
		expect(hashToken('abc')).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
		const row = await storedSession(session.id);
		expect(row?.userId).toBe(user.id);
		const all = await db.select({ id: sessions.id }).from(sessions);
		expect(all.map((s) => s.id)).not.toContain(token);
	});

	it('reads the session token out of a Cookie header', () => {
		expect(tokenFromCookieHeader(`a=1; ${SESSION_COOKIE}=abc2; b=2`)).toBe('abc2');
		expect(tokenFromCookieHeader('a=1')).toBeNull();
		expect(tokenFromCookieHeader(undefined)).toBeNull();
	});
});

describe('validateSessionToken', () => {
	it('returns the user for a live session', async () => {
		const user = await makeUser({ role: 'admin', locale: 'en' });
		const token = generateToken();
		await createSession(db, token, user.id);
		const result = await validateSessionToken(db, token);
		expect(result.user).toMatchObject({
			id: user.id,
			email: user.email,
			role: 'admin',
			emailVerified: false,
			locale: 'en'
		});
		expect(result.fresh).toBe(false);
	});

	it('rejects an unknown token', async () => {
		const result = await validateSessionToken(db, generateToken());
		expect(result).toEqual({ session: null, user: null, fresh: false });
	});

	it('deletes an expired session when it is presented', async () => {
		const user = await makeUser();
		const token = generateToken();
		const created = new Date('2030-01-01T12:00:00Z');
		const session = await createSession(db, token, user.id, {}, created);
		const later = new Date(created.getTime() + SESSION_LIFETIME + 1000);
		const result = await validateSessionToken(db, token, later);
		expect(result.session).toBeNull();
		expect(result.user).toBeNull();
		expect(await storedSession(session.id)).toBeNull();
	});

	it('ends the session of a deleted user', async () => {
		const user = await makeUser();
		const token = generateToken();
		const session = await createSession(db, token, user.id);
		await db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, user.id));
		expect((await validateSessionToken(db, token)).session).toBeNull();
		expect(await storedSession(session.id)).toBeNull();
	});

	it('renews a session with less than 15 days left to a full 30 days', async () => {
		const user = await makeUser();
		const token = generateToken();
		const created = new Date('2030-01-01T12:00:00Z');
		const session = await createSession(db, token, user.id, {}, created);
		const now = new Date(created.getTime() + 16 * DAY); // 14 days left
		const result = await validateSessionToken(db, token, now);
		expect(result.fresh).toBe(true);
		expect(result.session!.expiresAt.getTime()).toBe(now.getTime() + 30 * DAY);
		const row = await storedSession(session.id);
		expect(row!.expiresAt.getTime()).toBe(now.getTime() + 30 * DAY);
	});

	it('leaves a session with more than 15 days left as it is', async () => {
		const user = await makeUser();
		const token = generateToken();
		const created = new Date('2030-01-01T12:00:00Z');
		const session = await createSession(db, token, user.id, {}, created);
		const now = new Date(created.getTime() + 14 * DAY); // 16 days left
		const result = await validateSessionToken(db, token, now);
		expect(result.fresh).toBe(false);
		expect(result.session!.expiresAt.getTime()).toBe(session.expiresAt.getTime());
		const row = await storedSession(session.id);
		expect(row!.expiresAt.getTime()).toBe(created.getTime() + 30 * DAY);
	});
});

describe('ending sessions', () => {
	it('invalidates one session', async () => {
		const user = await makeUser();
		const token = generateToken();
		const session = await createSession(db, token, user.id);
		await invalidateSession(db, session.id);
		expect((await validateSessionToken(db, token)).session).toBeNull();
	});

	it('ends every session of a user but the excepted one, and no one else’s', async () => {
		const user = await makeUser();
		const other = await makeUser();
		const [keep, drop1, drop2, others] = [
			generateToken(),
			generateToken(),
			generateToken(),
			generateToken()
		];
		const kept = await createSession(db, keep, user.id);
		await createSession(db, drop1, user.id);
		await createSession(db, drop2, user.id);
		await createSession(db, others, other.id);
		await invalidateUserSessions(db, user.id, kept.id);
		expect((await validateSessionToken(db, keep)).session?.id).toBe(kept.id);
		expect((await validateSessionToken(db, drop1)).session).toBeNull();
		expect((await validateSessionToken(db, drop2)).session).toBeNull();
		expect((await validateSessionToken(db, others)).user?.id).toBe(other.id);

		await invalidateUserSessions(db, user.id);
		expect((await validateSessionToken(db, keep)).session).toBeNull();
	});

	it('deletes sessions that expired before the given time', async () => {
		const user = await makeUser();
		const created = new Date('2030-01-01T12:00:00Z');
		const old = await createSession(db, generateToken(), user.id, {}, created);
		const recent = await createSession(
			db,
			generateToken(),
			user.id,
			{},
			new Date(created.getTime() + 20 * DAY)
		);
		await deleteExpiredSessions(db, new Date(created.getTime() + 31 * DAY));
		expect(await storedSession(old.id)).toBeNull();
		expect(await storedSession(recent.id)).not.toBeNull();
	});
});
