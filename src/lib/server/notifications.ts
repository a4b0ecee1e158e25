/**
 * The notification centre. Domains post here; the user sees it in-app (unread count in the header,
 * /notifications) and, unless they turned that kind off on their account page, by e-mail.
 */
import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { notifications, users } from '../../../db/schema';
import { enqueueMail } from './mail';
import * as m from '../paraglide/messages';
import { isUuid } from './core';

export type Locale = 'da' | 'en';

export interface NotificationInput {
	/** A stable kind, e.g. `organisation.join_request`; users switch e-mail on or off per kind. */
	kind: string;
	title: string;
	body?: string;
	/** A same-site path to open, e.g. `/organisations/abc`. */
	link?: string | null;
}

export interface NotificationKind {
	kind: string;
	/** Completes "E-mail me when …" on the account page, in the given or the request's language. */
	label: (locale?: Locale) => string;
	/** Whether e-mail is on until the user says otherwise (default true). */
	emailByDefault?: boolean;
	/** Only platform admins receive it, so only they see it among their e-mail preferences. */
	adminOnly?: boolean;
}

const label =
	(message: (inputs: Record<string, never>, options?: { locale?: Locale }) => string) =>
	(locale?: Locale) =>
		message({}, locale ? { locale } : undefined);

/**
 * Every kind of notification the platform posts. A domain that starts posting a new kind adds it
 * here (with a `notif_kind_…` label), so users can choose whether it also comes by e-mail.
 */
export const notificationKinds: readonly NotificationKind[] = [
	{ kind: 'account.password_changed', label: label(m.notif_kind_password_changed) },
	{ kind: 'account.role_changed', label: label(m.notif_kind_role_changed) },
	{
		kind: 'organisation.pending',
		label: label(m.notif_kind_organisation_pending),
		adminOnly: true
	},
	{ kind: 'organisation.approved', label: label(m.notif_kind_organisation_approved) },
	{ kind: 'organisation.rejected', label: label(m.notif_kind_organisation_rejected) },
	{ kind: 'organisation.join_request', label: label(m.notif_kind_join_request) },
	{ kind: 'organisation.join_approved', label: label(m.notif_kind_join_approved) },
	{ kind: 'organisation.join_declined', label: label(m.notif_kind_join_declined) },
	{ kind: 'mentor.message', label: label(m.notif_kind_mentor_message) }
];

const KINDS = new Map(notificationKinds.map((k) => [k.kind, k]));

/** The kinds a user may receive, in the order of the list above. */
export function kindsFor(user: { role: string }): NotificationKind[] {
	return notificationKinds.filter((k) => !k.adminOnly || user.role === 'admin');
}

/** Whether a notification of `kind` also goes out by e-mail; unknown kinds default to on. */
export function emailWanted(prefs: Record<string, boolean>, kind: string): boolean {
	return prefs[kind] ?? KINDS.get(kind)?.emailByDefault ?? true;
}

/**
 * New e-mail preferences from a submitted form: every kind shown on the form is set to whether it
 * was ticked; choices for kinds not shown (e.g. admin-only ones after losing the role) are kept.
 */
export function preferencesFromForm(
	current: Record<string, boolean>,
	shown: readonly string[],
	ticked: readonly string[]
): Record<string, boolean> {
	const on = new Set(ticked);
	const next: Record<string, boolean> = {};
	for (const [kind, value] of Object.entries(current)) {
		if (typeof value === 'boolean') next[kind] = value;
	}
	for (const kind of shown) next[kind] = on.has(kind);
	return next;
}

export interface NotifyOptions {
	/**
	 * Links that name the same thread (e.g. one conversation, in each language). When the user
	 * still has an unread notification of the same kind with one of them, that one is replaced by
	 * this (and moves to the top) and no further e-mail goes out: one unread notice per thread is
	 * enough to bring them back, however many messages arrive meanwhile.
	 */
	replaceUnread?: readonly string[];
}

/**
 * Posts a notification to one user; call inside the transaction of the change it reports.
 * Returns whether a new notification was added (false when it replaced an unread one or the
 * user is gone).
 */
export async function notify(
	db: Db,
	userId: string,
	input: NotificationInput,
	origin?: string,
	options: NotifyOptions = {}
): Promise<boolean> {
	const [user] = await db
		.select({ email: users.email, prefs: users.emailPrefs, deletedAt: users.deletedAt })
		.from(users)
		.where(eq(users.id, userId));
	if (!user || user.deletedAt) return false;
	const values = {
		kind: input.kind,
		title: input.title,
		body: input.body ?? '',
		link: input.link ?? null
	};
	if (options.replaceUnread?.length) {
		const replaced = await db
			.update(notifications)
			.set({ ...values, createdAt: new Date() })
			.where(
				and(
					eq(notifications.userId, userId),
					eq(notifications.kind, input.kind),
					isNull(notifications.readAt),
					inArray(notifications.link, [...options.replaceUnread])
				)
			)
			.returning({ id: notifications.id });
		if (replaced.length) return false;
	}
	await db.insert(notifications).values({ userId, ...values });
	if (emailWanted(user.prefs, input.kind)) {
		const link = input.link && origin ? `\n\n${origin}${input.link}` : '';
		await enqueueMail(db, {
			to: user.email,
			kind: input.kind,
			subject: input.title,
			text: `${input.body ?? ''}${link}`.trim()
		});
	}
	return true;
}

/** Posts the same notification to several users. */
export async function notifyMany(
	db: Db,
	userIds: Iterable<string>,
	input: NotificationInput,
	origin?: string
): Promise<void> {
	for (const id of new Set(userIds)) await notify(db, id, input, origin);
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(notifications)
		.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
	return row?.n ?? 0;
}

export const NOTIFICATIONS_PER_PAGE = 20;

/** One page of a user's notifications, newest first, with the totals for paging and the badge. */
export async function listNotifications(
	db: Db,
	userId: string,
	{ offset = 0, limit = NOTIFICATIONS_PER_PAGE }: { offset?: number; limit?: number } = {}
) {
	const [items, [{ total }], unread] = await Promise.all([
		db
			.select({
				id: notifications.id,
				kind: notifications.kind,
				title: notifications.title,
				body: notifications.body,
				link: notifications.link,
				createdAt: notifications.createdAt,
				readAt: notifications.readAt
			})
			.from(notifications)
			.where(eq(notifications.userId, userId))
			.orderBy(desc(notifications.createdAt), desc(notifications.id))
			.limit(limit)
			.offset(offset),
		db.select({ total: count() }).from(notifications).where(eq(notifications.userId, userId)),
		unreadCount(db, userId)
	]);
	return { items, total, unread };
}

/**
 * Marks one of the user's notifications read and returns it (its link is where to go next), or
 * null when it is not theirs.
 */
export async function markRead(
	db: Db,
	userId: string,
	id: string
): Promise<{ id: string; link: string | null } | null> {
	if (!isUuid(id)) return null;
	const [row] = await db
		.select({ id: notifications.id, link: notifications.link, readAt: notifications.readAt })
		.from(notifications)
		.where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
	if (!row) return null;
	if (!row.readAt) {
		await db
			.update(notifications)
			.set({ readAt: new Date() })
			.where(and(eq(notifications.id, id), isNull(notifications.readAt)));
	}
	return { id: row.id, link: row.link };
}

/** Marks every unread notification of the user read; returns how many changed. */
export async function markAllRead(db: Db, userId: string): Promise<number> {
	const rows = await db
		.update(notifications)
		.set({ readAt: new Date() })
		.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
		.returning({ id: notifications.id });
	return rows.length;
}
