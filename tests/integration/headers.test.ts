/**
 * Response headers through the built server: the Content-Security-Policy with a fresh nonce on
 * every page and on every inline script, no-store on a signed-in user's pages, the permissions
 * policy, and file names that cannot break out of Content-Disposition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http';
import { startApp, type TestApp } from '../helpers/server';

const USER = { email: 'hoved@headers.test', password: 'header-test-password', name: 'Hanne Hoved' };

let app: TestApp;
beforeAll(async () => {
	app = await startApp({ users: [USER] });
});
afterAll(() => app?.stop());

function policy(response: Response): Map<string, string[]> {
	const header = response.headers.get('content-security-policy') ?? '';
	return new Map(
		header
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter((parts) => parts[0])
			.map(([name, ...values]) => [name, values])
	);
}

describe('Content-Security-Policy', () => {
	it('allows scripts only from the site and with this response’s nonce', async () => {
		const response = await fetch(`${app.url}/library`);
		expect(response.status).toBe(200);
		const csp = policy(response);
		const scripts = csp.get('script-src')!;
		expect(scripts).toContain("'self'");
		expect(scripts).not.toContain("'unsafe-inline'");
		expect(scripts).not.toContain("'unsafe-eval'");
		const nonce = scripts.find((s) => s.startsWith("'nonce-"))!.slice(7, -1);
		expect(nonce.length).toBeGreaterThanOrEqual(16);
		expect(csp.get('object-src')).toEqual(["'none'"]);
		expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
		const html = await response.text();
		const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
		expect(inline.length).toBeGreaterThan(0);
		for (const [, attrs] of inline) expect(attrs).toContain(`nonce="${nonce}"`);
		const again = policy(await fetch(`${app.url}/library`)).get('script-src')!;
		expect(again.find((s) => s.startsWith("'nonce-"))).not.toBe(`'nonce-${nonce}'`);
	});
});

describe('other headers', () => {
	it('sends the permissions policy and no HSTS over plain http', async () => {
		const response = await fetch(`${app.url}/`);
		expect(response.headers.get('permissions-policy')).toContain('camera=()');
		expect(response.headers.has('strict-transport-security')).toBe(false);
	});

	it('keeps a signed-in user’s pages out of every cache', async () => {
		const client = new Client(app.url);
		await client.signIn(USER.email, USER.password);
		for (const path of ['/account', '/library', '/notifications']) {
			const response = await client.get(path);
			expect(response.status, path).toBe(200);
			expect(response.headers.get('cache-control'), path).toBe('private, no-store');
		}
	});
});
