/**
 * The facet keys search filters and counts by are kept by database triggers (db/sql/library.sql):
 * whoever writes an entry, its municipalities, terms or partners, the keys follow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDb } from '../helpers/db';
import {
	caseMunicipalities,
	casePartners,
	cases,
	caseTerms,
	libraryTerms,
	municipalities,
	organisations
} from '../../db/schema';

let handle: Awaited<ReturnType<typeof testDb>>;

beforeAll(async () => {
	handle = await testDb();
});
afterAll(() => handle?.drop());

const keysOf = async (id: string) =>
	(await handle.db.select({ k: cases.facetKeys }).from(cases).where(eq(cases.id, id)))[0].k;

describe('facet keys', () => {
	it('follow the entry, its municipalities (with their region), terms and partners', async () => {
		const db = handle.db;
		await db.insert(municipalities).values([
			{
				code: '621',
				name: 'Kolding',
				officialName: 'Kolding Kommune',
				regionCode: '1083',
				regionName: 'Region Syddanmark'
			},
			{
				code: '101',
				name: 'København',
				officialName: 'Københavns Kommune',
				regionCode: '1084',
				regionName: 'Region Hovedstaden'
			}
		]);
		const [owner, partner] = await db
			.insert(organisations)
			.values([
				{
					kind: 'municipality',
					name: 'Kolding Kommune',
					slug: 'kolding-kommune',
					status: 'approved'
				},
				{ kind: 'university', name: 'Et Universitet', slug: 'et-universitet', status: 'approved' }
			])
			.returning({ id: organisations.id });
		const [theme, target] = await db
			.insert(libraryTerms)
			.values([
				{ vocabulary: 'theme', slug: 'fleksjob', labelDa: 'Fleksjob', labelEn: 'Flex jobs' },
				{ vocabulary: 'target_group', slug: 'unge', labelDa: 'Unge', labelEn: 'Young people' }
			])
			.returning({ id: libraryTerms.id });
		const [entry] = await db
			.insert(cases)
			.values({ kind: 'case', title: 'Café med fleksjob', organisationId: owner.id, year: 2015 })
			.returning({ id: cases.id });
		expect(await keysOf(entry.id)).toEqual(['kind:case', 'year:2015']);

		await db.insert(caseMunicipalities).values({ caseId: entry.id, municipalityCode: '621' });
		await db.insert(caseTerms).values([
			{ caseId: entry.id, termId: theme.id },
			{ caseId: entry.id, termId: target.id }
		]);
		await db
			.insert(casePartners)
			.values({ caseId: entry.id, organisationId: partner.id, name: 'Et Universitet' });
		expect(await keysOf(entry.id)).toEqual([
			'kind:case',
			'municipality:621',
			'partner_kind:university',
			'region:1083',
			'target:unge',
			'theme:fleksjob',
			'year:2015'
		]);

		// Moving the entry to another municipality and kind, and dropping a term, updates the keys.
		await db.delete(caseMunicipalities).where(eq(caseMunicipalities.caseId, entry.id));
		await db.insert(caseMunicipalities).values({ caseId: entry.id, municipalityCode: '101' });
		await db.delete(caseTerms).where(eq(caseTerms.termId, target.id));
		await db.update(cases).set({ kind: 'method_note', year: 2016 }).where(eq(cases.id, entry.id));
		expect(await keysOf(entry.id)).toEqual([
			'kind:method_note',
			'municipality:101',
			'partner_kind:university',
			'region:1084',
			'theme:fleksjob',
			'year:2016'
		]);
	});
});
