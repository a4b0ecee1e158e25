/**
 * The open-data API's shapes: list items, CSV and Atom, and the helpers its endpoints share.
 * The list, CSV and feed show published `public` entries only, whoever asks.
 */
import { json } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../../db/client';
import type { Entry } from './entries';
import { facetLabels, search, type SearchParams, type SearchResult } from './search';
import { toCsv } from '../core';

export function apiError(status: number, message: string, errors?: Record<string, string>) {
	return json({ error: message, ...(errors ? { errors } : {}) }, { status });
}

/** Checks theme and target filters against the vocabularies (the API reports unknown terms). */
export async function unknownTerms(db: Db, p: SearchParams): Promise<Record<string, string>> {
	const labels = await facetLabels(db);
	const errors: Record<string, string> = {};
	const themes = new Set(labels.themes.map((t) => t.slug));
	const targets = new Set(labels.targetGroups.map((t) => t.slug));
	const badTheme = p.filters.theme.find((t) => !themes.has(t));
	const badTarget = p.filters.target.find((t) => !targets.has(t));
	if (badTheme) errors.theme = `unknown theme: ${badTheme.slice(0, 40)}`;
	if (badTarget) errors.target = `unknown target group: ${badTarget.slice(0, 40)}`;
	return errors;
}

interface Figures {
	jobsCreated: number | null;
	flexJobs: number | null;
	peopleInTraining: number | null;
	peopleInRessourceforloeb: number | null;
	sroiRatio: number | null;
}

/** Impact figures and partners of a page of entries: two queries, whatever the page size. */
async function figuresAndPartners(db: Db, ids: string[]) {
	const partners = new Map<string, { name: string; role: string }[]>();
	if (!ids.length) return { figures: new Map<string, Figures>(), partners };
	const list = sql.join(
		ids.map((id) => sql`${id}`),
		sql`, `
	);
	const [figureRows, partnerRows] = await Promise.all([
		queryRows<{
			id: string;
			jobs_created: number | null;
			flex_jobs: number | null;
			people_in_training: number | null;
			people_in_ressourceforloeb: number | null;
			sroi_ratio: string | number | null;
		}>(
			db,
			sql`select id, jobs_created, flex_jobs, people_in_training, people_in_ressourceforloeb, sroi_ratio
				from cases where id in (${list})`
		),
		queryRows<{ case_id: string; name: string; role: string }>(
			db,
			sql`select case_id, name, role from case_partners where case_id in (${list})
				order by case_id, position`
		)
	]);
	const num = (v: string | number | null) => (v === null ? null : Number(v));
	const figures = new Map<string, Figures>(
		figureRows.map((r) => [
			r.id,
			{
				jobsCreated: num(r.jobs_created),
				flexJobs: num(r.flex_jobs),
				peopleInTraining: num(r.people_in_training),
				peopleInRessourceforloeb: num(r.people_in_ressourceforloeb),
				sroiRatio: num(r.sroi_ratio)
			}
		])
	);
	for (const r of partnerRows) {
		const at = partners.get(r.case_id) ?? [];
		at.push({ name: r.name, role: r.role });
		partners.set(r.case_id, at);
	}
	return { figures, partners };
}

const NO_FIGURES: Figures = {
	jobsCreated: null,
	flexJobs: null,
	peopleInTraining: null,
	peopleInRessourceforloeb: null,
	sroiRatio: null
};

export async function publicList(db: Db, p: SearchParams, origin: string) {
	const result: SearchResult = await search(db, null, p);
	const { figures, partners } = await figuresAndPartners(
		db,
		result.items.map((i) => i.id)
	);
	return {
		items: result.items.map((i) => ({
			id: i.id,
			kind: i.kind,
			title: i.title,
			summary: i.summary,
			organisation: i.organisationName,
			municipalities: i.municipalities,
			themes: i.themes.map((t) => t.slug),
			year: i.year,
			period: { start: i.periodStart, end: i.periodEnd },
			impact: figures.get(i.id) ?? NO_FIGURES,
			partners: partners.get(i.id) ?? [],
			publishedAt: i.publishedAt,
			url: `${origin}/library/${i.id}`
		})),
		total: result.total,
		approximate: result.approximate,
		page: result.page,
		perPage: result.perPage,
		facets: result.facets
	};
}

export function entryJson(e: Entry, origin: string) {
	return {
		id: e.id,
		kind: e.kind,
		status: e.status,
		scope: e.scope,
		language: e.language,
		title: e.title,
		summary: e.summary,
		organisation: { id: e.organisationId, name: e.organisationName },
		municipalities: e.municipalities.map((m) => ({ code: m.code, name: m.name })),
		themes: e.themes.map((t) => t.slug),
		targetGroups: e.targetGroups.map((t) => t.slug),
		partners: e.partners.map((p) => ({
			name: p.name,
			role: p.role,
			description: p.description,
			organisationId: p.organisationId,
			organisationKind: p.organisationKind
		})),
		period: { start: e.periodStart, end: e.periodEnd },
		impact: {
			jobsCreated: e.jobsCreated,
			flexJobs: e.flexJobs,
			peopleInTraining: e.peopleInTraining,
			peopleInRessourceforloeb: e.peopleInRessourceforloeb,
			sroiRatio: e.sroiRatio === null ? null : Number(e.sroiRatio),
			indicators: e.indicators.map((x) => ({
				label: x.label,
				value: Number(x.value),
				unit: x.unit,
				period: x.period,
				source: x.source
			}))
		},
		authors: e.authors.map((a) => ({ name: a.name, role: a.role })),
		bodyHtml: e.bodyHtml,
		bodyText: e.bodyText,
		publishedAt: e.publishedAt?.toISOString() ?? null,
		updatedAt: e.updatedAt.toISOString(),
		url: `${origin}/library/${e.id}`
	};
}

export function listCsv(list: Awaited<ReturnType<typeof publicList>>): string {
	const header = [
		'id',
		'kind',
		'title',
		'summary',
		'organisation',
		'municipality_codes',
		'municipalities',
		'themes',
		'year',
		'jobs_created',
		'flex_jobs',
		'people_in_training',
		'people_in_ressourceforloeb',
		'sroi_ratio',
		'partners',
		'published_at',
		'url'
	];
	return toCsv(
		header,
		list.items.map((i) => [
			i.id,
			i.kind,
			i.title,
			i.summary,
			i.organisation,
			i.municipalities.map((m) => m.code).join(' '),
			i.municipalities.map((m) => m.name).join('; '),
			i.themes.join(' '),
			i.year,
			i.impact.jobsCreated,
			i.impact.flexJobs,
			i.impact.peopleInTraining,
			i.impact.peopleInRessourceforloeb,
			// SROI as written in the reports: 1:n.
			i.impact.sroiRatio === null ? null : `1:${i.impact.sroiRatio}`,
			i.partners.map((x) => x.name).join('; '),
			i.publishedAt,
			i.url
		])
	);
}

function xml(s: string): string {
	return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function toAtom(
	rows: {
		id: string;
		title: string;
		summary: string;
		published_at: string | Date;
		updated_at: string | Date;
		organisation_name: string;
	}[],
	origin: string
): string {
	const updated = rows[0]
		? new Date(rows[0].published_at).toISOString()
		: new Date(0).toISOString();
	const entries = rows
		.map(
			(r) => `  <entry>
    <id>${xml(`${origin}/library/${r.id}`)}</id>
    <title>${xml(r.title)}</title>
    <link href="${xml(`${origin}/library/${r.id}`)}"/>
    <published>${new Date(r.published_at).toISOString()}</published>
    <updated>${new Date(r.updated_at).toISOString()}</updated>
    <author><name>${xml(r.organisation_name)}</name></author>
    <summary>${xml(r.summary)}</summary>
  </entry>`
		)
		.join('\n');
	return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(`${origin}/api/v1/cases.atom`)}</id>
  <title>Videnscenter – erfaringsbibliotek</title>
  <link rel="self" href="${xml(`${origin}/api/v1/cases.atom`)}"/>
  <link href="${xml(`${origin}/library`)}"/>
  <updated>${updated}</updated>
${entries}
</feed>
`;
}
