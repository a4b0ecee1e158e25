import { error } from '@sveltejs/kit';
import * as library from '$lib/server/library';
import { readAttachment } from '$lib/server/library/attachments';
import type { RequestHandler } from './$types';

/** An attachment, to whoever may read its entry; always as a download. */
export const GET: RequestHandler = async ({ locals, params }) => {
	if (!library.isUuid(params.id) || !library.isUuid(params.aid)) error(404, 'Not found');
	const entry = await library.getEntry(locals.db, params.id);
	const viewer = await library.viewerOf(locals.db, locals.user);
	if (!entry || !(await library.canRead(locals.db, viewer, entry))) error(404, 'Not found');
	const file = await readAttachment(locals.db, entry.id, params.aid).catch(() => null);
	if (!file) error(404, 'Not found');
	return new Response(file.bytes, {
		headers: {
			'content-type': file.row.contentType,
			'content-disposition': `attachment; filename="${encodeURIComponent(file.row.filename)}"`,
			'x-content-type-options': 'nosniff'
		}
	});
};
