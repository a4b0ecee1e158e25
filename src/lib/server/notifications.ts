/**
 * The notification centre. Domains post here; the user sees it in-app (unread count in the header,
 * /notifications) and, unless they turned that kind off on their account page, by e-mail.
 */
import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { notifications, users } from '../../../db/schema';
import { enqueueMail } from './mail';
import * as m from '../paraglide/messages';
import { afterCommit, isUuid } from './core';
import { emitToUser } from './core/emit';

export type Locale = 'da' | 'en';

const label =
	(message: (inputs: Record<string, never>, options?: { locale?: Locale }) => string) =>
	(locale?: Locale) =>
		message({}, locale ? { locale } : undefined);

/**
 * Every kind of notification the platform posts, grouped by the part of the platform it comes
 * from. The kind names' type, the account page's e-mail choices and the e-mail opt-outs all derive
 * from this one list: a domain cannot post a kind that is not here (the type refuses it), and each
 * has a `notif_kind_…` label completing "E-mail me when …".
 */
export const notificationKinds = [
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
	{ kind: 'library.submit', label: label(m.notif_kind_library_submit) },
	{ kind: 'library.publish', label: label(m.notif_kind_library_publish) },
	{ kind: 'library.request_changes', label: label(m.notif_kind_library_request_changes) },
	{ kind: 'library.archive', label: label(m.notif_kind_library_archive) },
	{ kind: 'library.invitation', label: label(m.notif_kind_library_invitation) },
	{ kind: 'meeting.registered', label: label(m.notif_kind_meeting_registered) },
	{ kind: 'meeting.waiting', label: label(m.notif_kind_meeting_waiting) },
	{ kind: 'meeting.promoted', label: label(m.notif_kind_meeting_promoted) },
	{ kind: 'meeting.changed', label: label(m.notif_kind_meeting_changed) },
	{ kind: 'meeting.cancelled', label: label(m.notif_kind_meeting_cancelled) },
	{ kind: 'meeting.minutes', label: label(m.notif_kind_meeting_minutes) },
	{ kind: 'network.added', label: label(m.notif_kind_network_added) },
	{ kind: 'network.removed', label: label(m.notif_kind_network_removed) },
	{ kind: 'network.coordinator', label: label(m.notif_kind_network_coordinator) },
	{ kind: 'network.member', label: label(m.notif_kind_network_member) },
	{ kind: 'network.rejected', label: label(m.notif_kind_network_rejected) },
	{ kind: 'network.join_request', label: label(m.notif_kind_network_join_request) },
	{ kind: 'mentor.request', label: label(m.notif_kind_mentor_request) },
	{ kind: 'mentor.accepted', label: label(m.notif_kind_mentor_accepted) },
	{ kind: 'mentor.declined', label: label(m.notif_kind_mentor_declined) },
	{ kind: 'mentor.message', label: label(m.notif_kind_mentor_message) },
	{ kind: 'mentor.reminder', label: label(m.notif_kind_mentor_reminder) },
	{ kind: 'mentor.expired', label: label(m.notif_kind_mentor_expired) },
	{ kind: 'mentor.finished', label: label(m.notif_kind_mentor_finished) },
	{ kind: 'advice.new_request', label: label(m.notif_kind_advice_new_request) },
	{ kind: 'advice.assigned', label: label(m.notif_kind_advice_assigned) },
	{ kind: 'advice.answered', label: label(m.notif_kind_advice_answered) },
	{ kind: 'advice.message', label: label(m.notif_kind_advice_message) }
] as const satisfies readonly NotificationKind[];

/** A kind the platform posts, e.g. `organisation.join_request`. */
export type NotificationKindName = (typeof notificationKinds)[number]['kind'];

/** The part of the platform a kind comes from: the text before the dot. */
export type NotificationFamily = NotificationKindName extends `${infer F}.${string}` ? F : never;

/** The families in the order of the list, with their headings on the account page. */
export const notificationFamilies: readonly { family: NotificationFamily; label: () => string }[] =
	[
		{ family: 'account', label: () => m.notif_family_account() },
		{ family: 'organisation', label: () => m.notif_family_organisation() },
		{ family: 'library', label: () => m.notif_family_library() },
		{ family: 'meeting', label: () => m.notif_family_meeting() },
		{ family: 'network', label: () => m.notif_family_network() },
		{ family: 'mentor', label: () => m.notif_family_mentor() },
		{ family: 'advice', label: () => m.notif_family_advice() }
	];

export const familyOf = (kind: string): string => kind.split('.')[0];

export interface NotificationInput {
	/** A stable kind from `notificationKinds`; users switch e-mail on or off per kind. */
	kind: NotificationKindName;
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

const KINDS = new Map<string, NotificationKind>(notificationKinds.map((k) => [k.kind, k]));

/** The kinds a user may receive, in the order of the list above. */
export function kindsFor(user: { role: string }): NotificationKind[] {
	return (notificationKinds as readonly NotificationKind[]).filter(
		(k) => !k.adminOnly || user.role === 'admin'
	);
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
		if (replaced.length) {
			live(userId, input);
			return false;
		}
	}
	await db.insert(notifications).values({ userId, ...values });
	live(userId, input);
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

/** Tells the user's open tabs once the change committed: the header count and a live notice. */
function live(userId: string, input: NotificationInput): void {
	afterCommit(() =>
		emitToUser(userId, 'notice', {
			kind: input.kind,
			title: input.title,
			body: input.body ?? '',
			link: input.link ?? null
		})
	);
}

const asLocale = (locale: string | null | undefined): Locale => (locale === 'en' ? 'en' : 'da');

/**
 * Posts to each user in their own language: `build` is called with the recipient's locale, so the
 * title and body come from Paraglide as they read it (and the e-mail goes out in it too).
 */
export async function notifyEach(
	db: Db,
	userIds: Iterable<string>,
	build: (locale: Locale) => NotificationInput,
	origin?: string,
	options?: NotifyOptions
): Promise<void> {
	const ids = [...new Set(userIds)];
	if (!ids.length) return;
	const rows = await db
		.select({ id: users.id, locale: users.locale })
		.from(users)
		.where(inArray(users.id, ids));
	for (const row of rows) await notify(db, row.id, build(asLocale(row.locale)), origin, options);
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
