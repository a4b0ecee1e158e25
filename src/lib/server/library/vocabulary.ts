/** The managed vocabularies' starting terms, taken from the source documents. Admins add more. */
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../../db/client';
import { libraryTerms, vocabularies, type Vocabulary } from '../../../../db/schema';
import { audit } from '../audit';

export interface SeedTerm {
	vocabulary: Vocabulary;
	slug: string;
	labelDa: string;
	labelEn: string;
}

export const seedTerms: SeedTerm[] = [
	{ vocabulary: 'theme', slug: 'fleksjob', labelDa: 'Fleksjob', labelEn: 'Flex jobs' },
	{
		vocabulary: 'theme',
		slug: 'ressourceforloeb',
		labelDa: 'Ressourceforløb',
		labelEn: 'Rehabilitation programmes'
	},
	{
		vocabulary: 'theme',
		slug: 'afknopning',
		labelDa: 'Afknopning',
		labelEn: 'Spin-offs from the municipality'
	},
	{
		vocabulary: 'theme',
		slug: 'landdistrikter',
		labelDa: 'Landdistrikter',
		labelEn: 'Rural areas'
	},
	{
		vocabulary: 'theme',
		slug: 'indkoeb-udbud',
		labelDa: 'Indkøb og udbud',
		labelEn: 'Procurement'
	},
	{ vocabulary: 'theme', slug: 'partnerskab', labelDa: 'Partnerskaber', labelEn: 'Partnerships' },
	{
		vocabulary: 'theme',
		slug: 'effektmaaling',
		labelDa: 'Effektmåling',
		labelEn: 'Impact measurement'
	},
	{
		vocabulary: 'theme',
		slug: 'raadgivning',
		labelDa: 'Rådgivning og iværksætteri',
		labelEn: 'Advice and entrepreneurship'
	},
	{ vocabulary: 'theme', slug: 'netvaerk', labelDa: 'Netværk', labelEn: 'Networks' },
	{
		vocabulary: 'theme',
		slug: 'strategi',
		labelDa: 'Strategi og politik',
		labelEn: 'Strategy and policy'
	},
	{
		vocabulary: 'theme',
		slug: 'boligomraader',
		labelDa: 'Udsatte boligområder',
		labelEn: 'Deprived housing areas'
	},
	{ vocabulary: 'target_group', slug: 'unge', labelDa: 'Unge', labelEn: 'Young people' },
	{
		vocabulary: 'target_group',
		slug: 'udsatte-borgere',
		labelDa: 'Udsatte borgere',
		labelEn: 'Vulnerable citizens'
	},
	{ vocabulary: 'target_group', slug: 'ledige', labelDa: 'Ledige', labelEn: 'Unemployed people' },
	{
		vocabulary: 'target_group',
		slug: 'nedsat-arbejdsevne',
		labelDa: 'Borgere med nedsat arbejdsevne',
		labelEn: 'People with reduced working capacity'
	},
	{
		vocabulary: 'target_group',
		slug: 'flygtninge',
		labelDa: 'Flygtninge og indvandrere',
		labelEn: 'Refugees and immigrants'
	},
	{
		vocabulary: 'target_group',
		slug: 'handicap',
		labelDa: 'Borgere med handicap',
		labelEn: 'People with disabilities'
	},
	{
		vocabulary: 'target_group',
		slug: 'psykisk-saarbare',
		labelDa: 'Psykisk sårbare',
		labelEn: 'People with mental-health problems'
	},
	{
		vocabulary: 'target_group',
		slug: 'virksomheder',
		labelDa: 'Virksomheder',
		labelEn: 'Enterprises'
	}
];

/** Managing the vocabularies (admins): add, rename, retire and reinstate terms, each audited. */
export interface ManagedTerm {
	id: string;
	vocabulary: Vocabulary;
	slug: string;
	labelDa: string;
	labelEn: string;
	retiredAt: Date | null;
	entries: number;
}

export type TermError = 'required' | 'too_long' | 'invalid' | 'taken' | 'not_found';
export const TERM_LABEL_MAX = 80;

export async function listTerms(db: Db): Promise<ManagedTerm[]> {
	const rows = await queryRows<{
		id: string;
		vocabulary: Vocabulary;
		slug: string;
		label_da: string;
		label_en: string;
		retired_at: string | Date | null;
		entries: number | string;
	}>(
		db,
		sql`select t.id, t.vocabulary, t.slug, t.label_da, t.label_en, t.retired_at,
			(select count(*) from case_terms ct where ct.term_id = t.id) as entries
		from library_terms t order by t.vocabulary, t.label_da`
	);
	return rows.map((r) => ({
		id: r.id,
		vocabulary: r.vocabulary,
		slug: r.slug,
		labelDa: r.label_da,
		labelEn: r.label_en,
		retiredAt: r.retired_at ? new Date(r.retired_at) : null,
		entries: Number(r.entries)
	}));
}

/** A slug from a Danish label: æ → ae, ø → oe, å → aa, other letters and digits kept. */
export function slugify(label: string): string {
	return label
		.toLowerCase()
		.replaceAll('æ', 'ae')
		.replaceAll('ø', 'oe')
		.replaceAll('å', 'aa')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60);
}

function labels(input: { labelDa: string; labelEn: string }, errors: Record<string, TermError>) {
	const labelDa = input.labelDa.replace(/\s+/g, ' ').trim();
	const labelEn = input.labelEn.replace(/\s+/g, ' ').trim() || labelDa;
	if (!labelDa) errors.labelDa = 'required';
	else if (labelDa.length > TERM_LABEL_MAX) errors.labelDa = 'too_long';
	if (labelEn.length > TERM_LABEL_MAX) errors.labelEn = 'too_long';
	return { labelDa, labelEn };
}

type TermResult = { ok: true; id: string } | { ok: false; errors: Record<string, TermError> };

export async function addTerm(
	db: Db,
	actorId: string,
	input: { vocabulary: string; labelDa: string; labelEn: string }
): Promise<TermResult> {
	const errors: Record<string, TermError> = {};
	if (!(vocabularies as readonly string[]).includes(input.vocabulary))
		errors.vocabulary = 'invalid';
	const { labelDa, labelEn } = labels(input, errors);
	const slug = slugify(labelDa);
	if (labelDa && !slug && !errors.labelDa) errors.labelDa = 'invalid';
	if (Object.keys(errors).length) return { ok: false, errors };
	const vocabulary = input.vocabulary as Vocabulary;
	const [taken] = await db
		.select({ id: libraryTerms.id })
		.from(libraryTerms)
		.where(and(eq(libraryTerms.vocabulary, vocabulary), eq(libraryTerms.slug, slug)));
	if (taken) return { ok: false, errors: { labelDa: 'taken' } };
	const id = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(libraryTerms)
			.values({ vocabulary, slug, labelDa, labelEn })
			.returning({ id: libraryTerms.id });
		await audit(tx as Db, {
			actorId,
			action: 'library.term.add',
			targetType: 'library_term',
			targetId: row.id,
			details: { vocabulary, slug, labelDa, labelEn }
		});
		return row.id;
	});
	return { ok: true, id };
}

/**
 * Renames a term (its labels; the slug in links and the API stays) and refreshes the searchable
 * labels of the entries that have it.
 */
export async function renameTerm(
	db: Db,
	actorId: string,
	id: string,
	input: { labelDa: string; labelEn: string }
): Promise<TermResult> {
	const errors: Record<string, TermError> = {};
	const next = labels(input, errors);
	if (Object.keys(errors).length) return { ok: false, errors };
	return db.transaction(async (tx) => {
		const [old] = await tx.select().from(libraryTerms).where(eq(libraryTerms.id, id));
		if (!old) return { ok: false, errors: { id: 'not_found' } } as const;
		await tx.update(libraryTerms).set(next).where(eq(libraryTerms.id, id));
		await tx.execute(sql`update cases c set search_terms = concat_ws(' ',
				(select string_agg(t.label_da || ' ' || t.label_en, ' ' order by t.label_da)
					from case_terms ct join library_terms t on t.id = ct.term_id where ct.case_id = c.id),
				(select string_agg(p.name, ' ') from case_partners p where p.case_id = c.id))
			where c.id in (select case_id from case_terms where term_id = ${id})`);
		await audit(tx as Db, {
			actorId,
			action: 'library.term.rename',
			targetType: 'library_term',
			targetId: id,
			details: { from: { labelDa: old.labelDa, labelEn: old.labelEn }, to: next }
		});
		return { ok: true, id } as const;
	});
}

/** Retires (or reinstates) a term: it stays on the entries that have it but cannot be chosen. */
export async function setRetired(
	db: Db,
	actorId: string,
	id: string,
	retired: boolean
): Promise<TermResult> {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.update(libraryTerms)
			.set({ retiredAt: retired ? new Date() : null })
			.where(eq(libraryTerms.id, id))
			.returning({ slug: libraryTerms.slug, vocabulary: libraryTerms.vocabulary });
		if (!row) return { ok: false, errors: { id: 'not_found' } } as const;
		await audit(tx as Db, {
			actorId,
			action: retired ? 'library.term.retire' : 'library.term.reinstate',
			targetType: 'library_term',
			targetId: id,
			details: { vocabulary: row.vocabulary, slug: row.slug }
		});
		return { ok: true, id } as const;
	});
}
