import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers';

function headersFor(url: string, signedIn: boolean, init: Record<string, string> = {}) {
	const headers = new Headers(init);
	securityHeaders(headers, new URL(url), signedIn);
	return headers;
}

describe('security headers', () => {
	it('refuses camera, microphone and location to the page', () => {
		const policy = headersFor('http://localhost/', false).get('permissions-policy')!;
		for (const f of ['camera=()', 'microphone=()', 'geolocation=()']) expect(policy).toContain(f);
	});

	it('sends HSTS over https only', () => {
		expect(
			headersFor('https://videnscenter.example/', false).get('strict-transport-security')
		).toBe('max-age=31536000; includeSubDomains');
		expect(headersFor('http://localhost:3000/', false).has('strict-transport-security')).toBe(
			false
		);
	});

	it('lets no cache keep a signed-in user’s page, even one that asked to be cached', () => {
		const page = headersFor('http://localhost/account', true, {
			'content-type': 'text/html',
			'cache-control': 'public, max-age=600'
		});
		expect(page.get('cache-control')).toBe('private, no-store');
		const data = headersFor('http://localhost/api/v1/x', true, {
			'content-type': 'application/json'
		});
		expect(data.get('cache-control')).toBe('private, no-store');
	});

	it('keeps the caching a public file asked for, for anonymous readers', () => {
		const feed = headersFor('http://localhost/api/v1/cases.atom', false, {
			'content-type': 'application/atom+xml',
			'cache-control': 'public, max-age=300'
		});
		expect(feed.get('cache-control')).toBe('public, max-age=300');
		expect(
			headersFor('http://localhost/', false, { 'content-type': 'text/html' }).get('vary')
		).toBe('cookie');
	});
});
