import { describe, expect, it } from 'vitest';
import { rank, score, type Candidate } from './matching';

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
			{ tags: ['financing', 'impact_measurement'], regionCode: '1083', language: 'ar' }
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
});

describe('rank', () => {
	it('puts the mentor who meets most needs first and leaves out those who meet none', () => {
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
