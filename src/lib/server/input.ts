/**
 * Bad input at the lowest layer: text no database column can hold (NUL, lone UTF-16 surrogates) and
 * database errors that mean "this value does not fit" rather than "the server is broken".
 */

const SOURCE =
	'\\u0000|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const UNSTORABLE = new RegExp(SOURCE);
const UNSTORABLE_G = new RegExp(SOURCE, 'g');

/** True when the text has a NUL or a lone surrogate. */
export function unstorable(text: string): boolean {
	return UNSTORABLE.test(text);
}

/** The text as plain, storable text: NUL removed, lone surrogates become U+FFFD. */
export function cleanText(text: string): string {
	return text.replace(UNSTORABLE_G, (c) => (c === '\u0000' ? '' : '\uFFFD'));
}

/** Cleans every string in a JSON value; returns the same object when nothing changed. */
export function cleanJson(value: unknown): { value: unknown; changed: boolean } {
	let changed = false;
	const walk = (v: unknown): unknown => {
		if (typeof v === 'string') {
			if (!unstorable(v)) return v;
			changed = true;
			return cleanText(v);
		}
		if (Array.isArray(v)) return v.map(walk);
		if (v && typeof v === 'object') {
			const out: Record<string, unknown> = {};
			for (const [k, x] of Object.entries(v)) out[walk(k) as string] = walk(x);
			return out;
		}
		return v;
	};
	const out = walk(value);
	return { value: changed ? out : value, changed };
}

/** Whether the path holds text that cannot be stored (no route has such a segment). */
export function badPath(url: URL): boolean {
	return unstorable(safeDecode(url.pathname));
}

/**
 * Makes a query string plain text in place: a NUL becomes a space (a search for `a%00b` is a search
 * for `a b`), a lone surrogate U+FFFD. Returns whether anything changed.
 */
export function cleanQuery(url: URL): boolean {
	const params = [...url.searchParams];
	if (!params.some(([k, v]) => unstorable(k) || unstorable(v))) return false;
	const clean = (s: string) => cleanText(s.replaceAll(String.fromCharCode(0), ' '));
	const next = new URLSearchParams();
	for (const [k, v] of params) next.append(clean(k), clean(v));
	url.search = next.toString();
	return true;
}

function safeDecode(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

/**
 * A database error caused by the value sent (PostgreSQL class 22 "data exception", 54000
 * "program limit exceeded", e.g. an integer out of range, an impossible date, a too-long value),
 * or a JavaScript invalid-date error: what the user should hear and which field, if known.
 */
export function badValueError(err: unknown): { code: string; field: string | null } | null {
	for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
		const o = e as {
			code?: unknown;
			column_name?: unknown;
			column?: unknown;
			message?: unknown;
			cause?: unknown;
		};
		if (typeof o.code === 'string' && (/^22[0-9A-Z]{3}$/.test(o.code) || o.code === '54000')) {
			const column = o.column_name ?? o.column;
			return { code: o.code, field: typeof column === 'string' ? column : null };
		}
		if (e instanceof RangeError && /invalid (time|date)/i.test(String(o.message))) {
			return { code: 'invalid_date', field: null };
		}
		e = o.cause;
	}
	return null;
}
