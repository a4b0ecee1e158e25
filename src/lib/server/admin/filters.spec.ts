import { describe, expect, it } from 'vitest';
import { auditFiltersFromUrl, containsPattern, dayRange, userFiltersFromUrl } from './filters';
import { isDate, nextDay, startOfDay } from '../../time';

const url = (query: string) => new URL(`http://localhost/admin/audit?${query}`);

describe('auditFiltersFromUrl', () => {
	it('reads every filter from the URL', () => {
		const { filters, problems } = auditFiltersFromUrl(
			url('action=user.signin&actor=%20alice%20&target=user&from=2025-01-01&to=2025-01-31&page=3')
		);
		expect(filters).toEqual({
			action: 'user.signin',
			actor: 'alice',
			targetType: 'user',
			from: '2025-01-01',
			to: '2025-01-31',
			page: 3
		});
		expect(problems).toEqual({});
	});

	it('has no filters and page 1 for a bare URL', () => {
		expect(auditFiltersFromUrl(url('')).filters).toEqual({
			action: '',
			actor: '',
			targetType: '',
			from: '',
			to: '',
			page: 1
		});
	});

	it('drops impossible dates and reports them', () => {
		const { filters, problems } = auditFiltersFromUrl(url('from=2025-02-30&to=yesterday&page=-1'));
		expect(filters.from).toBe('');
		expect(filters.to).toBe('');
		expect(filters.page).toBe(1);
		expect(problems).toEqual({ from: '2025-02-30', to: 'yesterday' });
	});
});

describe('isDate', () => {
	it('accepts real calendar dates only', () => {
		expect(isDate('2024-02-29')).toBe(true);
		expect(isDate('2025-02-29')).toBe(false);
		expect(isDate('2025-13-01')).toBe(false);
		expect(isDate('2025-1-1')).toBe(false);
	});
});

describe('startOfDay', () => {
	it('starts a winter day at 23:00 UTC the day before (CET)', () => {
		expect(startOfDay('2025-01-15').toISOString()).toBe('2025-01-14T23:00:00.000Z');
	});

	it('starts a summer day at 22:00 UTC the day before (CEST)', () => {
		expect(startOfDay('2025-07-01').toISOString()).toBe('2025-06-30T22:00:00.000Z');
	});

	it('handles the days daylight saving time switches', () => {
		expect(startOfDay('2025-03-30').toISOString()).toBe('2025-03-29T23:00:00.000Z');
		expect(startOfDay('2025-10-26').toISOString()).toBe('2025-10-25T22:00:00.000Z');
	});
});

describe('dayRange', () => {
	it('covers the to-day inclusively', () => {
		const { start, end } = dayRange('2025-01-01', '2025-01-31');
		expect(start?.toISOString()).toBe('2024-12-31T23:00:00.000Z');
		expect(end?.toISOString()).toBe('2025-01-31T23:00:00.000Z');
	});

	it('leaves an open end when a date is missing', () => {
		expect(dayRange('', '')).toEqual({ start: null, end: null });
	});

	it('steps over month and year ends', () => {
		expect(nextDay('2024-12-31')).toBe('2025-01-01');
		expect(nextDay('2024-02-28')).toBe('2024-02-29');
	});
});

describe('containsPattern', () => {
	it('matches the text literally, with LIKE wildcards escaped', () => {
		expect(containsPattern('alice')).toBe('%alice%');
		expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
	});
});

describe('userFiltersFromUrl', () => {
	it('keeps only known roles and verification states', () => {
		expect(userFiltersFromUrl(url('q=ann&role=admin&verified=no&page=2'))).toEqual({
			q: 'ann',
			role: 'admin',
			verified: 'no',
			page: 2
		});
		expect(userFiltersFromUrl(url('role=root&verified=maybe'))).toMatchObject({
			role: '',
			verified: ''
		});
	});
});
