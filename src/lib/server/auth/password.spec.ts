import { describe, expect, it } from 'vitest';
import {
	PASSWORD_MAX_LENGTH,
	PASSWORD_MIN_LENGTH,
	hashPassword,
	passwordProblem,
	verifyPassword
} from './password';

describe('hashPassword', () => {
	it('hashes with argon2id at the OWASP baseline and a fresh salt each time', async () => {
		const first = await hashPassword('korrekt hest batteri');
		const second = await hashPassword('korrekt hest batteri');
		expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(first).not.toContain('korrekt hest batteri');
		expect(second).not.toBe(first);
	});
});

describe('verifyPassword', () => {
	it('accepts the right password and refuses a wrong one', async () => {
		const stored = await hashPassword('korrekt hest batteri');
		expect(await verifyPassword(stored, 'korrekt hest batteri')).toBe(true);
		expect(await verifyPassword(stored, 'Korrekt hest batteri')).toBe(false);
		expect(await verifyPassword(stored, '')).toBe(false);
	});

	it('refuses when there is no stored hash or the hash is malformed', async () => {
		expect(await verifyPassword(null, 'anything at all')).toBe(false);
		expect(await verifyPassword('not-a-hash', 'anything at all')).toBe(false);
	});
});

describe('passwordProblem', () => {
	it('accepts a password of the minimum length', () => {
		expect(passwordProblem('a'.repeat(PASSWORD_MIN_LENGTH))).toBeNull();
		expect(passwordProblem('a'.repeat(PASSWORD_MAX_LENGTH))).toBeNull();
	});

	it('refuses a password shorter than 10 characters', () => {
		expect(PASSWORD_MIN_LENGTH).toBe(10);
		expect(passwordProblem('a'.repeat(9))).toBe('too_short');
		expect(passwordProblem('')).toBe('too_short');
	});

	it('refuses a password longer than the maximum', () => {
		expect(passwordProblem('a'.repeat(PASSWORD_MAX_LENGTH + 1))).toBe('too_long');
	});

	it('refuses the e-mail address as password, ignoring case and spaces', () => {
		expect(passwordProblem('Someone@Example.org ', 'someone@example.org')).toBe('same_as_email');
		expect(passwordProblem('someone@example.org', 'other@example.org')).toBeNull();
	});
});
