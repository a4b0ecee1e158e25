/**
 * Library search: Danish full text (weighted title > summary, themes, partners > body) plus trigram
 * word similarity on title and names, so "Jamerbugt" still finds Jammerbugt. Facets count the
 * matching entries the viewer may see. Runs the same SQL on PGlite and PostgreSQL.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../../../db/client';
import { caseKinds, organisationKinds } from '../../../../db/schema';
import { visibleSql, type Viewer } from './access';

export const PER_PAGE_DEFAULT = 20;
export const PER_PAGE_MAX = 100;
export const Q_MAX = 200;
/** Facet counts and the total are exact up to this many matches, estimated above it. */
export const FACET_SAMPLE = 300;
/** Relevance ranking looks at this many matching entries (more when paging further). */
export const RANK_CANDIDATES = 200;
/** Date-ordered results with at most this many (estimated) matches are collected and sorted. */
const SORT_COLLECT = 5000;

export const facetNames = [
	'kind',
	'municipality',
	'region',
	'theme',
	'target',
	'partner_kind',
	'year'
] as const;
export type FacetName = (typeof facetNames)[number];

export interface SearchParams {
	q: string;
	filters: Record<FacetName, string[]>;
	sort: 'relevance' | 'date';
	page: number;
	perPage: number;
}

export interface SearchItem {
	id: string;
	kind: string;
	title: string;
	summary: string;
	/** HTML-escaped text with the matched words in <mark>. */
	snippet: string;
	organisationName: string;
	publishedAt: string | null;
	year: number | null;
	periodStart: string | null;
	periodEnd: string | null;
	municipalities: { code: string; name: string }[];
	themes: { slug: string; labelDa: string; labelEn: string }[];
	rank: number;
}

export type Facets = Record<FacetName, { value: string; count: number }[]>;

export interface SearchResult {
	items: SearchItem[];
	total: number;
	/**
	 * True when more entries match than FACET_SAMPLE: the total is then the planner's estimate and
	 * the facet counts are scaled from a sample of the matches (the pages say "about").
	 */
	approximate: boolean;
	facets: Facets;
	page: number;
	perPage: number;
}

/** Which query parameter each facet is filtered by (the API documents the same names). */
const PARAM: Record<FacetName, string> = {
	kind: 'kind',
	municipality: 'municipality',
	region: 'region',
	theme: 'theme',
	target: 'target',
	partner_kind: 'partner_kind',
	year: 'year'
};

function emptyFilters(): Record<FacetName, string[]> {
	return Object.fromEntries(facetNames.map((f) => [f, []])) as unknown as Record<
		FacetName,
		string[]
	>;
}

/** A query value with every control character turned into a space. */
function plain(value: string): string {
	// eslint-disable-next-line no-control-regex -- finding control characters is the point
	return value.replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/**
 * Reads search parameters. `strict` (the API) reports malformed paging and unknown kinds as
 * errors; the pages clamp instead. `q` is always plain text: it never reaches SQL unescaped.
 */
export function parseSearchParams(
	params: URLSearchParams,
	strict = false
): { ok: true; value: SearchParams } | { ok: false; errors: Record<string, string> } {
	const errors: Record<string, string> = {};
	// Control characters (PostgreSQL refuses NUL in text) separate words like spaces do.
	const q = plain(params.get('q') ?? '')
		.replace(/\s+/g, ' ')
		.trim();
	if (q.length > Q_MAX) {
		if (strict) errors.q = `at most ${Q_MAX} characters`;
	}
	const filters = emptyFilters();
	for (const f of facetNames) {
		filters[f] = [
			...new Set(
				params
					.getAll(PARAM[f])
					.flatMap((v) => plain(v).split(','))
					.map((v) => v.trim())
					.filter(Boolean)
					.slice(0, 50)
			)
		];
	}
	const checks: [FacetName, (v: string) => boolean][] = [
		['kind', (v) => (caseKinds as readonly string[]).includes(v)],
		['partner_kind', (v) => (organisationKinds as readonly string[]).includes(v)],
		['year', (v) => /^\d{4}$/.test(v)],
		['municipality', (v) => /^\d{3}$/.test(v)],
		['region', (v) => /^\d{4}$/.test(v)]
	];
	for (const [f, ok] of checks) {
		const bad = filters[f].filter((v) => !ok(v));
		if (bad.length) {
			if (strict) errors[PARAM[f]] = `unknown value: ${bad[0].slice(0, 40)}`;
			filters[f] = filters[f].filter(ok);
		}
	}
	const int = (name: string, fallback: number, min: number, max: number): number => {
		const raw = params.get(name);
		if (raw === null || raw === '') return fallback;
		const n = Number(raw);
		if (!Number.isInteger(n) || n < min || n > max) {
			if (strict) errors[name] = `must be a whole number from ${min} to ${max}`;
			return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
		}
		return n;
	};
	const page = int('page', 1, 1, 10_000);
	const perPage = int('per_page', PER_PAGE_DEFAULT, 1, PER_PAGE_MAX);
	const sortRaw = params.get('sort') ?? '';
	if (sortRaw && sortRaw !== 'relevance' && sortRaw !== 'date' && strict)
		errors.sort = 'relevance or date';
	const sort = sortRaw === 'date' || (!q && sortRaw !== 'relevance') ? 'date' : 'relevance';
	if (Object.keys(errors).length) return { ok: false, errors };
	return { ok: true, value: { q: q.slice(0, Q_MAX), filters, sort, page, perPage } };
}

const list = (values: string[]) =>
	sql.join(
		values.map((v) => sql`${v}`),
		sql`, `
	);

/** A facet key as the triggers write it into `cases.facet_keys` (db/sql/library.sql). */
const facetKey = (facet: FacetName, value: string) => `${facet}:${value}`;

/**
 * Filters: values of one facet are alternatives (any of them), different facets all apply. Each is
 * one overlap test on the GIN-indexed `facet_keys` array.
 */
function filterSql(filters: Record<FacetName, string[]>): SQL[] {
	const out: SQL[] = [];
	for (const facet of facetNames) {
		const values = facet === 'year' ? filters[facet].map((v) => String(Number(v))) : filters[facet];
		if (values.length)
			out.push(sql`c.facet_keys && array[${list(values.map((v) => facetKey(facet, v)))}]::text[]`);
	}
	return out;
}

const START = '\u0001';
const STOP = '\u0002';

function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Escapes the headline and turns the sentinels ts_headline placed around matches into <mark>. */
export function markSnippet(raw: string): string {
	return escapeHtml(raw).replaceAll(START, '<mark>').replaceAll(STOP, '</mark>');
}

function shorten(text: string, max = 240): string {
	if (text.length <= max) return text;
	const cut = text.slice(0, max);
	return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))} …`;
}

export async function search(
	db: Db,
	viewer: Viewer | null,
	p: SearchParams
): Promise<SearchResult> {
	const fuzzy = (p.q.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= 4;
	let found = await query(db, viewer, p, 'text');
	// Trigram similarity is the fallback for misspellings ("Jamerbugt"): only when the words match
	// nothing, because OR-ing it into every query defeats the full-text index on large libraries.
	if (p.q && fuzzy && found.total === 0) found = await query(db, viewer, p, 'fuzzy');
	return finish(db, p, found);
}

async function query(db: Db, viewer: Viewer | null, p: SearchParams, mode: 'text' | 'fuzzy') {
	const q = p.q;
	const tsq = sql`websearch_to_tsquery('danish', ${q})`;
	const where: SQL[] = [visibleSql(viewer), ...filterSql(p.filters)];
	if (q)
		where.push(mode === 'fuzzy' ? sql`c.names %> ${q.toLowerCase()}` : sql`c.search @@ ${tsq}`);
	const whereSql = sql.join(where, sql` and `);
	const rank = !q
		? sql`0`
		: mode === 'fuzzy'
			? sql`word_similarity(${q.toLowerCase()}, c.names)`
			: // Ranked by the small head vector (title A, summary and terms B), so ranking never
				// detoasts the full vector with the body; `search` is the indexed filter.
				sql`ts_rank_cd(c.search_head, ${tsq}, 32)`;
	const byRank = p.sort === 'relevance' && q;
	const order = byRank
		? sql`rank desc, c.published_at desc nulls last, c.id`
		: sql`c.published_at desc nulls last, c.id`;
	const offset = (p.page - 1) * p.perPage;

	// Counts in one pass over at most FACET_SAMPLE + 1 matches: exact below, a sample above.
	const facetRows = await queryRows<{ k: string; n: number | string }>(
		db,
		sql`with m as materialized (select c.facet_keys from cases c where ${whereSql} limit ${FACET_SAMPLE + 1})
		select '' as k, count(*) as n from m
		union all select k, count(*) from m, unnest(m.facet_keys) as k group by k`
	);
	let sampled = 0;
	const facetCounts: { f: string; v: string; n: number }[] = [];
	for (const r of facetRows) {
		if (r.k === '') sampled = Number(r.n);
		else {
			const at = r.k.indexOf(':');
			facetCounts.push({ f: r.k.slice(0, at), v: r.k.slice(at + 1), n: Number(r.n) });
		}
	}
	let total = sampled;
	const approximate = sampled > FACET_SAMPLE;
	if (approximate) {
		// Above the sample size no COUNT(*) over everything: the planner's row estimate (never
		// below what the sample already saw), and facet counts scaled from the sample.
		const estimated = await estimateRows(db, sql`select 1 from cases c where ${whereSql}`);
		total = Math.max(sampled, estimated);
		const scale = total / sampled;
		for (const c of facetCounts) c.n = Math.max(1, Math.round(c.n * scale));
	}

	// Relevance: rank a bounded candidate set, so a broad word does not rank every matching entry.
	// Date order: few matches are collected and sorted; many walk the (published_at desc, id) index
	// and stop after the page (walking for few matches could read the whole index first, e.g. an
	// old year).
	const candidates = Math.max(RANK_CANDIDATES, offset + p.perPage);
	const narrowed = where.length > 1 && total <= SORT_COLLECT;
	const pageSql = byRank
		? sql`with cand as materialized (
				select c.id, c.published_at, ${rank} as rank from cases c where ${whereSql} limit ${candidates})
			select id, rank, published_at from cand order by rank desc, published_at desc nulls last, id
			limit ${p.perPage} offset ${offset}`
		: narrowed
			? sql`with m as materialized (select c.id, c.published_at from cases c where ${whereSql})
				select id, 0 as rank, published_at from m order by published_at desc nulls last, id
				limit ${p.perPage} offset ${offset}`
			: sql`select c.id, ${rank} as rank, c.published_at from cases c where ${whereSql}
				order by ${order} limit ${p.perPage} offset ${offset}`;

	const rows = await queryRows<Row>(
		db,
		sql`with page as (${pageSql})
		select c.id, c.kind, c.title, c.summary, o.name as organisation_name, c.published_at, c.year,
			c.period_start::text as period_start, c.period_end::text as period_end, page.rank::float8 as rank,
			${
				q && mode === 'text'
					? sql`ts_headline('danish', c.summary || ' ' || left(c.body_text, 4000), ${tsq},
						${`StartSel=${START}, StopSel=${STOP}, MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … "`})`
					: sql`null`
			} as snippet
		from page join cases c on c.id = page.id join organisations o on o.id = c.organisation_id
		order by ${byRank ? sql`page.rank desc, c.published_at desc nulls last, c.id` : sql`c.published_at desc nulls last, c.id`}`
	);
	return { rows, facetRows: facetCounts, total, approximate };
}

/** The planner's row estimate for a query (EXPLAIN only plans it). */
async function estimateRows(db: Db, query: SQL): Promise<number> {
	const rows = await queryRows<Record<string, unknown>>(db, sql`explain (format json) ${query}`);
	let plan = Object.values(rows[0] ?? {})[0];
	if (typeof plan === 'string') plan = JSON.parse(plan);
	const top = (plan as { Plan?: { 'Plan Rows'?: number } }[] | undefined)?.[0]?.Plan;
	return Math.round(Number(top?.['Plan Rows'] ?? 0));
}

interface Row extends Record<string, unknown> {
	id: string;
	kind: string;
	title: string;
	summary: string;
	snippet: string | null;
	organisation_name: string;
	published_at: string | Date | null;
	year: number | null;
	period_start: string | null;
	period_end: string | null;
	rank: number;
}

async function finish(
	db: Db,
	p: SearchParams,
	{ rows, facetRows, total, approximate }: Awaited<ReturnType<typeof query>>
): Promise<SearchResult> {
	const ids = rows.map((r) => r.id);
	const [munis, themes] = ids.length
		? await Promise.all([
				queryRows<{ case_id: string; code: string; name: string }>(
					db,
					sql`select cm.case_id, mu.code, mu.name from case_municipalities cm join municipalities mu on mu.code = cm.municipality_code where cm.case_id in (${list(ids)}) order by mu.name`
				),
				queryRows<{ case_id: string; slug: string; label_da: string; label_en: string }>(
					db,
					sql`select ct.case_id, t.slug, t.label_da, t.label_en from case_terms ct join library_terms t on t.id = ct.term_id where ct.case_id in (${list(ids)}) and t.vocabulary = 'theme' order by t.label_da`
				)
			])
		: [[], []];

	const facets = Object.fromEntries(facetNames.map((f) => [f, []])) as unknown as Facets;
	for (const r of facetRows) facets[r.f as FacetName]?.push({ value: r.v, count: r.n });
	for (const f of facetNames) {
		facets[f].sort((a, b) =>
			f === 'year'
				? Number(b.value) - Number(a.value)
				: b.count - a.count || a.value.localeCompare(b.value)
		);
	}

	return {
		total,
		approximate,
		facets,
		page: p.page,
		perPage: p.perPage,
		items: rows.map((r) => ({
			id: r.id,
			kind: r.kind,
			title: r.title,
			summary: r.summary,
			snippet:
				r.snippet && r.snippet.includes(START)
					? markSnippet(r.snippet)
					: escapeHtml(shorten(r.summary)),
			organisationName: r.organisation_name,
			publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
			year: r.year,
			periodStart: r.period_start,
			periodEnd: r.period_end,
			rank: Number(r.rank),
			municipalities: munis
				.filter((x) => x.case_id === r.id)
				.map((x) => ({ code: x.code, name: x.name })),
			themes: themes
				.filter((x) => x.case_id === r.id)
				.map((x) => ({ slug: x.slug, labelDa: x.label_da, labelEn: x.label_en }))
		}))
	};
}

/** Labels for facet values: terms, municipalities, regions (small tables, read per request). */
export async function facetLabels(db: Db) {
	const [terms, munis] = await Promise.all([
		queryRows<{
			vocabulary: string;
			slug: string;
			label_da: string;
			label_en: string;
			retired: boolean;
		}>(
			db,
			sql`select vocabulary, slug, label_da, label_en, retired_at is not null as retired
				from library_terms order by label_da`
		),
		queryRows<{ code: string; name: string; region_code: string; region_name: string }>(
			db,
			sql`select code, name, region_code, region_name from municipalities order by name`
		)
	]);
	return {
		themes: terms.filter((t) => t.vocabulary === 'theme'),
		targetGroups: terms.filter((t) => t.vocabulary === 'target_group'),
		municipalities: munis.map((m) => ({ code: m.code, name: m.name })),
		regions: [...new Map(munis.map((m) => [m.region_code, m.region_name]))].map(([code, name]) => ({
			code,
			name
		}))
	};
}

/** Newest published public entries, for the Atom feed. */
export async function newestPublic(db: Db, limit = 50) {
	return queryRows<{
		id: string;
		title: string;
		summary: string;
		published_at: string | Date;
		updated_at: string | Date;
		organisation_name: string;
	}>(
		db,
		sql`select c.id, c.title, c.summary, c.published_at, c.updated_at, o.name as organisation_name
			from cases c join organisations o on o.id = c.organisation_id
			where c.status = 'published' and c.scope = 'public' order by c.published_at desc nulls last limit ${limit}`
	);
}
