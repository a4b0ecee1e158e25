/**
 * A user's own account: profile, password, e-mail preferences, a copy of their personal data, and
 * deleting the account. Deletion anonymises the user row rather than removing it, so work written
 * together with others keeps an author ("former user") and the audit log keeps its actor.
 * Free of SvelteKit imports: scripts may use it too.
 */
import { usersChanged } from '../documents/hub';
import { and, asc, count, desc, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { type Actor, type Context } from '../core';
import {
	auditLog,
	emailTokens,
	memberships,
	notifications,
	organisations,
	sessions,
	users
} from '../../../../db/schema';
import { audit } from '../audit';
import { changePassword as changeUserPassword } from '../auth/accounts';
import { verifyPassword } from '../auth/password';
import { releaseAccount } from './release';
import { domainExporters } from './domain-exporters';
import { invalidateUserSessions } from '../auth/session';
import { kindsFor, notify, preferencesFromForm, type Locale } from '../notifications';
import * as m from '../../paraglide/messages';

export type { Actor, Context };

export const NAME_MAX = 120;
export const locales = ['da', 'en'] as const;

const asLocale = (locale: string | null | undefined): Locale => (locale === 'en' ? 'en' : 'da');

/**
 * The name to show for a user. Deleted accounts have no name left; they read "former user" in
 * the given language (default: the request's).
 */
export function displayName(
	user: { name: string | null; deletedAt?: Date | null } | null | undefined,
	locale?: Locale
): string {
	if (!user || user.deletedAt || !user.name?.trim()) {
		return m.acct_former_user({}, locale ? { locale } : undefined);
	}
	return user.name;
}

/** The e-mail address a deleted account is left with: unique, undeliverable, and no one's. */
export function deletedEmail(userId: string): string {
	return `deleted-${userId}@invalid`;
}

export type ProfileField = 'name' | 'locale';
export type ProfileResult =
	{ ok: true } | { ok: false; field: ProfileField; code: 'required' | 'too_long' | 'invalid' };

/** Checks a profile form; pure so the rules are tested without a database. */
export function profileProblem(input: {
	name: string;
	locale: string;
}): Exclude<ProfileResult, { ok: true }> | null {
	const name = input.name.trim();
	if (!name) return { ok: false, field: 'name', code: 'required' };
	if (name.length > NAME_MAX) return { ok: false, field: 'name', code: 'too_long' };
	if (!(locales as readonly string[]).includes(input.locale)) {
		return { ok: false, field: 'locale', code: 'invalid' };
	}
	return null;
}

export async function updateProfile(
	db: Db,
	ctx: Context,
	input: { name: string; locale: string }
): Promise<ProfileResult> {
	const problem = profileProblem(input);
	if (problem) return problem;
	const name = input.name.trim();
	const locale = asLocale(input.locale);
	await db.transaction(async (tx) => {
		const [before] = await tx
			.select({ name: users.name, locale: users.locale })
			.from(users)
			.where(eq(users.id, ctx.actor.id));
		await tx.update(users).set({ name, locale }).where(eq(users.id, ctx.actor.id));
		const changed: Record<string, unknown> = {};
		if (before?.name !== name) changed.name = name;
		if (before?.locale !== locale) changed.locale = locale;
		if (Object.keys(changed).length) {
			await audit(tx, {
				actorId: ctx.actor.id,
				action: 'user.profile_updated',
				targetType: 'user',
				targetId: ctx.actor.id,
				ip: ctx.ip,
				details: changed
			});
		}
	});
	return { ok: true };
}

export type PasswordChangeResult = { ok: true } | { ok: false; field: string; code: string };

/**
 * Changes the password (every other session of the user ends) and tells the user about it, in
 * their language, so a change they did not make does not go unnoticed.
 */
export async function changePassword(
	db: Db,
	ctx: Context & { sessionId: string },
	current: string,
	next: string
): Promise<PasswordChangeResult> {
	return db.transaction(async (tx) => {
		const result = await changeUserPassword(tx, ctx.actor.id, ctx.sessionId, current, next);
		if (!result.ok) return result;
		const [user] = await tx
			.select({ locale: users.locale })
			.from(users)
			.where(eq(users.id, ctx.actor.id));
		const locale = asLocale(user?.locale);
		await notify(
			tx,
			ctx.actor.id,
			{
				kind: 'account.password_changed',
				title: m.notif_password_changed_title({}, { locale }),
				body: m.notif_password_changed_body({}, { locale }),
				link: locale === 'en' ? '/en/account' : '/account'
			},
			ctx.origin
		);
		return result;
	});
}

/** Stores which notification kinds the user wants by e-mail (the kinds ticked on the form). */
export async function updateEmailPreferences(
	db: Db,
	ctx: Context,
	ticked: readonly string[]
): Promise<Record<string, boolean>> {
	return db.transaction(async (tx) => {
		const [user] = await tx
			.select({ prefs: users.emailPrefs, role: users.role })
			.from(users)
			.where(eq(users.id, ctx.actor.id));
		const shown = kindsFor({ role: user?.role ?? 'user' }).map((k) => k.kind);
		const prefs = preferencesFromForm(user?.prefs ?? {}, shown, ticked);
		await tx.update(users).set({ emailPrefs: prefs }).where(eq(users.id, ctx.actor.id));
		await audit(tx, {
			actorId: ctx.actor.id,
			action: 'user.email_prefs_updated',
			targetType: 'user',
			targetId: ctx.actor.id,
			ip: ctx.ip,
			details: { off: Object.keys(prefs).filter((k) => !prefs[k]) }
		});
		return prefs;
	});
}

/** What the account page shows about the user. */
export async function profile(db: Db, userId: string) {
	const [user] = await db
		.select({
			id: users.id,
			email: users.email,
			name: users.name,
			locale: users.locale,
			role: users.role,
			emailPrefs: users.emailPrefs,
			emailVerifiedAt: users.emailVerifiedAt,
			createdAt: users.createdAt
		})
		.from(users)
		.where(and(eq(users.id, userId), isNull(users.deletedAt)));
	return user ?? null;
}

/**
 * One part of a user's data export. Each domain that stores personal data adds its exporter to
 * `exporters` below, so "download my data" stays complete as the platform grows.
 */
export interface Exporter {
	/** The key of this part in the exported JSON. */
	key: string;
	collect(db: Db, userId: string): Promise<unknown>;
}

const profileExporter: Exporter = {
	key: 'profile',
	async collect(db, userId) {
		const [user] = await db
			.select({
				id: users.id,
				email: users.email,
				name: users.name,
				locale: users.locale,
				role: users.role,
				emailVerifiedAt: users.emailVerifiedAt,
				emailPreferences: users.emailPrefs,
				createdAt: users.createdAt
			})
			.from(users)
			.where(eq(users.id, userId));
		return user ?? null;
	}
};

const membershipsExporter: Exporter = {
	key: 'memberships',
	collect: (db, userId) =>
		db
			.select({
				organisationId: memberships.organisationId,
				organisation: organisations.name,
				role: memberships.role,
				status: memberships.status,
				message: memberships.message,
				createdAt: memberships.createdAt,
				decidedAt: memberships.decidedAt
			})
			.from(memberships)
			.innerJoin(organisations, eq(organisations.id, memberships.organisationId))
			.where(eq(memberships.userId, userId))
			.orderBy(asc(memberships.createdAt))
};

const sessionsExporter: Exporter = {
	key: 'sessions',
	// The id is the hash of a live session token: it stays out of the export.
	collect: (db, userId) =>
		db
			.select({
				createdAt: sessions.createdAt,
				expiresAt: sessions.expiresAt,
				userAgent: sessions.userAgent,
				ip: sessions.ip
			})
			.from(sessions)
			.where(eq(sessions.userId, userId))
			.orderBy(asc(sessions.createdAt))
};

const notificationsExporter: Exporter = {
	key: 'notifications',
	collect: (db, userId) =>
		db
			.select({
				kind: notifications.kind,
				title: notifications.title,
				body: notifications.body,
				link: notifications.link,
				createdAt: notifications.createdAt,
				readAt: notifications.readAt
			})
			.from(notifications)
			.where(eq(notifications.userId, userId))
			.orderBy(desc(notifications.createdAt))
};

const auditExporter: Exporter = {
	key: 'audit',
	collect: (db, userId) =>
		db
			.select({
				at: auditLog.at,
				action: auditLog.action,
				targetType: auditLog.targetType,
				targetId: auditLog.targetId,
				organisationId: auditLog.organisationId,
				ip: auditLog.ip,
				details: auditLog.details
			})
			.from(auditLog)
			.where(eq(auditLog.actorId, userId))
			.orderBy(asc(auditLog.at), asc(auditLog.id))
};

/** The parts of a data export, in order. Later domains add theirs here. */
export const exporters: readonly Exporter[] = [
	profileExporter,
	membershipsExporter,
	sessionsExporter,
	notificationsExporter,
	...domainExporters,
	auditExporter
];

export const EXPORT_FORMAT = 'videnscenter-personal-data/1';

/** Everything the platform holds about one user, as plain JSON-ready data. */
export async function exportData(
	db: Db,
	userId: string,
	now = new Date()
): Promise<Record<string, unknown>> {
	const parts = await Promise.all(exporters.map((e) => e.collect(db, userId)));
	const data: Record<string, unknown> = { format: EXPORT_FORMAT, exportedAt: now.toISOString() };
	exporters.forEach((exporter, i) => (data[exporter.key] = parts[i]));
	return data;
}

/** The file name of an export, e.g. `videnscenter-data-2025-03-01.json`. */
export function exportFileName(now = new Date()): string {
	return `videnscenter-data-${now.toISOString().slice(0, 10)}.json`;
}

export type DeleteResult =
	{ ok: true } | { ok: false; field: 'password'; code: 'wrong_password' | 'last_admin' };

/**
 * Deletes the account after checking the password: the row is anonymised (no name, an invalid
 * e-mail, no password, deleted_at set) and the user's sessions, memberships, notifications and
 * e-mail tokens go. Audit entries stay, their actor now shown as a former user. Then the other
 * domains let go of what the account held (release.ts): meeting seats, open mentorships, the mentor
 * profile, personal network memberships and tokens.
 */
export async function deleteAccount(
	db: Db,
	ctx: Context,
	password: string,
	now = new Date()
): Promise<DeleteResult> {
	const [user] = await db
		.select()
		.from(users)
		.where(and(eq(users.id, ctx.actor.id), isNull(users.deletedAt)));
	if (!user || !(await verifyPassword(user.passwordHash, password))) {
		return { ok: false, field: 'password', code: 'wrong_password' };
	}
	const result = await db.transaction(async (tx) => {
		if (user.role === 'admin') {
			// The platform must keep someone who can run it.
			const [{ others }] = await tx
				.select({ others: count() })
				.from(users)
				.where(and(eq(users.role, 'admin'), isNull(users.deletedAt), ne(users.id, user.id)));
			if (others === 0) return { ok: false, field: 'password', code: 'last_admin' } as const;
		}
		await tx.delete(memberships).where(eq(memberships.userId, user.id));
		await tx.delete(notifications).where(eq(notifications.userId, user.id));
		await tx.delete(emailTokens).where(eq(emailTokens.userId, user.id));
		await tx
			.update(users)
			.set({
				name: '',
				email: deletedEmail(user.id),
				passwordHash: null,
				emailVerifiedAt: null,
				emailPrefs: {},
				role: 'user',
				deletedAt: now
			})
			.where(eq(users.id, user.id));
		await invalidateUserSessions(tx, user.id);
		await audit(tx, {
			actorId: user.id,
			action: 'user.deleted',
			targetType: 'user',
			targetId: user.id,
			ip: ctx.ip
		});
		return { ok: true } as const;
	});
	if (result.ok)
		await releaseAccount(
			db,
			{ id: user.id, name: user.name },
			{ origin: ctx.origin, ip: ctx.ip, now }
		);
	// Open documents of the former user are closed (a deleted account has no access).
	if (result.ok) usersChanged([user.id]);
	return result;
}
