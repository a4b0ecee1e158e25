import { error } from '@sveltejs/kit';
import * as park from '$lib/server/park';
import { requireUser } from '$lib/server/guards';
import { downloadHeaders } from '$lib/server/download';
import type { RequestHandler } from './$types';

/** An attachment, for the request's requester and advisers only. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const user = requireUser(locals);
	const request = await park.advice.get(locals.db, params.id);
	if (!request) error(404, 'Not found');
	if (!(await park.advice.requestAccess(locals.db, user, request)).canSee) error(404, 'Not found');
	const file = await park.advice.attachment(locals.db, request.id, params.attachmentId);
	if (!file) error(404, 'Not found');
	// Served as a download, never rendered in the site's origin.
	return new Response(file.bytes, { headers: downloadHeaders(file.filename, file.contentType) });
};
