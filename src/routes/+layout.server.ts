import { and, count, eq, isNull } from 'drizzle-orm';
import { notifications } from '../../db/schema';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, depends }) => {
	// Live notices re-run this load alone (invalidate('app:unread')) to refresh the header count.
	depends('app:unread');
	let unread = 0;
	if (locals.user) {
		const [row] = await locals.db
			.select({ n: count() })
			.from(notifications)
			.where(and(eq(notifications.userId, locals.user.id), isNull(notifications.readAt)));
		unread = row?.n ?? 0;
	}
	return { user: locals.user, unread };
};
