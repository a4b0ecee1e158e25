import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';

export type FieldErrors = Record<string, string>;

/** A failed form submission: the values to show again and a message per field. */
export function invalid<V extends Record<string, unknown>>(
	status: 400 | 403 | 404 | 409 | 422 | 429,
	values: V,
	errors: FieldErrors
) {
	return fail(status, { values, errors });
}

/** A text field of a submitted form; missing or a file → ''. */
export function field(data: FormData, name: string): string {
	const value = data.get(name);
	return typeof value === 'string' ? value : '';
}

/** A trimmed, length-checked text field. */
export function textField(
	data: FormData,
	name: string,
	errors: Record<string, string>,
	{ required = false, max = 500 }: { required?: boolean; max?: number } = {}
): string {
	const value = field(data, name).trim();
	if (required && !value) errors[name] = m.form_required();
	else if (value.length > max) errors[name] = m.form_too_long({ max });
	return value;
}

/** The message, in the request's language, for an outcome code from a server module. */
export function messageFor(code: string): string {
	switch (code) {
		case 'required':
			return m.form_required();
		case 'too_long':
			return m.form_too_long({ max: 120 });
		case 'invalid_email':
			return m.form_invalid_email();
		case 'too_short':
			return m.password_too_short();
		case 'same_as_email':
			return m.password_same_as_email();
		case 'invalid_token':
			return m.verify_invalid();
		case 'wrong_password':
			return m.login_failed();
		default:
			return m.error_generic();
	}
}

const PROBE_ORIGIN = 'http://x.invalid';

/**
 * Where to go after signing in (or any other redirect a request names): only a path on this site.
 * Decided by the WHATWG URL parser, as a browser would read the Location header, on top of plain
 * rules: the raw text starts with exactly one '/', holds no whitespace, control characters or
 * backslashes (browsers drop tabs and newlines and read '\\' as '/'), and stays a path when its
 * percent escapes are undone (`/%2F%2Fevil`, `/%5Cevil`). Returns the path as given.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
	if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return fallback;
	if (next[0] !== '/' || next[1] === '/' || next[1] === '\\') return fallback;
	// eslint-disable-next-line no-control-regex -- control characters are the point
	if (/[\s\\\u0000-\u001f\u007f-\u009f]/.test(next)) return fallback;
	// The path, with its percent escapes undone twice ('%252F' is two decodings from '/'), must
	// still be a plain path: no '//', no backslash or control character, no '.' or '..' segment.
	let path = next.split(/[?#]/)[0];
	try {
		for (let i = 0; i < 2; i += 1) path = decodeURIComponent(path);
	} catch {
		return fallback;
	}
	// eslint-disable-next-line no-control-regex -- control characters are the point
	if (/\/\/|[\\\u0000-\u001f\u007f]|(^|\/)\.\.?(\/|$)/.test(path)) return fallback;
	let url: URL;
	try {
		url = new URL(next, PROBE_ORIGIN);
	} catch {
		return fallback;
	}
	if (url.origin !== PROBE_ORIGIN || url.username || url.password) return fallback;
	if (!url.pathname.startsWith('/') || url.pathname.startsWith('//')) return fallback;
	return next;
}
