/**
 * Headers for files sent as downloads. A stored or client-given file name never reaches a header
 * as is: path parts and control characters are dropped, and the name goes out twice as RFC 6266
 * asks — an ASCII `filename` for old clients and the exact UTF-8 name in `filename*`.
 */

// C0 and C1 controls, DEL, and the bidirectional overrides that make `exe.pdf` look like `fdp.exe`.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The last path part of `name`, without control characters, at most 200 characters; never empty. */
export function baseFilename(name: string, fallback = 'file'): string {
	const last = name.replace(UNSAFE, '').split(/[\\/]/).pop() ?? '';
	const trimmed = last.trim().replace(/^\.+/, '').slice(0, 200);
	return trimmed || fallback;
}

/** RFC 5987 value: percent-encoded UTF-8, with the characters `encodeURIComponent` leaves alone. */
function extValue(name: string): string {
	return encodeURIComponent(name).replace(
		/['()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);
}

/** `attachment; filename="…"; filename*=UTF-8''…` for `name`. */
export function contentDisposition(
	name: string,
	type: 'attachment' | 'inline' = 'attachment'
): string {
	const base = baseFilename(name);
	const ascii = base
		.normalize('NFKD')
		.replace(/[^\x20-\x7e]/g, '_')
		.replace(/["\\]/g, '_');
	return `${type}; filename="${ascii}"; filename*=UTF-8''${extValue(base)}`;
}

/** Headers for a private download: never rendered in the site's origin, never cached. */
export function downloadHeaders(
	name: string,
	contentType: string,
	options: { cache?: string } = {}
): Record<string, string> {
	return {
		'content-type': contentType,
		'content-disposition': contentDisposition(name),
		'x-content-type-options': 'nosniff',
		'cache-control': options.cache ?? 'private, no-store'
	};
}
