/** Telling organisation admins and members what changed. */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { memberships, users } from '../../../../db/schema';
import { notify, type NotificationInput } from '../notifications';
import { type Locale, asLocale } from './shared';

export function localised(path: string, locale: Locale): string {
	return locale === 'en' ? `/en${path}` : path;
}

/** The active org admins of an organisation: who is told of what happens to it. */
export async function orgAdminIds(db: Db, organisationId: string): Promise<string[]> {
	const rows = await db
		.select({ id: memberships.userId })
		.from(memberships)
		.where(
			and(
				eq(memberships.organisationId, organisationId),
				eq(memberships.status, 'active'),
				eq(memberships.role, 'org_admin')
			)
		);
	return rows.map((r) => r.id);
}

export async function platformAdminIds(db: Db): Promise<string[]> {
	const rows = await db
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.role, 'admin'), isNull(users.deletedAt)));
	return rows.map((r) => r.id);
}

/** Notifies each user in their own language. */
export async function notifyEach(
	db: Db,
	userIds: string[],
	origin: string | undefined,
	build: (locale: Locale) => NotificationInput
): Promise<void> {
	const ids = [...new Set(userIds)];
	if (!ids.length) return;
	const rows = await db
		.select({ id: users.id, locale: users.locale })
		.from(users)
		.where(inArray(users.id, ids));
	for (const row of rows) await notify(db, row.id, build(asLocale(row.locale)), origin);
}
