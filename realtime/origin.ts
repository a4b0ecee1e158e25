/**
 * One same-origin rule for both websocket endpoints (Yjs and socket.io). A browser sends the
 * session cookie with cross-site websocket requests too, so a cookie only counts when the Origin
 * is this site: the configured ORIGIN when there is one, else the Host the request came to. A
 * request without an Origin is not from a browser page; it still needs a cookie or a token.
 */
import type { IncomingHttpHeaders } from 'node:http';

export function sameOrigin(
	headers: Pick<IncomingHttpHeaders, 'origin' | 'host'>,
	configured?: string
): boolean {
	const origin = headers.origin;
	if (origin === undefined) return true;
	if (typeof origin !== 'string') return false;
	try {
		const from = new URL(origin);
		if (configured) return from.origin === new URL(configured).origin;
		return from.host === headers.host;
	} catch {
		return false;
	}
}
