import { describe, expect, it } from 'vitest';
import { sameOrigin } from './origin';

describe('the websocket same-origin rule', () => {
	it('accepts a page of this host and refuses another site', () => {
		expect(sameOrigin({ origin: 'http://localhost:3000', host: 'localhost:3000' })).toBe(true);
		expect(sameOrigin({ origin: 'https://evil.example', host: 'localhost:3000' })).toBe(false);
		expect(sameOrigin({ origin: 'http://localhost:3001', host: 'localhost:3000' })).toBe(false);
	});

	it('holds to the configured origin when there is one, scheme and port included', () => {
		const configured = 'https://videnscenter.example/';
		expect(
			sameOrigin({ origin: 'https://videnscenter.example', host: 'internal:3000' }, configured)
		).toBe(true);
		expect(
			sameOrigin(
				{ origin: 'http://videnscenter.example', host: 'videnscenter.example' },
				configured
			)
		).toBe(false);
		expect(sameOrigin({ origin: 'https://videnscenter.example:8443', host: 'x' }, configured)).toBe(
			false
		);
	});

	it('lets a client without an Origin through to the cookie or token check, and refuses garbage', () => {
		expect(sameOrigin({ host: 'localhost:3000' })).toBe(true);
		expect(sameOrigin({ origin: 'null', host: 'localhost:3000' })).toBe(false);
		expect(sameOrigin({ origin: 'not a url', host: 'localhost:3000' })).toBe(false);
	});
});
