/**
 * Sessions after Lucia's design: a random token goes to the browser, only its SHA-256 is stored,
 * expiry slides forward while the session is used. Free of SvelteKit imports so the realtime server
 * validates sockets with exactly the same code as hooks.server.ts validates pages.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, ne, lt } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { sessions, users } from '../../../../db/schema';
import { liveSessionsEnded, liveUserSessionsEnded } from './live';

export const SESSION_COOKIE = 'vc_session';
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME = 30 * DAY;
/** A session with less than this left is extended back to the full lifetime. */
export const SESSION_RENEW_WITHIN = 15 * DAY;

export interface SessionUser {
	id: string;
	email: string;
	name: string;
	role: 'user' | 'admin';
	emailVerified: boolean;
	locale: string;
}

export interface Session {
	id: string;
	userId: string;
	expiresAt: Date;
}

export type SessionValidation =
	| { session: Session; user: SessionUser; fresh: boolean }
	| { session: null; user: null; fresh: false };

/** 20 random bytes, base32: 160 bits of entropy. */
export function generateToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** The stored id of a token: hex SHA-256. */
export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(
	db: Db,
	token: string,
	userId: string,
	meta: { userAgent?: string | null; ip?: string | null } = {},
	now = new Date()
): Promise<Session> {
	const session: Session = {
		id: hashToken(token),
		userId,
		expiresAt: new Date(now.getTime() + SESSION_LIFETIME)
	};
	await db.insert(sessions).values({
		...session,
		userAgent: meta.userAgent?.slice(0, 300) ?? null,
		ip: meta.ip ?? null
	});
	return session;
}

export async function validateSessionToken(
	db: Db,
	token: string,
	now = new Date()
): Promise<SessionValidation> {
	const id = hashToken(token);
	const [row] = await db
		.select({
			id: sessions.id,
			userId: sessions.userId,
			expiresAt: sessions.expiresAt,
			email: users.email,
			name: users.name,
			role: users.role,
			emailVerifiedAt: users.emailVerifiedAt,
			locale: users.locale,
			deletedAt: users.deletedAt
		})
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(eq(sessions.id, id));
	if (!row) return { session: null, user: null, fresh: false };
	if (row.deletedAt || now.getTime() >= row.expiresAt.getTime()) {
		await db.delete(sessions).where(eq(sessions.id, id));
		liveSessionsEnded([id]);
		return { session: null, user: null, fresh: false };
	}
	let fresh = false;
	let expiresAt = row.expiresAt;
	if (expiresAt.getTime() - now.getTime() < SESSION_RENEW_WITHIN) {
		expiresAt = new Date(now.getTime() + SESSION_LIFETIME);
		await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
		fresh = true;
	}
	return {
		session: { id, userId: row.userId, expiresAt },
		user: {
			id: row.userId,
			email: row.email,
			name: row.name,
			role: row.role,
			emailVerified: row.emailVerifiedAt !== null,
			locale: row.locale
		},
		fresh
	};
}

/** Ends a session; its open realtime connections close on every process (4401). */
export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
	liveSessionsEnded([sessionId]);
}

/** Ends every session of a user, or every one but `exceptSessionId` (after a password change). */
export async function invalidateUserSessions(
	db: Db,
	userId: string,
	exceptSessionId?: string
): Promise<void> {
	await db
		.delete(sessions)
		.where(
			exceptSessionId
				? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
				: eq(sessions.userId, userId)
		);
	liveUserSessionsEnded(userId, exceptSessionId);
}

export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<void> {
	const gone = await db
		.delete(sessions)
		.where(lt(sessions.expiresAt, now))
		.returning({ id: sessions.id });
	liveSessionsEnded(gone.map((g) => g.id));
}

/** Reads the session token from a Cookie header (for websocket upgrades outside SvelteKit). */
export function tokenFromCookieHeader(header: string | undefined | null): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const [name, ...rest] = part.trim().split('=');
		if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
	}
	return null;
}
