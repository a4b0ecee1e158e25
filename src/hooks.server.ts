import type { Handle, HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getDb } from '$lib/server/db';
import { log } from '$lib/server/log';
import { ops } from '$lib/server/ops';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { setSessionCookie, deleteSessionCookie } from '$lib/server/auth/cookies';
import { securityHeaders } from '$lib/server/security-headers';
import {
	badPath,
	badValueError,
	cleanQuery,
	cleanJson,
	cleanText,
	unstorable
} from '$lib/server/input';
import { m } from '$lib/paraglide/messages';

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

/**
 * Bad input never reaches a handler as a 500: a query string with NUL or a lone surrogate is refused
 * with 400 naming the parameter; such characters in form and JSON bodies are treated as plain text
 * (NUL dropped, lone surrogates become U+FFFD); a value the database cannot take (out of range,
 * impossible date, too long) turns the 500 into a 422 naming the column when known.
 */
const handleBadInput: Handle = async ({ event, resolve }) => {
	if (badPath(event.url)) {
		const message = m.form_invalid_query() + ' (path)';
		return new Response(JSON.stringify({ message, field: 'path' }), {
			status: 400,
			headers: { 'content-type': 'application/json; charset=utf-8' }
		});
	}
	// Query strings are read as plain text, as every search box treats them.
	cleanQuery(event.url);
	const method = event.request.method;
	if (method !== 'GET' && method !== 'HEAD' && event.request.body) {
		const cleaned = await cleanBody(event.request);
		if (cleaned) event.request = cleaned;
	}
	const response = await resolve(event);
	if (response.status === 500 && event.locals.badValue) {
		return new Response(response.body, {
			status: 422,
			statusText: 'Unprocessable Content',
			headers: response.headers
		});
	}
	return response;
};

/** A copy of the request with its text made storable, or null when it is already. */
async function cleanBody(request: Request): Promise<Request | null> {
	const type = request.headers.get('content-type') ?? '';
	const rebuild = (body: BodyInit, contentType?: string) => {
		const headers = new Headers(request.headers);
		headers.delete('content-length');
		if (contentType) headers.set('content-type', contentType);
		else headers.delete('content-type');
		return new Request(request.url, {
			method: request.method,
			headers,
			body,
			duplex: 'half'
		} as RequestInit);
	};
	try {
		if (type.startsWith('application/x-www-form-urlencoded')) {
			const text = await request.clone().text();
			const params = new URLSearchParams(text);
			let bad = false;
			for (const [k, v] of params) if (unstorable(k) || unstorable(v)) bad = true;
			if (!bad) return null;
			const out = new URLSearchParams();
			for (const [k, v] of params) out.append(cleanText(k), cleanText(v));
			return rebuild(out.toString(), type);
		}
		if (type.startsWith('multipart/form-data')) {
			const data = await request.clone().formData();
			let bad = false;
			for (const [k, v] of data)
				if (unstorable(k) || (typeof v === 'string' && unstorable(v))) bad = true;
			if (!bad) return null;
			const out = new FormData();
			for (const [k, v] of data) out.append(cleanText(k), typeof v === 'string' ? cleanText(v) : v);
			return rebuild(out);
		}
		if (type.startsWith('application/json')) {
			const text = await request.clone().text();
			if (!text.includes('\\u') && !text.includes('\0')) return null;
			let parsed: unknown;
			try {
				parsed = JSON.parse(text);
			} catch {
				return null;
			}
			const { value, changed } = cleanJson(parsed);
			return changed ? rebuild(JSON.stringify(value), type) : null;
		}
	} catch {
		// A body that cannot be read is left for the handler to refuse.
	}
	return null;
}

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

export const handle = sequence(
	handleRequestId,
	handleParaglide,
	handleBadInput,
	handleAuth,
	handleSecurityHeaders
);

export const handleError: HandleServerError = ({ error, event, status }) => {
	const requestId = event.locals.requestId;
	const bad = status >= 500 ? badValueError(error) : null;
	if (bad) {
		event.locals.badValue = bad;
		(event.locals.log ?? log).warn({ err: error, requestId, code: bad.code }, 'bad input value');
		return { message: m.form_out_of_range({ field: bad.field ?? bad.code }), requestId };
	}
	if (status >= 500) (event.locals.log ?? log).error({ err: error, requestId }, 'unhandled error');
	return { message: status === 404 ? 'Not found' : 'Internal error', requestId };
};
