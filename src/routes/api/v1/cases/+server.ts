import { json } from '@sveltejs/kit';
import * as library from '$lib/server/library';
import { apiError, publicList, unknownTerms } from '$lib/server/library/api';
import { requireApiUser } from '$lib/server/guards';
import type { RequestHandler } from './$types';
import { isUuid } from '$lib/server/core';

/** Open data: published public entries, searchable and faceted. No session needed. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const parsed = library.parseSearchParams(url.searchParams, true);
	if (!parsed.ok) return apiError(400, 'invalid query parameters', parsed.errors);
	const unknown = await unknownTerms(locals.db, parsed.value);
	if (Object.keys(unknown).length) return apiError(400, 'invalid query parameters', unknown);
	return json(await publicList(locals.db, parsed.value, url.origin), {
		headers: { 'access-control-allow-origin': '*' }
	});
};

/** Creates a draft owned by the user's organisation (or the one named, where they are an editor). */
export const POST: RequestHandler = async ({ locals, request }) => {
	const user = requireApiUser(locals);
	let body: Record<string, unknown>;
	try {
		const parsed = await request.json();
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error();
		body = parsed;
	} catch {
		return apiError(400, 'body must be a JSON object');
	}
	const viewer = (await library.viewerOf(locals.db, user))!;
	let organisationId = typeof body.organisationId === 'string' ? body.organisationId : '';
	if (organisationId && !isUuid(organisationId))
		return apiError(422, 'invalid metadata', { organisationId: 'unknown' });
	if (!organisationId) {
		const editable = [...viewer.roles].filter(([, role]) => role !== 'member').map(([id]) => id);
		if (editable.length !== 1)
			return editable.length === 0
				? apiError(403, 'you are not an editor of any organisation')
				: apiError(422, 'organisationId is required: you edit for several organisations', {
						organisationId: 'required'
					});
		organisationId = editable[0];
	}
	if (!library.canCreateFor(viewer, organisationId))
		return apiError(403, 'not an editor of that organisation');
	const result = await library.createDraft(locals.db, user.id, {
		kind: body.kind,
		title: body.title,
		summary: body.summary,
		scope: body.scope,
		municipalities: body.municipalities,
		themes: body.themes,
		targetGroups: body.targetGroups,
		organisationId
	});
	if (!result.ok) return apiError(422, 'invalid metadata', result.errors);
	const entry = await library.getEntry(locals.db, result.value.id);
	return json(
		{
			id: result.value.id,
			status: entry!.status,
			kind: entry!.kind,
			title: entry!.title,
			organisationId
		},
		{ status: 201, headers: { location: `/api/v1/cases/${result.value.id}` } }
	);
};
