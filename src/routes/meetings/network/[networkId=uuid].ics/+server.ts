import * as meetings from '$lib/server/meetings';
import type { RequestHandler } from './$types';

/** A network's public meeting feed. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const list = await meetings.networkMeetings(locals.db, params.networkId);
	return new Response(meetings.meetingsIcs(list, url.origin), {
		headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'no-cache' }
	});
};
