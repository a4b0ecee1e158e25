import { describe, expect, it } from 'vitest';
import { cvrProblem, isValidCvr, normaliseCvr } from './cvr';

// Check sums worked by hand with the weights 2 7 6 5 4 3 2 1:
//   10000009: 1·2 + 9·1 = 11                                   → 11 | 11
//   12345674: 2 + 14 + 18 + 20 + 20 + 18 + 14 + 4 = 110        → 11 | 110
//   24256790: 4 + 28 + 12 + 25 + 24 + 21 + 18 + 0 = 132        → 11 | 132
//   29876541: 4 + 63 + 48 + 35 + 24 + 15 + 8 + 1 = 198         → 11 | 198
const VALID = ['10000009', '12345674', '24256790', '29876541'];

describe('isValidCvr', () => {
	it.each(VALID)('accepts %s, whose weighted sum is a multiple of 11', (cvr) => {
		expect(isValidCvr(cvr)).toBe(true);
		expect(cvrProblem(cvr)).toBeNull();
	});

	it('rejects a number whose check digit is off by one', () => {
		expect(isValidCvr('12345675')).toBe(false);
		expect(isValidCvr('12345673')).toBe(false);
		expect(cvrProblem('12345675')).toBe('checksum');
	});

	it('rejects every other last digit of a valid number', () => {
		for (let d = 0; d <= 9; d++) {
			expect(isValidCvr(`2425679${d}`)).toBe(d === 0);
		}
	});

	it('rejects numbers with seven or nine digits', () => {
		expect(cvrProblem('1234567')).toBe('format');
		expect(cvrProblem('123456740')).toBe('format');
		expect(cvrProblem('')).toBe('format');
	});

	it('rejects a number that starts with 0 even when the sum is a multiple of 11', () => {
		// 0·2 + 1·7 + 0 + 0 + 0 + 0 + 0 + 4·1 = 11
		expect(cvrProblem('01000004')).toBe('format');
	});

	it('rejects letters, a DK prefix and hyphens', () => {
		expect(cvrProblem('1234567a')).toBe('format');
		expect(cvrProblem('DK12345674')).toBe('format');
		expect(cvrProblem('1234-5674')).toBe('format');
	});

	it('ignores spaces, so numbers copied in groups of two or four pass', () => {
		expect(isValidCvr('12 34 56 74')).toBe(true);
		expect(isValidCvr(' 1234 5674 ')).toBe(true);
		expect(normaliseCvr('12 34 56 74')).toBe('12345674');
	});
});
