import { error } from '@sveltejs/kit';
import * as library from '$lib/server/library';
import { readAttachment } from '$lib/server/library/attachments';
import { downloadHeaders } from '$lib/server/download';
import type { RequestHandler } from './$types';

/** An attachment, to whoever may read its entry; always as a download. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const entry = await library.getEntry(locals.db, params.id);
	const viewer = await library.viewerOf(locals.db, locals.user);
	if (!entry || !(await library.canRead(locals.db, viewer, entry))) error(404, 'Not found');
	const file = await readAttachment(locals.db, entry.id, params.aid).catch(() => null);
	if (!file) error(404, 'Not found');
	return new Response(file.bytes, {
		// Public entries' files may be cached by the browser, never by shared caches of others.
		headers: downloadHeaders(file.row.filename, file.row.contentType, {
			cache: locals.user ? 'private, no-store' : 'private, max-age=300'
		})
	});
};
