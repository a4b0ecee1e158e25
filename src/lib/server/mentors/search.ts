/** Mentor search and matching: filters, ranking and the reasons shown beside a result. */
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { mentorProfiles, municipalities, organisations, users } from '../../../../db/schema';
import { descriptionWords, rank, type Needs, type Reason } from '../../mentors/matching';
import {
	isLanguage,
	isMode,
	isSector,
	isTag,
	languageLabel,
	sectorLabel,
	tagLabel
} from '../../mentors/vocabulary';
import * as m from '../../paraglide/messages';
import { type Locale, LIMITS, MENTOR_ORG_KINDS } from './shared';
import { profileColumns } from './profiles';

export interface SearchFilter extends Needs {
	q?: string;
	mode?: string;
	kind?: string;
	/** Hide mentors who cannot take a mentee now (otherwise they sink to the end). */
	availableOnly?: boolean;
}

export interface SearchResult {
	id: string;
	name: string;
	headline: string;
	organisationName: string;
	organisationKind: string;
	municipalityName: string;
	regionName: string;
	regionCode: string;
	expertise: string[];
	sectors: string[];
	languages: string[];
	meetingModes: string[];
	openSlots: number;
	accepting: boolean;
	available: boolean;
	roleModel: boolean;
	score: number;
	reasons: Reason[];
}

const RESULT_LIMIT = 200;

/**
 * Mentors passing every chosen filter (expertise, sector, region, language, way of meeting,
 * kind of organisation, availability), best matches for the needs and the description first,
 * with the reasons. The description never hides anyone: its words only add to the score.
 */
export async function search(db: Db, filter: SearchFilter): Promise<SearchResult[]> {
	const needs: Needs = {
		tags: [...new Set(filter.tags.filter(isTag))],
		sectors: [...new Set((filter.sectors ?? []).filter(isSector))],
		regionCodes: [...new Set((filter.regionCodes ?? []).filter((c) => /^\d{4}$/.test(c)))],
		languages: [...new Set((filter.languages ?? []).filter(isLanguage))]
	};
	const textArray = (values: string[]) =>
		sql`array[${sql.join(
			values.map((v) => sql`${v}`),
			sql`, `
		)}]::text[]`;
	const conditions: SQL[] = [isNull(users.deletedAt)];
	if (needs.tags.length)
		conditions.push(sql`${mentorProfiles.expertise} && ${textArray(needs.tags)}`);
	if (needs.sectors!.length)
		conditions.push(sql`${mentorProfiles.sectors} && ${textArray(needs.sectors!)}`);
	if (needs.regionCodes!.length)
		conditions.push(inArray(municipalities.regionCode, needs.regionCodes!));
	if (needs.languages!.length)
		conditions.push(sql`${mentorProfiles.languages} && ${textArray(needs.languages!)}`);
	if (filter.mode && isMode(filter.mode))
		conditions.push(sql`${mentorProfiles.meetingModes} @> array[${filter.mode}]::text[]`);
	if (filter.kind && (MENTOR_ORG_KINDS as readonly string[]).includes(filter.kind))
		conditions.push(sql`${organisations.kind} = ${filter.kind}`);
	if (filter.availableOnly)
		conditions.push(and(eq(mentorProfiles.accepting, true), sql`${mentorProfiles.openSlots} > 0`)!);

	// Each word of the description on its own: the profile's words (stemmed) or a part of the name.
	const words = descriptionWords(filter.q?.slice(0, LIMITS.query) ?? '');
	let textRank: SQL = sql`0`;
	let textMatches: SQL = sql`array[]::text[]`;
	if (words.length) {
		const query = sql.join(
			words.map((w) => sql`plainto_tsquery('danish'::regconfig, ${w})`),
			sql` || `
		);
		textRank = sql`ts_rank(${mentorProfiles.search}, ${query})`;
		textMatches = sql`array_remove(array[${sql.join(
			words.map(
				(w) =>
					sql`case when ${mentorProfiles.search} @@ plainto_tsquery('danish'::regconfig, ${w}) or ${users.name} ilike ${`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} then ${w}::text end`
			),
			sql`, `
		)}], null)`;
	}

	const rows = await db
		.select({
			...profileColumns,
			textRank: sql<number>`${textRank}::float8`,
			textMatches: sql<string[]>`${textMatches}`
		})
		.from(mentorProfiles)
		.innerJoin(users, eq(users.id, mentorProfiles.userId))
		.innerJoin(organisations, eq(organisations.id, mentorProfiles.organisationId))
		.innerJoin(municipalities, eq(municipalities.code, mentorProfiles.municipalityCode))
		.where(and(...conditions))
		.limit(1000);

	const candidates = rows.map((r) => ({
		...r,
		textRank: Number(r.textRank),
		available: r.accepting && r.openSlots > 0
	}));
	return rank(candidates, needs)
		.slice(0, RESULT_LIMIT)
		.map(({ item, score, reasons }) => ({
			id: item.id,
			name: item.name,
			headline: item.headline,
			organisationName: item.organisationName,
			organisationKind: item.organisationKind,
			municipalityName: item.municipalityName,
			regionName: item.regionName,
			regionCode: item.regionCode,
			expertise: item.expertise,
			sectors: item.sectors,
			languages: item.languages,
			meetingModes: item.meetingModes,
			openSlots: item.openSlots,
			accepting: item.accepting,
			available: item.available,
			roleModel: item.roleModelStory.length > 0,
			score,
			reasons
		}));
}

export async function regions(db: Db) {
	return db
		.selectDistinct({ code: municipalities.regionCode, name: municipalities.regionName })
		.from(municipalities)
		.orderBy(asc(municipalities.regionName));
}

/** Human words for the reasons: "financing, Region Syddanmark, Arabic". */
export function reasonText(reasons: Reason[], regionNames: Map<string, string>, locale?: Locale) {
	return reasons
		.map((r) => {
			switch (r.kind) {
				case 'tag':
					return tagLabel(r.value, locale);
				case 'sector':
					return sectorLabel(r.value, locale);
				case 'language':
					return languageLabel(r.value, locale);
				case 'region':
					return regionNames.get(r.value) ?? r.value;
				case 'text':
					return m.mentor_reason_word({ word: r.value }, locale ? { locale } : undefined);
			}
		})
		.join(', ');
}
