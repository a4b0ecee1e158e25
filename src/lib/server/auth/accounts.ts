/**
 * Accounts: sign-up, e-mail verification, sign-in with rate limiting, password reset and change.
 * Returns outcome codes; routes turn them into messages in the user's language.
 */
import { and, count, eq, gt, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { authAttempts, emailOutbox, emailTokens, users } from '../../../../db/schema';
import { audit } from '../audit';
import { enqueueMail } from '../mail';
import { hashPassword, passwordProblem, verifyPassword } from './password';
import { generateToken, hashToken, invalidateUserSessions } from './session';
import * as m from '../../paraglide/messages';

const HOUR = 60 * 60 * 1000;
export const VERIFY_TOKEN_LIFETIME = 48 * HOUR;
export const RESET_TOKEN_LIFETIME = 1 * HOUR;

export const RATE_WINDOW_MS = 15 * 60 * 1000;
export const RATE_LIMIT_ACCOUNT = 5;
/** Per address, all accounts together: high, so that one proxy or office does not lock out everyone. */
export const RATE_LIMIT_IP = 300;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

export function isEmail(email: string): boolean {
	return email.length <= 254 && EMAIL_RE.test(email);
}

export async function findUserByEmail(db: Db, email: string) {
	const [user] = await db
		.select()
		.from(users)
		.where(and(sql`lower(${users.email}) = ${normaliseEmail(email)}`, isNull(users.deletedAt)));
	return user ?? null;
}

type Locale = 'da' | 'en';
const asLocale = (locale: string): Locale => (locale === 'en' ? 'en' : 'da');

async function issueEmailToken(
	db: Db,
	userId: string,
	kind: 'verify_email' | 'reset_password',
	lifetime: number
): Promise<string> {
	const token = generateToken();
	await db.insert(emailTokens).values({
		id: hashToken(token),
		userId,
		kind,
		expiresAt: new Date(Date.now() + lifetime)
	});
	return token;
}

/** Consumes a single-use token; returns its user id, or null when unknown, used or expired. */
async function consumeEmailToken(
	db: Db,
	token: string,
	kind: 'verify_email' | 'reset_password'
): Promise<string | null> {
	const [row] = await db
		.update(emailTokens)
		.set({ usedAt: new Date() })
		.where(
			and(
				eq(emailTokens.id, hashToken(token)),
				eq(emailTokens.kind, kind),
				isNull(emailTokens.usedAt),
				gt(emailTokens.expiresAt, new Date())
			)
		)
		.returning({ userId: emailTokens.userId });
	return row?.userId ?? null;
}

export async function sendVerificationMail(
	db: Db,
	user: { id: string; email: string; name: string; locale: string },
	origin: string
): Promise<void> {
	const token = await issueEmailToken(db, user.id, 'verify_email', VERIFY_TOKEN_LIFETIME);
	const locale = asLocale(user.locale);
	const prefix = locale === 'en' ? '/en' : '';
	const link = `${origin}${prefix}/verify-email?token=${token}`;
	await enqueueMail(db, {
		to: user.email,
		kind: 'verify_email',
		subject: m.mail_verify_subject({}, { locale }),
		text: m.mail_verify_body({ name: user.name, link }, { locale })
	});
}

export type SignUpResult =
	| { ok: true; userId: string | null }
	| { ok: false; field: 'email' | 'password' | 'name'; code: string };

/** At most one "someone tried to sign up with your address" mail per address in this time. */
const EXISTING_MAIL_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Signs a new person up. The answer is the same whether or not the address already has an account
 * (no enumeration): a new address gets an account and a verification link; a known one gets no
 * second account, and its owner a mail saying someone tried, with links to sign in and to reset
 * the password (at most one an hour). The password is hashed either way, so both take as long.
 * Nobody is signed in: the person verifies the address and signs in. `userId` is the new account's,
 * or null for a known address (for the caller's logs and tests; never shown).
 */
export async function signUp(
	db: Db,
	input: { email: string; password: string; name: string; locale: string },
	origin: string,
	ip: string | null = null
): Promise<SignUpResult> {
	const email = normaliseEmail(input.email);
	const name = input.name.trim();
	if (!name) return { ok: false, field: 'name', code: 'required' };
	if (name.length > 120) return { ok: false, field: 'name', code: 'too_long' };
	if (!isEmail(email)) return { ok: false, field: 'email', code: 'invalid_email' };
	const problem = passwordProblem(input.password, email);
	if (problem) return { ok: false, field: 'password', code: problem };
	const passwordHash = await hashPassword(input.password);
	return db.transaction(async (tx) => {
		const [created] = await tx
			.insert(users)
			.values({ email, name, passwordHash, locale: asLocale(input.locale) })
			.onConflictDoNothing()
			.returning();
		if (!created) {
			await tellOwner(tx, email, origin, ip);
			return { ok: true, userId: null } as const;
		}
		await sendVerificationMail(tx, created, origin);
		await audit(tx, {
			actorId: created.id,
			action: 'user.signup',
			targetType: 'user',
			targetId: created.id,
			ip
		});
		return { ok: true, userId: created.id } as const;
	});
}

/** Mails the owner of a known address that someone tried to sign up with it. */
async function tellOwner(db: Db, email: string, origin: string, ip: string | null): Promise<void> {
	const [owner] = await db
		.select({ id: users.id, name: users.name, locale: users.locale })
		.from(users)
		.where(and(eq(users.email, email), isNull(users.deletedAt)));
	if (!owner) return;
	await audit(db, {
		actorId: null,
		action: 'user.signup_existing',
		targetType: 'user',
		targetId: owner.id,
		ip
	});
	const since = new Date(Date.now() - EXISTING_MAIL_INTERVAL_MS);
	const [recent] = await db
		.select({ n: count() })
		.from(emailOutbox)
		.where(
			and(
				eq(emailOutbox.to, email),
				eq(emailOutbox.kind, 'signup_existing'),
				gt(emailOutbox.createdAt, since)
			)
		);
	if (recent.n > 0) return;
	const locale = asLocale(owner.locale);
	const prefix = locale === 'en' ? '/en' : '';
	await enqueueMail(db, {
		to: email,
		kind: 'signup_existing',
		subject: m.mail_signup_existing_subject({}, { locale }),
		text: m.mail_signup_existing_body(
			{
				name: owner.name,
				login: `${origin}${prefix}/login`,
				reset: `${origin}${prefix}/reset-password`
			},
			{ locale }
		)
	});
}

export async function verifyEmail(db: Db, token: string): Promise<string | null> {
	return db.transaction(async (tx) => {
		const userId = await consumeEmailToken(tx, token, 'verify_email');
		if (!userId) return null;
		await tx
			.update(users)
			.set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` })
			.where(eq(users.id, userId));
		await audit(tx, {
			actorId: userId,
			action: 'user.verify_email',
			targetType: 'user',
			targetId: userId
		});
		return userId;
	});
}

/** The keys an attempt counts against: the account from this address, and the address. */
function attemptKeys(email: string, ip: string | null): Array<[string, number]> {
	const account = `account:${normaliseEmail(email)}`;
	return ip
		? [
				[`${account}|ip:${ip}`, RATE_LIMIT_ACCOUNT],
				[`ip:${ip}`, RATE_LIMIT_IP]
			]
		: [[account, RATE_LIMIT_ACCOUNT]];
}

async function waitFor(db: Db, keys: Array<[string, number]>): Promise<number> {
	const since = new Date(Date.now() - RATE_WINDOW_MS);
	let wait = 0;
	for (const [key, limit] of keys) {
		const rows = await db
			.select({ at: authAttempts.at })
			.from(authAttempts)
			.where(and(eq(authAttempts.key, key), gt(authAttempts.at, since)))
			.orderBy(authAttempts.at);
		if (rows.length >= limit) {
			// The window frees up when the oldest attempt that still counts falls out of it.
			const oldest = rows[rows.length - limit].at.getTime();
			wait = Math.max(wait, Math.ceil((oldest + RATE_WINDOW_MS - Date.now()) / 1000));
		}
	}
	return Math.max(wait, 1);
}

/** Seconds until a new attempt is allowed, or 0. */
export async function signInRetryAfter(db: Db, email: string, ip: string | null): Promise<number> {
	const keys = attemptKeys(email, ip);
	const since = new Date(Date.now() - RATE_WINDOW_MS);
	for (const [key, limit] of keys) {
		const [{ n }] = await db
			.select({ n: count() })
			.from(authAttempts)
			.where(and(eq(authAttempts.key, key), gt(authAttempts.at, since)));
		if (n >= limit) return waitFor(db, keys);
	}
	return 0;
}

/**
 * Takes one attempt from each key's allowance before the password is checked, or says how long to
 * wait. One statement per key, each under the key's transaction-scoped advisory lock (taken in a
 * fixed order), so parallel requests cannot all see room for one more: of ten at once for an
 * allowance of five, five get a slot and five wait. Returns the new rows' ids (to give back the
 * address's slot after a success).
 */
async function reserveAttempt(
	db: Db,
	keys: Array<[string, number]>
): Promise<{ ids: number[] } | { retryAfter: number }> {
	const since = new Date(Date.now() - RATE_WINDOW_MS);
	return db.transaction(async (tx) => {
		for (const [key] of [...keys].sort(([a], [b]) => (a < b ? -1 : 1))) {
			await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'auth:' + key}))`);
		}
		const ids: number[] = [];
		for (const [key, limit] of keys) {
			const rows = await tx.execute(
				sql`insert into auth_attempts (key) select ${key}
					where (select count(*) from auth_attempts where key = ${key} and at > ${since.toISOString()}) < ${limit}
					returning id`
			);
			const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as Array<{
				id: number | string;
			}>;
			if (list.length === 0) {
				const retryAfter = await waitFor(tx, keys);
				// None of this attempt's slots stay taken: the whole reservation is undone.
				if (ids.length) await tx.delete(authAttempts).where(inArray(authAttempts.id, ids));
				return { retryAfter };
			}
			ids.push(Number(list[0].id));
		}
		return { ids };
	});
}

/**
 * A hash of no one's password, verified when the e-mail has no account, so that a failed sign-in
 * takes as long whether the account exists or not.
 */
let dummyHash: Promise<string> | undefined;
function dummyPasswordHash(): Promise<string> {
	dummyHash ??= hashPassword(generateToken());
	return dummyHash;
}

export type SignInResult =
	| { ok: true; userId: string }
	| { ok: false; code: 'invalid' }
	| { ok: false; code: 'rate_limited'; retryAfter: number };

export async function signIn(
	db: Db,
	input: { email: string; password: string },
	ip: string | null
): Promise<SignInResult> {
	const email = normaliseEmail(input.email);
	const keys = attemptKeys(email, ip);
	const reserved = await reserveAttempt(db, keys);
	if ('retryAfter' in reserved) {
		return { ok: false, code: 'rate_limited', retryAfter: reserved.retryAfter };
	}
	const user = isEmail(email) ? await findUserByEmail(db, email) : null;
	const valid = user?.passwordHash
		? await verifyPassword(user.passwordHash, input.password)
		: await verifyPassword(await dummyPasswordHash(), input.password).then(() => false);
	if (!user || !valid) {
		await audit(db, {
			actorId: user?.id ?? null,
			action: 'user.signin_failed',
			targetType: 'user',
			targetId: user?.id ?? null,
			ip,
			details: { email }
		});
		return { ok: false, code: 'invalid' };
	}
	// A success clears the account's count from this address and gives the address its slot back.
	await db.delete(authAttempts).where(eq(authAttempts.key, keys[0][0]));
	await db.delete(authAttempts).where(inArray(authAttempts.id, reserved.ids));
	await audit(db, {
		actorId: user.id,
		action: 'user.signin',
		targetType: 'user',
		targetId: user.id,
		ip
	});
	return { ok: true, userId: user.id };
}

/** Removes attempts older than the window; called now and then. */
export async function pruneAuthAttempts(db: Db): Promise<void> {
	await db.delete(authAttempts).where(lt(authAttempts.at, new Date(Date.now() - RATE_WINDOW_MS)));
}

/** Always behaves the same whether the e-mail exists, so it does not reveal accounts. */
export async function requestPasswordReset(db: Db, email: string, origin: string): Promise<void> {
	const user = await findUserByEmail(db, email);
	if (!user) return;
	const [{ recent }] = await db
		.select({ recent: count() })
		.from(emailTokens)
		.where(
			and(
				eq(emailTokens.userId, user.id),
				eq(emailTokens.kind, 'reset_password'),
				gt(emailTokens.createdAt, new Date(Date.now() - RESET_TOKEN_LIFETIME))
			)
		);
	if (recent >= 5) return;
	const token = await issueEmailToken(db, user.id, 'reset_password', RESET_TOKEN_LIFETIME);
	const locale = asLocale(user.locale);
	const link = `${origin}${locale === 'en' ? '/en' : ''}/reset-password/${token}`;
	await enqueueMail(db, {
		to: user.email,
		kind: 'reset_password',
		subject: m.mail_reset_subject({}, { locale }),
		text: m.mail_reset_body({ name: user.name, link }, { locale })
	});
	await audit(db, {
		actorId: user.id,
		action: 'user.reset_requested',
		targetType: 'user',
		targetId: user.id
	});
}

export async function isResetTokenValid(db: Db, token: string): Promise<boolean> {
	const [row] = await db
		.select({ id: emailTokens.id })
		.from(emailTokens)
		.where(
			and(
				eq(emailTokens.id, hashToken(token)),
				eq(emailTokens.kind, 'reset_password'),
				isNull(emailTokens.usedAt),
				gt(emailTokens.expiresAt, new Date())
			)
		);
	return Boolean(row);
}

export type PasswordResult = { ok: true } | { ok: false; field: string; code: string };

/** Sets a new password from a reset link; every session of the user ends. */
export async function resetPassword(
	db: Db,
	token: string,
	password: string
): Promise<PasswordResult> {
	const [holder] = await db
		.select({ email: users.email })
		.from(emailTokens)
		.innerJoin(users, eq(users.id, emailTokens.userId))
		.where(eq(emailTokens.id, hashToken(token)));
	const problem = passwordProblem(password, holder?.email);
	if (problem) return { ok: false, field: 'password', code: problem };
	const passwordHash = await hashPassword(password);
	return db.transaction(async (tx) => {
		const userId = await consumeEmailToken(tx, token, 'reset_password');
		if (!userId) return { ok: false, field: 'token', code: 'invalid_token' } as const;
		await tx
			.update(users)
			.set({
				passwordHash,
				// Following the link proves the mailbox too.
				emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`
			})
			.where(eq(users.id, userId));
		// Every other reset link of the user ends with this one: a link still lying in the mailbox
		// (or in someone else's hands) must not set the password again.
		await tx
			.update(emailTokens)
			.set({ usedAt: new Date() })
			.where(
				and(
					eq(emailTokens.userId, userId),
					eq(emailTokens.kind, 'reset_password'),
					isNull(emailTokens.usedAt),
					ne(emailTokens.id, hashToken(token))
				)
			);
		await invalidateUserSessions(tx, userId);
		await audit(tx, {
			actorId: userId,
			action: 'user.password_reset',
			targetType: 'user',
			targetId: userId
		});
		return { ok: true } as const;
	});
}

/** Changes the password of a signed-in user and ends their other sessions. */
export async function changePassword(
	db: Db,
	userId: string,
	currentSessionId: string,
	current: string,
	next: string
): Promise<PasswordResult> {
	const [user] = await db.select().from(users).where(eq(users.id, userId));
	if (!user || !(await verifyPassword(user.passwordHash, current))) {
		return { ok: false, field: 'current', code: 'wrong_password' };
	}
	const problem = passwordProblem(next, user.email);
	if (problem) return { ok: false, field: 'password', code: problem };
	const passwordHash = await hashPassword(next);
	await db.transaction(async (tx) => {
		await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
		await invalidateUserSessions(tx, userId, currentSessionId);
		await audit(tx, {
			actorId: userId,
			action: 'user.password_changed',
			targetType: 'user',
			targetId: userId
		});
	});
	return { ok: true };
}
