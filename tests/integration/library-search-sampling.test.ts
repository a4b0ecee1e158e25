/**
 * Broad queries: up to FACET_SAMPLE matches the total and facet counts are exact; above it the
 * total is an estimate and the counts are scaled from a sample, and the result says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testDb } from '../helpers/db';
import { cases, organisations } from '../../db/schema';
import { FACET_SAMPLE, parseSearchParams, search } from '../../src/lib/server/library/search';

let handle: Awaited<ReturnType<typeof testDb>>;

beforeAll(async () => {
	handle = await testDb();
	const [org] = await handle.db
		.insert(organisations)
		.values({ kind: 'municipality', name: 'Prøve Kommune', slug: 'proeve', status: 'approved' })
		.returning({ id: organisations.id });
	const rows = Array.from({ length: FACET_SAMPLE + 300 }, (_, i) => ({
		kind: i % 2 ? ('case' as const) : ('method_note' as const),
		title: i < 40 ? `Genbrugsværksted nummer ${i}` : `Kantine nummer ${i}`,
		organisationId: org.id,
		status: 'published' as const,
		scope: 'public' as const,
		publishedAt: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000)
	}));
	for (let i = 0; i < rows.length; i += 200)
		await handle.db.insert(cases).values(rows.slice(i, i + 200));
	await handle.db.execute(sql`analyze cases`);
}, 120_000);
afterAll(() => handle?.drop());

const params = (query: string) => {
	const p = parseSearchParams(new URLSearchParams(query));
	if (!p.ok) throw new Error('bad params');
	return p.value;
};

describe('search over many matches', () => {
	it('is exact below the sample size', async () => {
		const r = await search(handle.db, null, params('q=genbrugsværksted'));
		expect(r.approximate).toBe(false);
		expect(r.total).toBe(40);
		expect(r.facets.kind.reduce((s, f) => s + f.count, 0)).toBe(40);
	});

	it('estimates the total and scales facet counts above it, newest first by date', async () => {
		const r = await search(handle.db, null, params(''));
		expect(r.approximate).toBe(true);
		expect(r.total).toBeGreaterThan(FACET_SAMPLE);
		// The planner's estimate after ANALYZE is close to the real number of rows.
		const rows = FACET_SAMPLE + 300;
		expect(r.total).toBeGreaterThan(rows * 0.75);
		expect(r.total).toBeLessThan(rows * 1.25);
		const kinds = r.facets.kind.reduce((s, f) => s + f.count, 0);
		expect(Math.abs(kinds - r.total)).toBeLessThanOrEqual(2);
		expect(r.items[0].title).toBe(`Kantine nummer ${FACET_SAMPLE + 299}`);
		expect(r.items).toHaveLength(20);
	});

	it('ranks a broad word over a bounded candidate set and still returns a full page', async () => {
		const r = await search(handle.db, null, params('q=kantine&per_page=50&page=2'));
		expect(r.approximate).toBe(true);
		expect(r.items).toHaveLength(50);
		expect(r.items.every((i) => i.title.startsWith('Kantine'))).toBe(true);
	});
});
