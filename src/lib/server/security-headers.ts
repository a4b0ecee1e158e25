/** Security headers of every response (the Content-Security-Policy is SvelteKit's, in svelte.config.js). */

/** Browser features the platform never uses, refused for the page and anything it embeds. */
export const PERMISSIONS_POLICY = [
	'camera=()',
	'microphone=()',
	'geolocation=()',
	'payment=()',
	'usb=()',
	'serial=()',
	'bluetooth=()',
	'display-capture=()',
	'browsing-topics=()'
].join(', ');

/**
 * The headers every response gets. A signed-in user's pages and data are personal: no cache, shared
 * or the browser's own, may keep them. HSTS only where the site is served over https.
 */
export function securityHeaders(headers: Headers, url: URL, signedIn: boolean): void {
	headers.set('x-content-type-options', 'nosniff');
	headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	headers.set('permissions-policy', PERMISSIONS_POLICY);
	if (!headers.has('x-frame-options')) headers.set('x-frame-options', 'DENY');
	if (url.protocol === 'https:')
		headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
	const type = headers.get('content-type') ?? '';
	if (signedIn && (type.startsWith('text/html') || !headers.has('cache-control')))
		headers.set('cache-control', 'private, no-store');
	else if (!signedIn && type.startsWith('text/html') && !headers.has('cache-control'))
		// Anonymous pages differ by the session cookie: never serve one from a shared cache to a member.
		headers.set('vary', 'cookie');
}
