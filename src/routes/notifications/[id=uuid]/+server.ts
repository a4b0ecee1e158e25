import { redirect } from '@sveltejs/kit';
import * as notifications from '$lib/server/notifications';
import { requireUser } from '$lib/server/guards';
import { safeNext } from '$lib/server/forms';
import { localizeHref } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

/**
 * Opening a notification: it is marked read and the browser goes on to its link. Marking read is
 * harmless and idempotent, so a plain link (GET) is fine and works in any mail client or tab.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const opened = await notifications.markRead(locals.db, user.id, params.id);
	const fallback = localizeHref('/notifications');
	redirect(303, opened ? safeNext(opened.link, fallback) : fallback);
};
