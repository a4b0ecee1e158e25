import { describe, expect, it } from 'vitest';
import { parseSroi, validateMetadata, type Known } from './validate';
import { markSnippet, parseSearchParams } from './search';

const known: Known = {
	themes: new Set(['fleksjob']),
	targetGroups: new Set(['unge']),
	municipalities: new Set(['621', '330']),
	networks: new Set(['00000000-0000-4000-8000-000000000001'])
};

describe('entry metadata validation', () => {
	it('accepts a complete entry and reads SROI written as 1:8', () => {
		const { value, errors } = validateMetadata(
			{
				kind: 'case',
				title: ' Café ',
				themes: ['fleksjob'],
				municipalities: '621,330',
				sroiRatio: '1 : 8,5',
				flexJobs: '10'
			},
			known
		);
		expect(errors).toEqual({});
		expect(value).toMatchObject({
			title: 'Café',
			municipalities: ['621', '330'],
			sroiRatio: 8.5,
			flexJobs: 10
		});
	});

	it('reports empty and over-long titles, unknown terms, negative counts and SROI ≤ 0', () => {
		expect(validateMetadata({ kind: 'case', title: '' }, known).errors.title).toBe('required');
		expect(validateMetadata({ kind: 'case', title: 'x'.repeat(201) }, known).errors.title).toBe(
			'too_long'
		);
		const { errors } = validateMetadata(
			{
				kind: 'case',
				title: 't',
				themes: ['ukendt'],
				flexJobs: -1,
				jobsCreated: '2.5',
				sroiRatio: '1:0'
			},
			known
		);
		expect(errors).toMatchObject({
			themes: 'unknown',
			flexJobs: 'negative',
			jobsCreated: 'invalid',
			sroiRatio: 'not_positive'
		});
		expect(parseSroi('abc')).toBe('invalid');
		expect(parseSroi('-3')).toBe('not_positive');
	});

	it('requires a network for a network-scoped entry and an end after the start', () => {
		const { errors } = validateMetadata(
			{
				kind: 'case',
				title: 't',
				scope: 'network',
				periodStart: '2016-01-01',
				periodEnd: '2015-01-01'
			},
			known
		);
		expect(errors).toMatchObject({ networks: 'required', periodEnd: 'period_order' });
	});
});

describe('search parameters', () => {
	it('rejects malformed paging in strict mode and clamps it for pages', () => {
		expect(parseSearchParams(new URLSearchParams('per_page=10000'), true).ok).toBe(false);
		expect(parseSearchParams(new URLSearchParams('page=-1'), true).ok).toBe(false);
		const lenient = parseSearchParams(new URLSearchParams('per_page=10000&page=-1&kind=novel'));
		expect(lenient.ok && lenient.value).toMatchObject({
			perPage: 100,
			page: 1,
			filters: { kind: [] }
		});
	});

	it('keeps tsquery syntax as plain text and sorts by date without a query', () => {
		const p = parseSearchParams(new URLSearchParams({ q: "  fleksjob & !café:*  '; drop" }));
		expect(p.ok && p.value.q).toBe("fleksjob & !café:* '; drop");
		const empty = parseSearchParams(new URLSearchParams());
		expect(empty.ok && empty.value.sort).toBe('date');
	});

	it('escapes snippet text and marks only the matched words', () => {
		expect(markSnippet('<b>\u0001fleksjob\u0002</b>')).toBe(
			'&#60;b&#62;<mark>fleksjob</mark>&#60;/b&#62;'
		);
	});
});
