import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatNumber, formatRange, localeTag } from './format';

describe('formatting for display', () => {
	const summer = new Date('2026-07-15T08:05:00Z'); // 10:05 in Copenhagen

	it('shows instants in Copenhagen time whatever the machine zone', () => {
		expect(formatDate(summer, 'time', 'da')).toBe('10.05');
		expect(formatDate(summer, 'time', 'en')).toBe('10:05');
		expect(formatDate('2026-12-31T23:30:00Z', 'date', 'en')).toBe('1 Jan 2027');
	});

	it('shows a bare calendar day as that day', () => {
		expect(formatDate('2026-03-01', 'dateLong', 'da')).toBe('1. marts 2026');
		expect(formatDate('2026-03-01', 'dateLong', 'en')).toBe('1 March 2026');
	});

	it('answers nothing for nothing and for a value that is not a date', () => {
		expect(formatDate(null)).toBe('');
		expect(formatDate(undefined, 'dateTime')).toBe('');
		expect(formatDate('not a date', 'date', 'da')).toBe('');
		expect(formatDate('2026-02-30', 'date', 'da')).toBe('');
	});

	it('gives a booking span with the end as a time', () => {
		const end = new Date('2026-07-15T10:00:00Z');
		expect(formatRange(summer, end, 'en')).toBe('15 Jul 2026, 10:05–12:00');
	});

	it('groups digits and uses the decimal mark of the language', () => {
		expect(formatNumber(1234.5, 'da')).toBe('1.234,5');
		expect(formatNumber('1234.5', 'en')).toBe('1,234.5');
		expect(formatNumber(Number.NaN, 'da')).toBe('');
		expect(formatBytes(1536, 'en')).toBe('1.5 kB');
		expect(formatBytes(5 * 1024 ** 3, 'da')).toBe('5 GB');
	});

	it('maps platform locales to BCP 47 tags, Danish first', () => {
		expect(localeTag('en')).toBe('en-GB');
		expect(localeTag('da')).toBe('da-DK');
		expect(localeTag('de')).toBe('da-DK');
	});
});
