import { json } from '@sveltejs/kit';
import * as library from '$lib/server/library';
import { apiError, entryJson } from '$lib/server/library/api';
import { requireApiUser } from '$lib/server/guards';
import type { RequestHandler } from './$types';
import { isUuid } from '$lib/server/core';

async function load(locals: App.Locals, id: string) {
	if (!isUuid(id)) return null;
	return library.getEntry(locals.db, id);
}

/** A published public entry; signed-in authors and editors also get their own unpublished ones. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const entry = await load(locals, params.id);
	if (!entry) return apiError(404, 'not found');
	const open = entry.status === 'published' && entry.scope === 'public';
	if (!open) {
		const viewer = await library.viewerOf(locals.db, locals.user);
		if (!(await library.canEdit(locals.db, viewer, entry))) return apiError(404, 'not found');
	}
	return json(entryJson(entry, url.origin), {
		headers: open ? { 'access-control-allow-origin': '*' } : { 'cache-control': 'private' }
	});
};

/** Changes metadata; fields not sent keep their values. */
export const PATCH: RequestHandler = async ({ locals, params, request, url }) => {
	const user = requireApiUser(locals);
	const entry = await load(locals, params.id);
	const viewer = await library.viewerOf(locals.db, user);
	if (!entry || !(await library.canRead(locals.db, viewer, entry)))
		return apiError(404, 'not found');
	if (!(await library.canEdit(locals.db, viewer, entry)))
		return apiError(403, 'not allowed to edit');
	let patch: Record<string, unknown>;
	try {
		const parsed = await request.json();
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error();
		patch = parsed;
	} catch {
		return apiError(400, 'body must be a JSON object');
	}
	const allowed = new Set(Object.keys(library.rawOf(entry)));
	const unknown = Object.keys(patch).filter((k) => !allowed.has(k));
	if (unknown.length) return apiError(400, `unknown field: ${unknown[0].slice(0, 40)}`);
	const result = await library.updateMetadata(locals.db, user.id, entry.id, {
		...library.rawOf(entry),
		...patch
	});
	if (!result.ok) return apiError(422, 'invalid metadata', result.errors);
	return json(entryJson((await library.getEntry(locals.db, entry.id))!, url.origin));
};
