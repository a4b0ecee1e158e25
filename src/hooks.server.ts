import type { Handle, HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getDb } from '$lib/server/db';
import { log } from '$lib/server/log';
import { ops } from '$lib/server/ops';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { setSessionCookie, deleteSessionCookie } from '$lib/server/auth/cookies';
import { securityHeaders } from '$lib/server/security-headers';

const handleRequestId: Handle = async ({ event, resolve }) => {
	const incoming = event.request.headers.get('x-request-id');
	event.locals.requestId =
		incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
	event.locals.log = log.child({ requestId: event.locals.requestId });
	const started = performance.now();
	const response = await resolve(event);
	response.headers.set('x-request-id', event.locals.requestId);
	ops()?.observeHttp?.(
		event.route.id ?? 'unmatched',
		event.request.method,
		response.status,
		(performance.now() - started) / 1000
	);
	event.locals.log.info(
		{
			method: event.request.method,
			path: event.url.pathname,
			status: response.status,
			ms: Math.round(performance.now() - started)
		},
		'request'
	);
	return response;
};

const handleParaglide: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});

const handleAuth: Handle = async ({ event, resolve }) => {
	event.locals.db = await getDb();
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const result = await validateSessionToken(event.locals.db, token);
		if (result.session) {
			if (result.fresh) setSessionCookie(event, token, result.session.expiresAt);
			event.locals.user = result.user;
			event.locals.session = result.session;
		} else {
			deleteSessionCookie(event);
		}
	}
	return resolve(event);
};

const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	// Redirects and some errors come with immutable headers; they carry no page to protect.
	try {
		securityHeaders(response.headers, event.url, event.locals.user !== null);
	} catch {
		// immutable headers
	}
	return response;
};

export const handle = sequence(handleRequestId, handleParaglide, handleAuth, handleSecurityHeaders);

export const handleError: HandleServerError = ({ error, event, status }) => {
	const requestId = event.locals.requestId;
	if (status >= 500) (event.locals.log ?? log).error({ err: error, requestId }, 'unhandled error');
	return { message: status === 404 ? 'Not found' : 'Internal error', requestId };
};
