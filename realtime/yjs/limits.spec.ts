import { describe, expect, it } from 'vitest';
import { limitsFromEnv } from './limits';
import { tokenLifetimeMs } from '../../src/lib/server/documents/tokens';

describe('limitsFromEnv', () => {
	it('defaults to asynchronous commits, two append batches in flight and ten-minute tokens', () => {
		const limits = limitsFromEnv({});
		expect(limits.synchronousCommit).toBe(false);
		expect(limits.appendConcurrency).toBe(2);
		expect(limits.tokenLifetimeMs).toBe(600_000);
		expect(tokenLifetimeMs({})).toBe(600_000);
	});

	it('reads YJS_SYNCHRONOUS_COMMIT as on or off and names the variable when it is neither', () => {
		expect(limitsFromEnv({ YJS_SYNCHRONOUS_COMMIT: 'on' }).synchronousCommit).toBe(true);
		expect(limitsFromEnv({ YJS_SYNCHRONOUS_COMMIT: 'OFF' }).synchronousCommit).toBe(false);
		expect(() => limitsFromEnv({ YJS_SYNCHRONOUS_COMMIT: 'sometimes' })).toThrow(
			/YJS_SYNCHRONOUS_COMMIT/
		);
	});

	it('refuses a malformed token lifetime at start, which the token route then reads', () => {
		expect(() => limitsFromEnv({ YJS_TOKEN_LIFETIME_MS: '10m' })).toThrow(/YJS_TOKEN_LIFETIME_MS/);
		expect(limitsFromEnv({ YJS_TOKEN_LIFETIME_MS: '1500' }).tokenLifetimeMs).toBe(1500);
		expect(tokenLifetimeMs({ YJS_TOKEN_LIFETIME_MS: '1500' })).toBe(1500);
	});
});
