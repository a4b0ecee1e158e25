import { unreadCount } from '$lib/server/notifications';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, depends }) => {
	// Live notices re-run this load alone (invalidate('app:unread')) to refresh the header count.
	depends('app:unread');
	const unread = locals.user ? await unreadCount(locals.db, locals.user.id) : 0;
	return { user: locals.user, unread };
};
