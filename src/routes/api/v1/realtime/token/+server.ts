import { error, json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/guards';
import { resolveAccess } from '$lib/server/documents/access';
import { issueToken } from '$lib/server/documents/tokens';
import type { RequestHandler } from './$types';

/** A short-lived token for /yjs/<document>?token=…, for the signed-in user, if they may open it. */
export const POST: RequestHandler = async ({ locals, request }) => {
	const user = requireApiUser(locals);
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		error(400, 'Expected a JSON body { "document": "<id>" }');
	}
	const document = (body as { document?: unknown } | null)?.document;
	if (typeof document !== 'string' || !/^[\w.:-]{1,200}$/.test(document)) {
		error(400, 'Expected a JSON body { "document": "<id>" }');
	}
	const access = await resolveAccess(locals.db, user, document);
	if (!access) error(403, 'No access to this document');
	const { token, expiresAt } = await issueToken(locals.db, user.id, document);
	return json({ token, expiresAt: expiresAt.toISOString(), access });
};
