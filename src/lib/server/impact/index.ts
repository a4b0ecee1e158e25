/**
 * Impact across municipalities: dated snapshots of figures per municipality (a report's table, a
 * municipality's own count) and live figures computed from the park's own data. Free of SvelteKit.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../../db/client';
import {
	impactFigures,
	impactMetrics,
	impactSnapshots,
	memberships,
	municipalities,
	organisations,
	parkEnterprises,
	type ImpactMetric
} from '../../../../db/schema';
import { audit } from '../audit';
import { decode, parseSnapshotCsv, type ParsedFile } from './csv';
import { isUuid, toCsv, type Actor } from '../core';

export type { Actor };

export { decode, impactMetrics, parseSnapshotCsv };
export type { ParsedFile };

/** The id of the live snapshot computed from the platform's data. */
export const LIVE = 'live';

export interface SnapshotRow {
	municipality_code: string;
	municipality: string;
	region: string;
	enterprises_total: number;
	registered: number;
	founded_in_year: number;
	pipeline: number;
	jobs: number | null;
	flex_jobs: number | null;
	sroi: number | null;
}

export interface Snapshot {
	id: string;
	title: string;
	date: string;
	source: string;
	rows: SnapshotRow[];
}

export async function municipalityIndex(db: Db) {
	const rows = await db
		.select({
			code: municipalities.code,
			name: municipalities.name,
			regionName: municipalities.regionName
		})
		.from(municipalities);
	const collator = new Intl.Collator('da');
	return rows.sort((a, b) => collator.compare(a.name, b.name));
}

/** Snapshots, newest first. */
export async function list(db: Db) {
	return db
		.select({
			id: impactSnapshots.id,
			title: impactSnapshots.title,
			date: impactSnapshots.takenOn,
			source: impactSnapshots.source
		})
		.from(impactSnapshots)
		.orderBy(desc(impactSnapshots.takenOn), desc(impactSnapshots.createdAt));
}

/** One stored snapshot with a row per municipality in it, by name. */
export async function get(db: Db, id: string): Promise<Snapshot | null> {
	if (!isUuid(id)) return null;
	const [snap] = await db.select().from(impactSnapshots).where(eq(impactSnapshots.id, id));
	if (!snap) return null;
	const figures = await db
		.select({
			code: impactFigures.municipalityCode,
			name: municipalities.name,
			region: municipalities.regionName,
			metric: impactFigures.metric,
			value: impactFigures.value
		})
		.from(impactFigures)
		.innerJoin(municipalities, eq(municipalities.code, impactFigures.municipalityCode))
		.where(eq(impactFigures.snapshotId, id));
	const byCode = new Map<string, SnapshotRow>();
	for (const f of figures) {
		let row = byCode.get(f.code);
		if (!row) {
			row = emptyRow(f.code, f.name, f.region);
			byCode.set(f.code, row);
		}
		row[f.metric] = f.value;
	}
	return {
		id: snap.id,
		title: snap.title,
		date: snap.takenOn,
		source: snap.source,
		rows: sortRows([...byCode.values()])
	};
}

function emptyRow(code: string, name: string, region: string): SnapshotRow {
	return {
		municipality_code: code,
		municipality: name,
		region,
		enterprises_total: 0,
		registered: 0,
		founded_in_year: 0,
		pipeline: 0,
		jobs: null,
		flex_jobs: null,
		sroi: null
	};
}

const collator = new Intl.Collator('da');
function sortRows(rows: SnapshotRow[]): SnapshotRow[] {
	return rows.sort(
		(a, b) =>
			b.enterprises_total - a.enterprises_total || collator.compare(a.municipality, b.municipality)
	);
}

/**
 * Live figures from the park: its enterprises per municipality, how many are registered (RSV),
 * founded this year, still in the pipeline (idea or starting), their jobs and flex jobs, and the
 * mean SROI of those that report one.
 */
export async function live(db: Db, now = new Date()): Promise<Snapshot> {
	const year = now.getUTCFullYear();
	const rows = await db
		.select({
			code: municipalities.code,
			name: municipalities.name,
			region: municipalities.regionName,
			total: sql<number>`count(*)::int`,
			registered: sql<number>`count(*) filter (where ${organisations.rsv})::int`,
			founded: sql<number>`count(*) filter (where ${parkEnterprises.foundedYear} = ${year})::int`,
			pipeline: sql<number>`count(*) filter (where ${parkEnterprises.stage} in ('idea', 'starting'))::int`,
			jobs: sql<number>`coalesce(sum(${parkEnterprises.jobs}), 0)::int`,
			flexJobs: sql<number>`coalesce(sum(${parkEnterprises.flexJobs}), 0)::int`,
			sroi: sql<number | null>`round(avg(${parkEnterprises.sroi})::numeric, 1)::float8`
		})
		.from(parkEnterprises)
		.innerJoin(organisations, eq(organisations.id, parkEnterprises.organisationId))
		.innerJoin(municipalities, eq(municipalities.code, organisations.municipalityCode))
		.where(and(eq(organisations.status, 'approved'), eq(organisations.kind, 'social_enterprise')))
		.groupBy(municipalities.code, municipalities.name, municipalities.regionName);
	// The library's published public entries add their own figures (jobs created, flex jobs, SROI)
	// to every municipality they name; an entry naming two municipalities counts in both.
	const library = await queryRows<{
		code: string;
		name: string;
		region: string;
		entries: number;
		jobs: number;
		flex_jobs: number;
		sroi_sum: number | null;
		sroi_n: number;
	}>(
		db,
		sql`select mu.code, mu.name, mu.region_name as region, count(*)::int as entries,
			coalesce(sum(c.jobs_created), 0)::int as jobs, coalesce(sum(c.flex_jobs), 0)::int as flex_jobs,
			sum(c.sroi_ratio)::float8 as sroi_sum, count(c.sroi_ratio)::int as sroi_n
		from cases c
		join case_municipalities cm on cm.case_id = c.id
		join municipalities mu on mu.code = cm.municipality_code
		where c.status = 'published' and c.scope = 'public'
			and (c.jobs_created is not null or c.flex_jobs is not null or c.sroi_ratio is not null)
		group by mu.code, mu.name, mu.region_name`
	);
	const parkSroiN = await db
		.select({
			code: organisations.municipalityCode,
			n: sql<number>`count(${parkEnterprises.sroi})::int`
		})
		.from(parkEnterprises)
		.innerJoin(organisations, eq(organisations.id, parkEnterprises.organisationId))
		.where(and(eq(organisations.status, 'approved'), eq(organisations.kind, 'social_enterprise')))
		.groupBy(organisations.municipalityCode);
	const sroiN = new Map(parkSroiN.map((r) => [r.code, Number(r.n)]));
	const merged = new Map(
		rows.map((r) => [
			r.code,
			{ ...r, sroi: r.sroi === null ? null : Number(r.sroi), sroiN: sroiN.get(r.code) ?? 0 }
		])
	);
	for (const l of library) {
		const r = merged.get(l.code) ?? {
			code: l.code,
			name: l.name,
			region: l.region,
			total: 0,
			registered: 0,
			founded: 0,
			pipeline: 0,
			jobs: 0,
			flexJobs: 0,
			sroi: null,
			sroiN: 0
		};
		r.jobs += Number(l.jobs);
		r.flexJobs += Number(l.flex_jobs);
		if (l.sroi_n > 0) {
			// The mean over every reported SROI: the park's enterprises' and the entries'.
			const sum = (r.sroi ?? 0) * r.sroiN + Number(l.sroi_sum);
			r.sroiN += Number(l.sroi_n);
			r.sroi = Math.round((sum / r.sroiN) * 10) / 10;
		}
		merged.set(l.code, r);
	}
	return {
		id: LIVE,
		title: 'Platformen nu',
		date: now.toISOString().slice(0, 10),
		source: 'Videnscenter: erhvervsparkens virksomheder og erfaringsbibliotekets offentlige poster',
		rows: sortRows(
			[...merged.values()].map((r) => ({
				municipality_code: r.code,
				municipality: r.name,
				region: r.region,
				enterprises_total: r.total,
				registered: r.registered,
				founded_in_year: r.founded,
				pipeline: r.pipeline,
				jobs: r.jobs,
				flex_jobs: r.flexJobs,
				sroi: r.sroi === null ? null : Number(r.sroi)
			}))
		)
	};
}

export type Totals = Record<ImpactMetric, number>;

/** Sums of each figure over rows (SROI: the mean of those reported). */
export function totals(rows: SnapshotRow[]): Totals {
	const sum = (k: Exclude<ImpactMetric, 'sroi'>) => rows.reduce((s, r) => s + (r[k] ?? 0), 0);
	const srois = rows.map((r) => r.sroi).filter((v): v is number => v !== null);
	return {
		enterprises_total: sum('enterprises_total'),
		registered: sum('registered'),
		founded_in_year: sum('founded_in_year'),
		pipeline: sum('pipeline'),
		jobs: sum('jobs'),
		flex_jobs: sum('flex_jobs'),
		sroi: srois.length ? Math.round((srois.reduce((a, b) => a + b, 0) / srois.length) * 10) / 10 : 0
	};
}

/** Admins and editors of a municipality may add snapshots. */
export async function canAddSnapshots(db: Db, actor: Actor | null): Promise<boolean> {
	if (!actor) return false;
	if (actor.role === 'admin') return true;
	const [row] = await db
		.select({ id: organisations.id })
		.from(memberships)
		.innerJoin(organisations, eq(organisations.id, memberships.organisationId))
		.where(
			and(
				eq(memberships.userId, actor.id),
				eq(memberships.status, 'active'),
				inArray(memberships.role, ['editor', 'org_admin']),
				eq(organisations.kind, 'municipality'),
				eq(organisations.status, 'approved')
			)
		)
		.limit(1);
	return Boolean(row);
}

export async function municipalityCodes(db: Db): Promise<Map<string, string>> {
	const rows = await db
		.select({ code: municipalities.code, name: municipalities.name })
		.from(municipalities);
	return new Map(rows.map((r) => [r.code, r.name]));
}

export interface SnapshotMeta {
	title: string;
	date: string;
	source: string;
}

export function validateMeta(meta: SnapshotMeta): Record<string, string> {
	const errors: Record<string, string> = {};
	if (!meta.title.trim()) errors.title = 'required';
	else if (meta.title.trim().length > 160) errors.title = 'too_long';
	if (!/^\d{4}-\d{2}-\d{2}$/.test(meta.date) || Number.isNaN(Date.parse(meta.date)))
		errors.date = 'invalid_date';
	if (!meta.source.trim()) errors.source = 'required';
	else if (meta.source.trim().length > 300) errors.source = 'too_long';
	return errors;
}

/**
 * Stores a snapshot from a checked file, all rows or none. Refuses a file with any problem, so a
 * caller that skipped the preview still cannot import half a file.
 */
export async function importSnapshot(
	db: Db,
	actor: Actor,
	meta: SnapshotMeta,
	file: ParsedFile
): Promise<{ ok: true; id: string } | { ok: false; code: 'forbidden' | 'invalid' }> {
	if (!(await canAddSnapshots(db, actor))) return { ok: false, code: 'forbidden' };
	if (!file.valid || Object.keys(validateMeta(meta)).length) return { ok: false, code: 'invalid' };
	const id = await db.transaction(async (tx) => {
		const [snap] = await tx
			.insert(impactSnapshots)
			.values({
				title: meta.title.trim(),
				takenOn: meta.date,
				source: meta.source.trim(),
				createdBy: actor.id
			})
			.returning({ id: impactSnapshots.id });
		const figures = file.rows.flatMap((row) =>
			(Object.entries(row.values) as Array<[ImpactMetric, number]>).map(([metric, value]) => ({
				snapshotId: snap.id,
				municipalityCode: row.municipalityCode,
				metric,
				value
			}))
		);
		if (figures.length) await tx.insert(impactFigures).values(figures);
		await audit(tx, {
			actorId: actor.id,
			action: 'impact.snapshot_imported',
			targetType: 'impact_snapshot',
			targetId: snap.id,
			details: { rows: file.rows.length }
		});
		return snap.id;
	});
	return { ok: true, id };
}

/** Snapshot rows as CSV, through the one CSV writer (core/csv.ts). */
export function snapshotCsv(snapshot: Snapshot): string {
	const columns = [
		'municipality_code',
		'municipality',
		'region',
		'enterprises_total',
		'registered',
		'founded_in_year',
		'pipeline',
		'jobs',
		'flex_jobs',
		'sroi'
	] as const;
	return toCsv(
		columns,
		snapshot.rows.map((r) => columns.map((c) => r[c]))
	);
}

export interface DashboardFilter {
	region?: string;
	municipality?: string;
}

/** The snapshot by id (`live` for the platform's own figures), or null. */
export async function load(db: Db, id: string, now = new Date()): Promise<Snapshot | null> {
	return id === LIVE ? live(db, now) : get(db, id);
}

/** Rows of the chosen region and/or municipality. */
export function filterRows(rows: SnapshotRow[], filter: DashboardFilter): SnapshotRow[] {
	return rows.filter(
		(r) =>
			(!filter.region || r.region === filter.region) &&
			(!filter.municipality || r.municipality_code === filter.municipality)
	);
}

/** The API's public shape of a snapshot. */
export function apiShape(s: Snapshot) {
	return {
		id: s.id,
		title: s.title,
		date: s.date,
		source: s.source,
		rows: s.rows.map((r) => ({
			municipality_code: r.municipality_code,
			municipality: r.municipality,
			enterprises_total: r.enterprises_total,
			registered: r.registered,
			founded_in_year: r.founded_in_year,
			pipeline: r.pipeline
		})),
		totals: (({ enterprises_total, registered, founded_in_year, pipeline }) => ({
			enterprises_total,
			registered,
			founded_in_year,
			pipeline
		}))(totals(s.rows))
	};
}
