import { redirect } from '@sveltejs/kit';
import * as notifications from '$lib/server/notifications';
import { field } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { pageParam, paginate } from '$lib/pagination';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/** The signed-in user's notifications, newest first, a page at a time. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const perPage = notifications.NOTIFICATIONS_PER_PAGE;
	const wanted = pageParam(url.searchParams.get('page'));
	let list = await notifications.listNotifications(locals.db, user.id, {
		offset: (wanted - 1) * perPage,
		limit: perPage
	});
	const info = paginate(list.total, wanted, perPage);
	// A page past the end shows the last page instead of an empty one.
	if (info.page !== wanted) {
		list = await notifications.listNotifications(locals.db, user.id, {
			offset: info.offset,
			limit: perPage
		});
	}
	return {
		items: list.items,
		unreadTotal: list.unread,
		page: info.page,
		pages: info.pages,
		done: url.searchParams.get('done')
	};
};

/** Back to the page the form was on. */
function back(url: URL, done?: string): never {
	const page = pageParam(url.searchParams.get('page'));
	const params = new URLSearchParams();
	if (page > 1) params.set('page', String(page));
	if (done) params.set('done', done);
	const query = params.toString();
	redirect(303, localizeHref(`/notifications${query ? `?${query}` : ''}`));
}

export const actions: Actions = {
	read: async ({ locals, request, url }) => {
		const user = requireUser(locals);
		const data = await request.formData();
		await notifications.markRead(locals.db, user.id, field(data, 'id'));
		back(url);
	},
	readAll: async ({ locals, url }) => {
		const user = requireUser(locals);
		await notifications.markAllRead(locals.db, user.id);
		back(url, 'all_read');
	}
};
