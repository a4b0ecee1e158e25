import * as library from '$lib/server/library';
import { toAtom } from '$lib/server/library/api';
import type { RequestHandler } from './$types';

/** Atom feed of the newest published public entries. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const rows = await library.newestPublic(locals.db, 50);
	return new Response(toAtom(rows, url.origin), {
		headers: { 'content-type': 'application/atom+xml; charset=utf-8' }
	});
};
