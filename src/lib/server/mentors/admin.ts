/**
 * How mentoring goes across the platform, for the knowledge centre: open requests and their age,
 * response times, mentorships per organisation and municipality, mentors with no open slot,
 * feedback, and a CSV of every request. Callers check that the user is an admin.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../../db/client';
import { toCsv } from '../core';

const n = (value: unknown): number => Number(value ?? 0);

export async function overview(db: Db, now: Date = new Date()) {
	const nowIso = now.toISOString();
	const [open, response, perOrg, perMunicipality, full, feedback, totals] = await Promise.all([
		queryRows<{
			id: string;
			created_at: string | Date;
			mentor: string;
			mentee: string;
			organisation: string;
			age_days: number;
		}>(
			db,
			sql`select r.id, r.created_at, mu.name as mentor, me.name as mentee, o.name as organisation,
				floor(extract(epoch from (${nowIso}::timestamptz - r.created_at)) / 86400)::int as age_days
			from mentorship_requests r
			join mentor_profiles p on p.id = r.mentor_id
			join users mu on mu.id = p.user_id
			join users me on me.id = r.mentee_id
			join organisations o on o.id = p.organisation_id
			where r.status = 'pending'
			order by r.created_at asc`
		),
		queryRows<{ answered: number; avg_hours: number | null; median_hours: number | null }>(
			db,
			sql`select count(*)::int as answered,
				avg(extract(epoch from (responded_at - created_at)) / 3600)::float8 as avg_hours,
				percentile_cont(0.5) within group (order by extract(epoch from (responded_at - created_at)) / 3600)::float8 as median_hours
			from mentorship_requests where responded_at is not null`
		),
		queryRows<{ name: string; active: number; finished: number }>(
			db,
			sql`select o.name,
				count(*) filter (where r.status = 'accepted')::int as active,
				count(*) filter (where r.status in ('completed', 'ended'))::int as finished
			from mentorship_requests r
			join mentor_profiles p on p.id = r.mentor_id
			join organisations o on o.id = p.organisation_id
			where r.status in ('accepted', 'completed', 'ended')
			group by o.name order by count(*) desc, o.name`
		),
		queryRows<{ name: string; active: number; finished: number }>(
			db,
			sql`select m.name,
				count(*) filter (where r.status = 'accepted')::int as active,
				count(*) filter (where r.status in ('completed', 'ended'))::int as finished
			from mentorship_requests r
			join mentor_profiles p on p.id = r.mentor_id
			join municipalities m on m.code = p.municipality_code
			where r.status in ('accepted', 'completed', 'ended')
			group by m.name order by count(*) desc, m.name`
		),
		queryRows<{
			id: string;
			name: string;
			organisation: string;
			capacity: number;
			accepting: boolean;
		}>(
			db,
			sql`select p.id, u.name, o.name as organisation, p.capacity, p.accepting
			from mentor_profiles p
			join users u on u.id = p.user_id
			join organisations o on o.id = p.organisation_id
			where p.open_slots = 0 and u.deleted_at is null
			order by u.name`
		),
		queryRows<{
			request_id: string;
			side: string;
			rating: number;
			text: string;
			shared: boolean;
			author: string;
		}>(
			db,
			sql`select f.request_id, f.side, f.rating, f.text, f.shared, u.name as author
			from mentorship_feedback f join users u on u.id = f.author_id
			order by f.created_at desc limit 100`
		),
		queryRows<{ mentors: number; active: number; finished: number; rating: number | null }>(
			db,
			sql`select (select count(*) from mentor_profiles)::int as mentors,
				(select count(*) from mentorship_requests where status = 'accepted')::int as active,
				(select count(*) from mentorship_requests where status in ('completed', 'ended'))::int as finished,
				(select avg(rating) from mentorship_feedback)::float8 as rating`
		)
	]);
	const r = response[0];
	const t = totals[0];
	return {
		open: open.map((o) => ({ ...o, ageDays: n(o.age_days), createdAt: new Date(o.created_at) })),
		response: {
			answered: n(r?.answered),
			avgHours: r?.avg_hours == null ? null : Math.round(n(r.avg_hours) * 10) / 10,
			medianHours: r?.median_hours == null ? null : Math.round(n(r.median_hours) * 10) / 10
		},
		perOrganisation: perOrg.map((x) => ({
			name: x.name,
			active: n(x.active),
			finished: n(x.finished)
		})),
		perMunicipality: perMunicipality.map((x) => ({
			name: x.name,
			active: n(x.active),
			finished: n(x.finished)
		})),
		full: full.map((x) => ({ ...x, capacity: n(x.capacity) })),
		feedback: feedback.map((x) => ({ ...x, rating: n(x.rating) })),
		totals: {
			mentors: n(t?.mentors),
			active: n(t?.active),
			finished: n(t?.finished),
			rating: t?.rating == null ? null : Math.round(n(t.rating) * 10) / 10
		}
	};
}

export const CSV_COLUMNS = [
	'request_id',
	'status',
	'created_at',
	'responded_at',
	'ended_at',
	'response_hours',
	'mentor_organisation',
	'organisation_kind',
	'mentor_municipality',
	'mentor_region',
	'tags',
	'sessions',
	'mentor_rating',
	'mentee_rating'
] as const;

/**
 * Every request as CSV (RFC 4180, CRLF). People's names and the need text are left out: the
 * export is for statistics, not for contacting anyone.
 */
export async function exportCsv(db: Db): Promise<string> {
	const rows = await queryRows<Record<string, unknown>>(
		db,
		sql`select r.id as request_id, r.status, r.created_at, r.responded_at, r.ended_at,
			round((extract(epoch from (r.responded_at - r.created_at)) / 3600)::numeric, 1) as response_hours,
			o.name as mentor_organisation, o.kind as organisation_kind,
			m.name as mentor_municipality, m.region_name as mentor_region,
			array_to_string(r.tags, ';') as tags,
			(select count(*) from mentorship_sessions s where s.request_id = r.id)::int as sessions,
			(select f.rating from mentorship_feedback f where f.request_id = r.id and f.side = 'mentor') as mentor_rating,
			(select f.rating from mentorship_feedback f where f.request_id = r.id and f.side = 'mentee') as mentee_rating
		from mentorship_requests r
		join mentor_profiles p on p.id = r.mentor_id
		join organisations o on o.id = p.organisation_id
		join municipalities m on m.code = p.municipality_code
		order by r.created_at`
	);
	return toCsv(
		CSV_COLUMNS,
		rows.map((row) => CSV_COLUMNS.map((c) => row[c]))
	);
}
