import { describe, expect, it } from 'vitest';
import { pageHref, pageParam, paginate, queryWithout } from './pagination';

describe('pageParam', () => {
	it('reads a positive page number', () => {
		expect(pageParam('3')).toBe(3);
		expect(pageParam('1')).toBe(1);
	});

	it('falls back to page 1 for missing, zero, negative or non-numeric values', () => {
		for (const value of [null, undefined, '', '0', '-2', 'two', '1.5', '1e3', '9999999']) {
			expect(pageParam(value)).toBe(1);
		}
	});
});

describe('paginate', () => {
	it('computes the offset and page count', () => {
		expect(paginate(45, 2, 20)).toEqual({ page: 2, pages: 3, perPage: 20, offset: 20, total: 45 });
	});

	it('clamps a page past the end to the last page', () => {
		expect(paginate(45, 9, 20)).toMatchObject({ page: 3, offset: 40 });
	});

	it('has one empty page for an empty list', () => {
		expect(paginate(0, 5, 20)).toEqual({ page: 1, pages: 1, perPage: 20, offset: 0, total: 0 });
	});
});

describe('pageHref', () => {
	it('keeps the other parameters and sets the page', () => {
		const search = new URLSearchParams('action=user.signin&page=2');
		expect(pageHref('/admin/audit', search, 3)).toBe('/admin/audit?action=user.signin&page=3');
	});

	it('leaves out the one-time notice parameter', () => {
		expect(pageHref('/n', new URLSearchParams('done=all_read&page=1'), 2)).toBe('/n?page=2');
	});

	it('drops the page parameter for page 1', () => {
		expect(pageHref('/notifications', new URLSearchParams('page=4'), 1)).toBe('/notifications');
		expect(pageHref('/x', new URLSearchParams('q=a&page=2'), 1)).toBe('/x?q=a');
	});
});

describe('queryWithout', () => {
	it('removes the given keys and keeps the rest', () => {
		expect(
			queryWithout(new URLSearchParams('q=a&done=granted&who=x&page=2'), ['done', 'who'])
		).toBe('q=a&page=2');
	});
});
