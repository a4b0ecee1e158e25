/**
 * The notification centre. Domains post here; the user sees it in-app (unread count in the header,
 * /notifications) and, unless they turned that kind off on their account page, by e-mail.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { notifications, users } from '../../../db/schema';
import { enqueueMail } from './mail';

export interface NotificationInput {
	/** A stable kind, e.g. `organisation.join_request`; users switch e-mail on or off per kind. */
	kind: string;
	title: string;
	body?: string;
	/** A same-site path to open, e.g. `/organisations/abc`. */
	link?: string | null;
}

/** Kinds that do not go out by e-mail unless the user asks for it. */
const EMAIL_OFF_BY_DEFAULT = new Set<string>();

export function emailWanted(prefs: Record<string, boolean>, kind: string): boolean {
	return prefs[kind] ?? !EMAIL_OFF_BY_DEFAULT.has(kind);
}

/** Posts a notification to one user; call inside the transaction of the change it reports. */
export async function notify(
	db: Db,
	userId: string,
	input: NotificationInput,
	origin?: string
): Promise<void> {
	const [user] = await db
		.select({ email: users.email, prefs: users.emailPrefs, deletedAt: users.deletedAt })
		.from(users)
		.where(eq(users.id, userId));
	if (!user || user.deletedAt) return;
	await db.insert(notifications).values({
		userId,
		kind: input.kind,
		title: input.title,
		body: input.body ?? '',
		link: input.link ?? null
	});
	if (emailWanted(user.prefs, input.kind)) {
		const link = input.link && origin ? `\n\n${origin}${input.link}` : '';
		await enqueueMail(db, {
			to: user.email,
			kind: input.kind,
			subject: input.title,
			text: `${input.body ?? ''}${link}`.trim()
		});
	}
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
