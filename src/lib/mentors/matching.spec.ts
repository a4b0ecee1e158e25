import { describe, expect, it } from 'vitest';
import { descriptionWords, meetsFilters, rank, score, type Candidate } from './matching';

const base: Candidate = {
	expertise: [],
	sectors: [],
	languages: ['da'],
	regionCode: '1083',
	available: true
};
const mentor = (name: string, over: Partial<Candidate> = {}) => ({ ...base, name, ...over });

describe('score', () => {
	it('adds the weight of every need the mentor meets and names each one as a reason', () => {
		const result = score(
			{ ...base, expertise: ['financing', 'procurement'], languages: ['da', 'ar'] },
			{ tags: ['financing', 'impact_measurement'], regionCodes: ['1083'], languages: ['ar'] }
		);
		expect(result.score).toBe(3 + 2 + 2);
		expect(result.reasons).toEqual([
			{ kind: 'tag', value: 'financing' },
			{ kind: 'region', value: '1083' },
			{ kind: 'language', value: 'ar' }
		]);
	});

	it('counts a tag asked for twice only once', () => {
		expect(
			score({ ...base, expertise: ['financing'] }, { tags: ['financing', 'financing'] }).score
		).toBe(3);
	});

	it('counts a language once however many of the chosen ones the mentor speaks, naming each', () => {
		const result = score(
			{ ...base, languages: ['da', 'en', 'ar'] },
			{ tags: [], languages: ['en', 'ar'] }
		);
		expect(result.score).toBe(2);
		expect(result.reasons.map((r) => r.value)).toEqual(['en', 'ar']);
	});

	it('adds a point and a reason for every word of the description the profile contains', () => {
		const result = score({ ...base, textMatches: ['café', 'fleksjob'] }, { tags: [] });
		expect(result.score).toBe(2);
		expect(result.reasons).toEqual([
			{ kind: 'text', value: 'café' },
			{ kind: 'text', value: 'fleksjob' }
		]);
	});
});

describe('meetsFilters', () => {
	it('needs one of the chosen values of every filter that has a choice', () => {
		const m = { ...base, expertise: ['financing'], sectors: ['food_cafe'], languages: ['da'] };
		expect(meetsFilters(m, { tags: [] })).toBe(true);
		expect(meetsFilters(m, { tags: ['financing', 'procurement'] })).toBe(true);
		expect(meetsFilters(m, { tags: ['financing'], regionCodes: ['1081', '1083'] })).toBe(true);
		expect(meetsFilters(m, { tags: ['financing'], regionCodes: ['1081'] })).toBe(false);
		expect(meetsFilters(m, { tags: ['procurement'], sectors: ['food_cafe'] })).toBe(false);
		expect(meetsFilters(m, { tags: [], languages: ['en', 'ar'] })).toBe(false);
		expect(meetsFilters(m, { tags: [], sectors: ['food_cafe', 'services'] })).toBe(true);
	});
});

describe('rank', () => {
	it('leaves out mentors failing a filter and puts the one who meets most needs first', () => {
		const ranked = rank(
			[
				mentor('Bo', { expertise: ['financing'] }),
				mentor('Ane', { expertise: ['financing', 'procurement'] }),
				mentor('Cai', { expertise: ['governance'], regionCode: '1081' })
			],
			{ tags: ['financing', 'procurement'] }
		);
		expect(ranked.map((r) => r.item.name)).toEqual(['Ane', 'Bo']);
	});

	it('orders the listed by the description’s words when the filters tie', () => {
		const ranked = rank(
			[
				mentor('Ane', { expertise: ['financing'] }),
				mentor('Bo', { expertise: ['financing'], textMatches: ['café'] })
			],
			{ tags: ['financing'] }
		);
		expect(ranked.map((r) => [r.item.name, r.score])).toEqual([
			['Bo', 4],
			['Ane', 3]
		]);
	});

	it('sinks a mentor without open slots below every available one, whatever the score', () => {
		const ranked = rank(
			[
				mentor('Full', { expertise: ['financing', 'procurement'], available: false }),
				mentor('Open', { expertise: ['financing'] })
			],
			{ tags: ['financing', 'procurement'] }
		);
		expect(ranked.map((r) => r.item.name)).toEqual(['Open', 'Full']);
	});

	it('lists everyone by name when no need is given', () => {
		const ranked = rank([mentor('Æble'), mentor('Anna'), mentor('Bent')], { tags: [] });
		expect(ranked.map((r) => r.item.name)).toEqual(['Anna', 'Bent', 'Æble']);
	});
});

describe('descriptionWords', () => {
	it('splits a description into distinct lower-case words, dropping punctuation and single letters', () => {
		expect(descriptionWords('Café med fleksjob, i Kolding: café-drift!')).toEqual([
			'café',
			'med',
			'fleksjob',
			'kolding',
			'café-drift'
		]);
	});
});
