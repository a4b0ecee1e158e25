import { describe, expect, it } from 'vitest';
import { colourFor } from './colour';

describe('colourFor', () => {
	it('gives one person the same colour every time, and spreads people over the palette', () => {
		expect(colourFor('a1b2')).toBe(colourFor('a1b2'));
		const colours = new Set(
			Array.from({ length: 40 }, (_, i) =>
				colourFor(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)
			)
		);
		expect(colours.size).toBeGreaterThan(4);
		for (const c of colours) expect(c).toMatch(/^#[0-9a-f]{6}$/);
	});
});
