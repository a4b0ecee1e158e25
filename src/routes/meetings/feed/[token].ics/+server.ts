import { error } from '@sveltejs/kit';
import * as meetings from '$lib/server/meetings';
import type { RequestHandler } from './$types';

/** A user's subscribable feed; the secret token in the address is the permission. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const userId = await meetings.userForToken(locals.db, params.token);
	if (!userId) error(404, 'Not found');
	const list = await meetings.userMeetings(locals.db, userId);
	return new Response(meetings.meetingsIcs(list, url.origin, 'Videnscenter'), {
		headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'no-store' }
	});
};
