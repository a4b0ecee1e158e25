import { describe, expect, it } from 'vitest';
import { isUuid, isUniqueViolation, pgErrorCode, uniqueViolation } from '.';
import { match } from '../../../params/uuid';

describe('isUuid', () => {
	it('accepts a uuid in either case and refuses anything a uuid column would reject', () => {
		expect(isUuid('0b9b2a55-6c1e-4a5e-9f0e-3d2b1c4a5e6f')).toBe(true);
		expect(isUuid('0B9B2A55-6C1E-4A5E-9F0E-3D2B1C4A5E6F')).toBe(true);
		for (const bad of [
			'not-a-uuid',
			"1' or '1'='1",
			// 36 characters of hex and dashes, which the looser checks used to let through to a 500
			'-'.repeat(36),
			'0b9b2a556c1e4a5e9f0e3d2b1c4a5e6f----',
			'0b9b2a55-6c1e-4a5e-9f0e-3d2b1c4a5e6f\n',
			'0b9b2a55-6c1e-4a5e-9f0e-3d2b1c4a5e6',
			'',
			undefined,
			42
		])
			expect(isUuid(bad)).toBe(false);
	});

	it('is what the [id=uuid] route matcher asks', () => {
		expect(match('0b9b2a55-6c1e-4a5e-9f0e-3d2b1c4a5e6f')).toBe(true);
		expect(match('-'.repeat(36))).toBe(false);
		expect(match('new')).toBe(false);
	});
});

describe('database errors', () => {
	it('finds the SQLSTATE and the broken constraint however deep the driver wraps them', () => {
		const pg = { code: '23505', constraint_name: 'users_email_unique' };
		const wrapped = new Error('query failed', { cause: new Error('inner', { cause: pg }) });
		expect(pgErrorCode(wrapped)).toBe('23505');
		expect(uniqueViolation(wrapped)).toBe('users_email_unique');
		expect(uniqueViolation({ code: '23505', constraint: 'slug_key' })).toBe('slug_key');
		expect(isUniqueViolation({ code: '23505' })).toBe(true);
	});

	it('does not take another error or a Node error code for one', () => {
		expect(pgErrorCode(new Error('plain'))).toBeNull();
		expect(pgErrorCode({ code: 'ECONNREFUSED' })).toBeNull();
		expect(pgErrorCode({ code: '22P02' })).toBe('22P02');
		expect(isUniqueViolation({ code: '23503' })).toBe(false);
		expect(uniqueViolation(null)).toBeNull();
	});
});
