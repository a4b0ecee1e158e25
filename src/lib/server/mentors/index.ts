/**
 * The mentor directory and mentorships: profiles, search and matching, the request life cycle
 * (pending → accepted | declined | withdrawn | expired; accepted → completed | ended), the
 * conversation, the session log and feedback. Functions check the actor's right themselves and
 * return outcome codes; routes turn codes into messages. Free of SvelteKit imports: the realtime
 * server and the scheduled job use it too.
 */
import { and, asc, desc, eq, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	memberships,
	mentorProfiles,
	mentorshipFeedback,
	mentorshipMessages,
	mentorshipRequests,
	mentorshipSessions,
	municipalities,
	organisations,
	users,
	type MentorshipStatus
} from '../../../../db/schema';
import type { MentorshipMessageWire } from '../../../../realtime/events';
import { emitToRoom, rooms } from '../core/emit';
import { descriptionWords, rank, type Needs, type Reason } from '../../mentors/matching';
import {
	isLanguage,
	isMode,
	isSector,
	isTag,
	languageLabel,
	searchTextFor,
	sectorLabel,
	tagLabel
} from '../../mentors/vocabulary';
import * as m from '../../paraglide/messages';
import { audit } from '../audit';
import { notify, type NotificationInput, type NotifyOptions } from '../notifications';
import {
	isUniqueViolation,
	isUuid,
	Refusal,
	transact,
	type Context as CoreContext,
	type NamedActor
} from '../core';

export type Actor = NamedActor;
export type Context = CoreContext<NamedActor>;

export type Outcome<C extends string, T = unknown> = ({ ok: true } & T) | { ok: false; code: C };

type Locale = 'da' | 'en';
const asLocale = (locale: string | null | undefined): Locale => (locale === 'en' ? 'en' : 'da');

export const LIMITS = {
	headline: 160,
	bio: 3000,
	roleModelStory: 3000,
	contactEmail: 200,
	contactPhone: 40,
	need: 2000,
	response: 1000,
	message: 2000,
	topic: 200,
	nextStep: 1000,
	feedback: 2000,
	query: 100
} as const;
export const MAX_CAPACITY = 50;
export const EXPIRE_AFTER_DAYS = 14;
export const REMIND_AFTER_DAYS = 7;
const DAY = 24 * 60 * 60 * 1000;

/** Organisations a mentor may speak for. */
export const MENTOR_ORG_KINDS = [
	'university',
	'fund',
	'enterprise',
	'business_support',
	'social_enterprise'
] as const;

/** Statuses in which the pair has (or had) an accepted mentorship. */
const MENTORSHIP_STATUSES: MentorshipStatus[] = ['accepted', 'completed', 'ended'];
const OPEN_STATUSES: MentorshipStatus[] = ['pending', 'accepted'];

function localised(path: string, locale: Locale): string {
	return locale === 'en' ? `/en${path}` : path;
}

// ---------------------------------------------------------------------------------------------
// Profiles

const profileColumns = {
	id: mentorProfiles.id,
	userId: mentorProfiles.userId,
	name: users.name,
	organisationId: mentorProfiles.organisationId,
	organisationName: organisations.name,
	organisationKind: organisations.kind,
	headline: mentorProfiles.headline,
	bio: mentorProfiles.bio,
	expertise: mentorProfiles.expertise,
	sectors: mentorProfiles.sectors,
	languages: mentorProfiles.languages,
	meetingModes: mentorProfiles.meetingModes,
	municipalityCode: mentorProfiles.municipalityCode,
	municipalityName: municipalities.name,
	regionCode: municipalities.regionCode,
	regionName: municipalities.regionName,
	capacity: mentorProfiles.capacity,
	openSlots: mentorProfiles.openSlots,
	accepting: mentorProfiles.accepting,
	roleModelStory: mentorProfiles.roleModelStory
};

function profileQuery(db: Db) {
	return db
		.select(profileColumns)
		.from(mentorProfiles)
		.innerJoin(users, eq(users.id, mentorProfiles.userId))
		.innerJoin(organisations, eq(organisations.id, mentorProfiles.organisationId))
		.innerJoin(municipalities, eq(municipalities.code, mentorProfiles.municipalityCode));
}

export type PublicProfile = Awaited<ReturnType<typeof getProfile>> & object;

/** A profile without contact details (see `contactFor`). */
export async function getProfile(db: Db, id: string) {
	if (!isUuid(id)) return null;
	const [row] = await profileQuery(db).where(
		and(eq(mentorProfiles.id, id), isNull(users.deletedAt))
	);
	return row ? { ...row, available: row.accepting && row.openSlots > 0 } : null;
}

export async function profileIdOf(db: Db, userId: string): Promise<string | null> {
	const [row] = await db
		.select({ id: mentorProfiles.id })
		.from(mentorProfiles)
		.where(eq(mentorProfiles.userId, userId));
	return row?.id ?? null;
}

/** The user's own profile with everything, for the edit form. */
export async function ownProfile(db: Db, userId: string) {
	const [row] = await db.select().from(mentorProfiles).where(eq(mentorProfiles.userId, userId));
	if (!row) return null;
	const [active] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(mentorshipRequests)
		.where(and(eq(mentorshipRequests.mentorId, row.id), eq(mentorshipRequests.status, 'accepted')));
	const { search: _search, searchText: _searchText, ...rest } = row;
	return { ...rest, activeMentees: active?.n ?? 0 };
}

/**
 * Contact details of a mentor for a viewer: only the mentor themself and mentees whose request
 * was accepted (now or earlier) see them.
 */
export async function contactFor(db: Db, profileId: string, viewerId: string) {
	const [row] = await db
		.select({
			userId: mentorProfiles.userId,
			email: mentorProfiles.contactEmail,
			phone: mentorProfiles.contactPhone,
			accountEmail: users.email
		})
		.from(mentorProfiles)
		.innerJoin(users, eq(users.id, mentorProfiles.userId))
		.where(eq(mentorProfiles.id, profileId));
	if (!row) return null;
	if (row.userId !== viewerId) {
		const [pair] = await db
			.select({ id: mentorshipRequests.id })
			.from(mentorshipRequests)
			.where(
				and(
					eq(mentorshipRequests.mentorId, profileId),
					eq(mentorshipRequests.menteeId, viewerId),
					inArray(mentorshipRequests.status, MENTORSHIP_STATUSES)
				)
			)
			.limit(1);
		if (!pair) return null;
	}
	return { email: row.email || row.accountEmail, phone: row.phone };
}

/** The mentee's open (pending or accepted) request to a mentor, if any. */
export async function openRequestId(db: Db, mentorId: string, menteeId: string) {
	const [row] = await db
		.select({ id: mentorshipRequests.id })
		.from(mentorshipRequests)
		.where(
			and(
				eq(mentorshipRequests.mentorId, mentorId),
				eq(mentorshipRequests.menteeId, menteeId),
				inArray(mentorshipRequests.status, OPEN_STATUSES)
			)
		);
	return row?.id ?? null;
}

/** Organisations the user may be a mentor for: active memberships of approved ones of a mentor kind. */
export async function eligibleOrganisations(db: Db, userId: string) {
	return db
		.select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
		.from(memberships)
		.innerJoin(organisations, eq(organisations.id, memberships.organisationId))
		.where(
			and(
				eq(memberships.userId, userId),
				eq(memberships.status, 'active'),
				eq(organisations.status, 'approved'),
				inArray(organisations.kind, [...MENTOR_ORG_KINDS])
			)
		)
		.orderBy(asc(organisations.name));
}

export interface ProfileInput {
	organisationId: string;
	headline: string;
	bio: string;
	expertise: string[];
	sectors: string[];
	languages: string[];
	meetingModes: string[];
	municipalityCode: string;
	capacity: number;
	accepting: boolean;
	roleModelStory: string;
	contactEmail: string;
	contactPhone: string;
}

export type ProfileField = keyof ProfileInput;
export type ProfileCode =
	| 'required'
	| 'too_long'
	| 'invalid'
	| 'org_not_allowed'
	| 'capacity_range'
	| 'capacity_below_active';

function checkText(
	errors: Partial<Record<ProfileField, ProfileCode>>,
	name: ProfileField,
	value: string,
	max: number,
	required = false
) {
	if (required && !value) errors[name] = 'required';
	else if (value.length > max) errors[name] = 'too_long';
}

/** Creates or updates the actor's mentor profile. Capacity changes keep `open_slots` consistent. */
export async function saveProfile(
	db: Db,
	ctx: Context,
	raw: ProfileInput
): Promise<
	| { ok: true; id: string; created: boolean }
	| { ok: false; errors: Partial<Record<ProfileField, ProfileCode>> }
> {
	const input: ProfileInput = {
		...raw,
		headline: raw.headline.trim(),
		bio: raw.bio.trim(),
		roleModelStory: raw.roleModelStory.trim(),
		contactEmail: raw.contactEmail.trim(),
		contactPhone: raw.contactPhone.trim(),
		expertise: [...new Set(raw.expertise)],
		sectors: [...new Set(raw.sectors)],
		languages: [...new Set(raw.languages)],
		meetingModes: [...new Set(raw.meetingModes)]
	};
	const errors: Partial<Record<ProfileField, ProfileCode>> = {};
	checkText(errors, 'headline', input.headline, LIMITS.headline, true);
	checkText(errors, 'bio', input.bio, LIMITS.bio);
	checkText(errors, 'roleModelStory', input.roleModelStory, LIMITS.roleModelStory);
	checkText(errors, 'contactEmail', input.contactEmail, LIMITS.contactEmail);
	checkText(errors, 'contactPhone', input.contactPhone, LIMITS.contactPhone);
	if (
		input.contactEmail &&
		!errors.contactEmail &&
		!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.contactEmail)
	)
		errors.contactEmail = 'invalid';
	if (!input.expertise.length) errors.expertise = 'required';
	else if (!input.expertise.every(isTag)) errors.expertise = 'invalid';
	if (!input.sectors.every(isSector)) errors.sectors = 'invalid';
	if (!input.languages.length) errors.languages = 'required';
	else if (!input.languages.every(isLanguage)) errors.languages = 'invalid';
	if (!input.meetingModes.length) errors.meetingModes = 'required';
	else if (!input.meetingModes.every(isMode)) errors.meetingModes = 'invalid';
	if (!Number.isInteger(input.capacity) || input.capacity < 0 || input.capacity > MAX_CAPACITY)
		errors.capacity = 'capacity_range';
	if (!input.municipalityCode) errors.municipalityCode = 'required';
	else {
		const [mun] = await db
			.select({ code: municipalities.code })
			.from(municipalities)
			.where(eq(municipalities.code, input.municipalityCode));
		if (!mun) errors.municipalityCode = 'invalid';
	}
	if (!input.organisationId) errors.organisationId = 'required';
	else {
		const allowed = await eligibleOrganisations(db, ctx.actor.id);
		if (!allowed.some((o) => o.id === input.organisationId))
			errors.organisationId = 'org_not_allowed';
	}
	if (Object.keys(errors).length) return { ok: false, errors };

	const [org] = await db
		.select({ name: organisations.name })
		.from(organisations)
		.where(eq(organisations.id, input.organisationId));
	const searchText = searchTextFor(ctx.actor.name, org?.name ?? '', input.expertise, input.sectors);
	const values = {
		organisationId: input.organisationId,
		headline: input.headline,
		bio: input.bio,
		expertise: input.expertise,
		sectors: input.sectors,
		languages: input.languages,
		meetingModes: input.meetingModes,
		municipalityCode: input.municipalityCode,
		accepting: input.accepting,
		roleModelStory: input.roleModelStory,
		contactEmail: input.contactEmail,
		contactPhone: input.contactPhone,
		searchText,
		updatedAt: new Date()
	};

	return db.transaction(async (tx) => {
		const existing = await profileIdOf(tx, ctx.actor.id);
		if (!existing) {
			const [row] = await tx
				.insert(mentorProfiles)
				.values({
					...values,
					userId: ctx.actor.id,
					capacity: input.capacity,
					openSlots: input.capacity
				})
				.returning({ id: mentorProfiles.id });
			await audit(tx, {
				actorId: ctx.actor.id,
				action: 'mentor.profile_create',
				targetType: 'mentor_profile',
				targetId: row.id,
				organisationId: input.organisationId,
				ip: ctx.ip
			});
			return { ok: true as const, id: row.id, created: true };
		}
		// The slots move by the change in capacity, in one conditional statement, so a concurrent
		// accept cannot slip between reading and writing; lowering below the current mentees fails.
		const [row] = await tx
			.update(mentorProfiles)
			.set({
				...values,
				capacity: input.capacity,
				openSlots: sql`${mentorProfiles.openSlots} + (${input.capacity}::int - ${mentorProfiles.capacity})`
			})
			.where(
				and(
					eq(mentorProfiles.id, existing),
					sql`${mentorProfiles.openSlots} + (${input.capacity}::int - ${mentorProfiles.capacity}) >= 0`
				)
			)
			.returning({ id: mentorProfiles.id });
		if (!row) {
			return { ok: false as const, errors: { capacity: 'capacity_below_active' as const } };
		}
		await audit(tx, {
			actorId: ctx.actor.id,
			action: 'mentor.profile_update',
			targetType: 'mentor_profile',
			targetId: existing,
			organisationId: input.organisationId,
			ip: ctx.ip,
			details: { capacity: input.capacity, accepting: input.accepting }
		});
		return { ok: true as const, id: existing, created: false };
	});
}

// ---------------------------------------------------------------------------------------------
// Search and matching

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

// ---------------------------------------------------------------------------------------------
// Requests

export interface RequestInput {
	need: string;
	tags: string[];
	sector?: string | null;
	regionCode?: string | null;
	language?: string | null;
}

export type RequestCode =
	| 'not_found'
	| 'own_profile'
	| 'not_accepting'
	| 'at_capacity'
	| 'duplicate'
	| 'need_required'
	| 'need_too_long';

async function notifyUser(
	db: Db,
	userId: string,
	origin: string | undefined,
	build: (locale: Locale) => NotificationInput,
	options?: NotifyOptions
) {
	const [row] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, userId));
	if (!row) return;
	// The notification centre also tells the user's open tabs, once the transaction committed.
	await notify(db, userId, build(asLocale(row.locale)), origin, options);
}

export async function createRequest(
	db: Db,
	ctx: Context,
	mentorId: string,
	input: RequestInput
): Promise<Outcome<RequestCode, { id: string }>> {
	const need = input.need.trim();
	if (!need) return { ok: false, code: 'need_required' };
	if (need.length > LIMITS.need) return { ok: false, code: 'need_too_long' };
	if (!isUuid(mentorId)) return { ok: false, code: 'not_found' };
	try {
		return await transact(db, async (tx) => {
			// Lock the profile so a request cannot slip in while the mentor closes their list.
			const [profile] = await tx
				.select({
					id: mentorProfiles.id,
					userId: mentorProfiles.userId,
					accepting: mentorProfiles.accepting,
					openSlots: mentorProfiles.openSlots
				})
				.from(mentorProfiles)
				.where(eq(mentorProfiles.id, mentorId))
				.for('update');
			if (!profile) throw new Refusal('not_found');
			if (profile.userId === ctx.actor.id) throw new Refusal('own_profile');
			if (!profile.accepting) throw new Refusal('not_accepting');
			if (profile.openSlots <= 0) throw new Refusal('at_capacity');
			const [open] = await tx
				.select({ id: mentorshipRequests.id })
				.from(mentorshipRequests)
				.where(
					and(
						eq(mentorshipRequests.mentorId, mentorId),
						eq(mentorshipRequests.menteeId, ctx.actor.id),
						inArray(mentorshipRequests.status, OPEN_STATUSES)
					)
				);
			if (open) throw new Refusal('duplicate');
			const [row] = await tx
				.insert(mentorshipRequests)
				.values({
					mentorId,
					menteeId: ctx.actor.id,
					need,
					tags: [...new Set(input.tags.filter(isTag))],
					sector: input.sector && isSector(input.sector) ? input.sector : null,
					regionCode: input.regionCode || null,
					language: input.language && isLanguage(input.language) ? input.language : null
				})
				.returning({ id: mentorshipRequests.id });
			await audit(tx, {
				actorId: ctx.actor.id,
				action: 'mentor.request',
				targetType: 'mentorship_request',
				targetId: row.id,
				ip: ctx.ip
			});
			const user = ctx.actor.name;
			await notifyUser(tx, profile.userId, ctx.origin, (locale) => ({
				kind: 'mentor.request',
				title: m.mentor_notify_request_title({ user }, { locale }),
				body: need,
				link: localised(`/mentors/requests/${row.id}`, locale)
			}));
			return { ok: true as const, id: row.id };
		});
	} catch (err) {
		// Two identical requests at once: the partial unique index stops the second.
		if (isUniqueViolation(err)) return { ok: false, code: 'duplicate' };
		throw err;
	}
}

export type Role = 'mentor' | 'mentee' | 'admin';

/** A request as one of its pair (or an admin) sees it; null for anyone else. */
export async function getMentorship(db: Db, viewer: Actor, id: string) {
	if (!isUuid(id)) return null;
	const mentee = sql<string>`mentee.name`;
	const [row] = await db
		.select({
			id: mentorshipRequests.id,
			status: mentorshipRequests.status,
			need: mentorshipRequests.need,
			tags: mentorshipRequests.tags,
			sector: mentorshipRequests.sector,
			language: mentorshipRequests.language,
			regionCode: mentorshipRequests.regionCode,
			responseMessage: mentorshipRequests.responseMessage,
			createdAt: mentorshipRequests.createdAt,
			respondedAt: mentorshipRequests.respondedAt,
			endedAt: mentorshipRequests.endedAt,
			menteeId: mentorshipRequests.menteeId,
			menteeName: mentee,
			mentorId: mentorshipRequests.mentorId,
			mentorUserId: mentorProfiles.userId,
			mentorName: users.name,
			mentorHeadline: mentorProfiles.headline,
			organisationName: organisations.name
		})
		.from(mentorshipRequests)
		.innerJoin(mentorProfiles, eq(mentorProfiles.id, mentorshipRequests.mentorId))
		.innerJoin(users, eq(users.id, mentorProfiles.userId))
		.innerJoin(organisations, eq(organisations.id, mentorProfiles.organisationId))
		.innerJoin(sql`users as mentee`, sql`mentee.id = ${mentorshipRequests.menteeId}`)
		.where(eq(mentorshipRequests.id, id));
	if (!row) return null;
	const role: Role | null =
		row.mentorUserId === viewer.id
			? 'mentor'
			: row.menteeId === viewer.id
				? 'mentee'
				: viewer.role === 'admin'
					? 'admin'
					: null;
	if (!role) return null;
	return { ...row, role };
}

export type ActCode =
	'not_found' | 'forbidden' | 'not_pending' | 'not_active' | 'at_capacity' | 'too_long';

async function lockRequest(tx: Db, id: string) {
	const [row] = await tx
		.select({
			id: mentorshipRequests.id,
			status: mentorshipRequests.status,
			mentorId: mentorshipRequests.mentorId,
			menteeId: mentorshipRequests.menteeId,
			mentorUserId: mentorProfiles.userId
		})
		.from(mentorshipRequests)
		.innerJoin(mentorProfiles, eq(mentorProfiles.id, mentorshipRequests.mentorId))
		.where(eq(mentorshipRequests.id, id))
		.for('update', { of: mentorshipRequests });
	return row ?? null;
}

/**
 * The mentor accepts or declines a pending request. Accepting takes a slot with a conditional
 * update (`open_slots > 0`) in the same transaction, so two accepts at once can never overbook:
 * the second waits for the first's row lock, then finds no slot and rolls back.
 */
export async function respond(
	db: Db,
	ctx: Context,
	id: string,
	decision: 'accept' | 'decline',
	message: string
): Promise<Outcome<ActCode>> {
	const text = message.trim();
	if (text.length > LIMITS.response) return { ok: false, code: 'too_long' };
	if (!isUuid(id)) return { ok: false, code: 'not_found' };
	return transact(db, async (tx, after) => {
		const request = await lockRequest(tx, id);
		if (!request) throw new Refusal('not_found');
		if (request.mentorUserId !== ctx.actor.id) throw new Refusal('forbidden');
		if (request.status !== 'pending') throw new Refusal('not_pending');
		if (decision === 'accept') {
			const [slot] = await tx
				.update(mentorProfiles)
				.set({ openSlots: sql`${mentorProfiles.openSlots} - 1` })
				.where(and(eq(mentorProfiles.id, request.mentorId), sql`${mentorProfiles.openSlots} > 0`))
				.returning({ openSlots: mentorProfiles.openSlots });
			if (!slot) throw new Refusal('at_capacity');
		}
		const status = decision === 'accept' ? 'accepted' : 'declined';
		const [updated] = await tx
			.update(mentorshipRequests)
			.set({ status, responseMessage: text, respondedAt: new Date() })
			.where(and(eq(mentorshipRequests.id, id), eq(mentorshipRequests.status, 'pending')))
			.returning({ id: mentorshipRequests.id });
		if (!updated) throw new Refusal('not_pending');
		await audit(tx, {
			actorId: ctx.actor.id,
			action: `mentor.${status}`,
			targetType: 'mentorship_request',
			targetId: id,
			ip: ctx.ip
		});
		const mentor = ctx.actor.name;
		await notifyUser(tx, request.menteeId, ctx.origin, (locale) => ({
			kind: `mentor.${status}`,
			title:
				status === 'accepted'
					? m.mentor_notify_accepted_title({ mentor }, { locale })
					: m.mentor_notify_declined_title({ mentor }, { locale }),
			body: text,
			link: localised(`/mentors/requests/${id}`, locale)
		}));
		after(() => emitToRoom(rooms.mentorship(id), 'mentorship:status', { id, status }));
		return { ok: true as const };
	});
}

/** The mentee takes back a request that is still pending. */
export async function withdraw(db: Db, ctx: Context, id: string): Promise<Outcome<ActCode>> {
	if (!isUuid(id)) return { ok: false, code: 'not_found' };
	return transact(db, async (tx, after) => {
		const request = await lockRequest(tx, id);
		if (!request) throw new Refusal('not_found');
		if (request.menteeId !== ctx.actor.id) throw new Refusal('forbidden');
		if (request.status !== 'pending') throw new Refusal('not_pending');
		await tx
			.update(mentorshipRequests)
			.set({ status: 'withdrawn', endedAt: new Date(), endedBy: ctx.actor.id })
			.where(eq(mentorshipRequests.id, id));
		await audit(tx, {
			actorId: ctx.actor.id,
			action: 'mentor.withdrawn',
			targetType: 'mentorship_request',
			targetId: id,
			ip: ctx.ip
		});
		after(() => emitToRoom(rooms.mentorship(id), 'mentorship:status', { id, status: 'withdrawn' }));
		return { ok: true as const };
	});
}

/** Either of the pair ends an accepted mentorship, as completed or early; the slot is freed. */
export async function finish(
	db: Db,
	ctx: Context,
	id: string,
	how: 'completed' | 'ended'
): Promise<Outcome<ActCode>> {
	if (!isUuid(id)) return { ok: false, code: 'not_found' };
	return transact(db, async (tx, after) => {
		const request = await lockRequest(tx, id);
		if (!request) throw new Refusal('not_found');
		const mine = request.menteeId === ctx.actor.id || request.mentorUserId === ctx.actor.id;
		if (!mine) throw new Refusal('forbidden');
		if (request.status !== 'accepted') throw new Refusal('not_active');
		await tx
			.update(mentorshipRequests)
			.set({ status: how, endedAt: new Date(), endedBy: ctx.actor.id })
			.where(eq(mentorshipRequests.id, id));
		await tx
			.update(mentorProfiles)
			.set({ openSlots: sql`least(${mentorProfiles.openSlots} + 1, ${mentorProfiles.capacity})` })
			.where(eq(mentorProfiles.id, request.mentorId));
		await audit(tx, {
			actorId: ctx.actor.id,
			action: `mentor.${how}`,
			targetType: 'mentorship_request',
			targetId: id,
			ip: ctx.ip
		});
		const other = request.menteeId === ctx.actor.id ? request.mentorUserId : request.menteeId;
		const user = ctx.actor.name;
		await notifyUser(tx, other, ctx.origin, (locale) => ({
			kind: 'mentor.finished',
			title: m.mentor_notify_finished_title({ user }, { locale }),
			body: m.mentor_notify_finished_body({}, { locale }),
			link: localised(`/mentors/requests/${id}#feedback`, locale)
		}));
		after(() => emitToRoom(rooms.mentorship(id), 'mentorship:status', { id, status: how }));
		return { ok: true as const };
	});
}

/** The user's requests, as mentee and as mentor. */
export async function listMine(db: Db, userId: string) {
	const mentee = sql<string>`mentee.name`;
	const columns = {
		id: mentorshipRequests.id,
		status: mentorshipRequests.status,
		need: mentorshipRequests.need,
		createdAt: mentorshipRequests.createdAt,
		mentorName: users.name,
		menteeName: mentee,
		organisationName: organisations.name
	};
	const base = () =>
		db
			.select(columns)
			.from(mentorshipRequests)
			.innerJoin(mentorProfiles, eq(mentorProfiles.id, mentorshipRequests.mentorId))
			.innerJoin(users, eq(users.id, mentorProfiles.userId))
			.innerJoin(organisations, eq(organisations.id, mentorProfiles.organisationId))
			.innerJoin(sql`users as mentee`, sql`mentee.id = ${mentorshipRequests.menteeId}`);
	const [asMentee, asMentor] = await Promise.all([
		base()
			.where(eq(mentorshipRequests.menteeId, userId))
			.orderBy(desc(mentorshipRequests.createdAt)),
		base().where(eq(mentorProfiles.userId, userId)).orderBy(desc(mentorshipRequests.createdAt))
	]);
	return { asMentee, asMentor };
}

// ---------------------------------------------------------------------------------------------
// Conversation, sessions, feedback

function toWire(row: {
	id: string;
	requestId: string;
	authorId: string;
	authorName: string;
	body: string;
	createdAt: Date;
}): MentorshipMessageWire {
	return { ...row, createdAt: row.createdAt.toISOString() };
}

export async function messages(db: Db, requestId: string): Promise<MentorshipMessageWire[]> {
	const rows = await db
		.select({
			id: mentorshipMessages.id,
			requestId: mentorshipMessages.requestId,
			authorId: mentorshipMessages.authorId,
			authorName: users.name,
			body: mentorshipMessages.body,
			createdAt: mentorshipMessages.createdAt
		})
		.from(mentorshipMessages)
		.innerJoin(users, eq(users.id, mentorshipMessages.authorId))
		.where(eq(mentorshipMessages.requestId, requestId))
		.orderBy(asc(mentorshipMessages.createdAt), asc(mentorshipMessages.id));
	return rows.map(toWire);
}

/** Whether the user is one of the pair of a mentorship (admins read, but never write). */
export async function pairRole(db: Db, actor: Actor, requestId: string): Promise<Role | null> {
	return (await getMentorship(db, actor, requestId))?.role ?? null;
}

/** How much of a message its notification (and e-mail) quotes. */
const MESSAGE_PREVIEW = 300;

export type PairCode = 'not_found' | 'forbidden' | 'not_active' | 'required' | 'too_long';

/** Stores a message of an accepted pair, then broadcasts it to `mentorship:<id>`. */
export async function postMessage(
	db: Db,
	ctx: Context,
	requestId: string,
	body: string
): Promise<Outcome<PairCode, { message: MentorshipMessageWire }>> {
	const text = body.trim();
	if (!text) return { ok: false, code: 'required' };
	if (text.length > LIMITS.message) return { ok: false, code: 'too_long' };
	if (!isUuid(requestId)) return { ok: false, code: 'not_found' };
	return transact(db, async (tx, after) => {
		const request = await lockRequest(tx, requestId);
		if (!request) throw new Refusal('not_found');
		const other =
			request.menteeId === ctx.actor.id
				? request.mentorUserId
				: request.mentorUserId === ctx.actor.id
					? request.menteeId
					: null;
		if (!other) throw new Refusal('forbidden');
		if (request.status !== 'accepted') throw new Refusal('not_active');
		const [row] = await tx
			.insert(mentorshipMessages)
			.values({ requestId, authorId: ctx.actor.id, body: text })
			.returning();
		const message = toWire({ ...row, authorName: ctx.actor.name });
		after(() => emitToRoom(rooms.mentorship(requestId), 'mentorship:message', message));
		// Stored as well as sent live, so a partner who is away learns of it; one unread notice
		// per conversation (the request row lock above keeps two senders from both adding one).
		const link = (locale: Locale) =>
			localised(`/mentors/requests/${requestId}#conversation`, locale);
		const user = ctx.actor.name;
		await notifyUser(
			tx,
			other,
			ctx.origin,
			(locale) => ({
				kind: 'mentor.message',
				title: m.mentor_notify_message_title({ user }, { locale }),
				body: text.length > MESSAGE_PREVIEW ? `${text.slice(0, MESSAGE_PREVIEW - 1)}…` : text,
				link: link(locale)
			}),
			{ replaceUnread: [link('da'), link('en')] }
		);
		return { ok: true as const, message };
	});
}

export async function sessionLog(db: Db, requestId: string) {
	return db
		.select({
			id: mentorshipSessions.id,
			heldOn: mentorshipSessions.heldOn,
			topic: mentorshipSessions.topic,
			nextStep: mentorshipSessions.nextStep,
			authorName: users.name
		})
		.from(mentorshipSessions)
		.innerJoin(users, eq(users.id, mentorshipSessions.authorId))
		.where(eq(mentorshipSessions.requestId, requestId))
		.orderBy(asc(mentorshipSessions.heldOn), asc(mentorshipSessions.createdAt));
}

export interface SessionInput {
	heldOn: string;
	topic: string;
	nextStep: string;
}
export type SessionField = keyof SessionInput;

export async function logSession(
	db: Db,
	ctx: Context,
	requestId: string,
	raw: SessionInput
): Promise<
	| { ok: true }
	| { ok: false; code: 'not_found' | 'forbidden' | 'not_active' }
	| {
			ok: false;
			code: 'invalid';
			errors: Partial<Record<SessionField, 'required' | 'too_long' | 'invalid'>>;
	  }
> {
	const input = {
		heldOn: raw.heldOn.trim(),
		topic: raw.topic.trim(),
		nextStep: raw.nextStep.trim()
	};
	const errors: Partial<Record<SessionField, 'required' | 'too_long' | 'invalid'>> = {};
	if (!input.heldOn) errors.heldOn = 'required';
	else if (!/^\d{4}-\d{2}-\d{2}$/.test(input.heldOn) || Number.isNaN(Date.parse(input.heldOn)))
		errors.heldOn = 'invalid';
	if (!input.topic) errors.topic = 'required';
	else if (input.topic.length > LIMITS.topic) errors.topic = 'too_long';
	if (input.nextStep.length > LIMITS.nextStep) errors.nextStep = 'too_long';
	if (Object.keys(errors).length) return { ok: false, code: 'invalid', errors };
	if (!isUuid(requestId)) return { ok: false, code: 'not_found' };
	return transact(db, async (tx) => {
		const request = await lockRequest(tx, requestId);
		if (!request) throw new Refusal('not_found');
		if (request.menteeId !== ctx.actor.id && request.mentorUserId !== ctx.actor.id)
			throw new Refusal('forbidden');
		if (request.status !== 'accepted') throw new Refusal('not_active');
		await tx.insert(mentorshipSessions).values({ requestId, authorId: ctx.actor.id, ...input });
		return { ok: true as const };
	});
}

export interface FeedbackInput {
	rating: number;
	text: string;
	shared: boolean;
}

export type FeedbackCode =
	'not_found' | 'forbidden' | 'not_finished' | 'already_given' | 'rating' | 'too_long';

/** Feedback once the mentorship is over, one per side. */
export async function leaveFeedback(
	db: Db,
	ctx: Context,
	requestId: string,
	input: FeedbackInput
): Promise<Outcome<FeedbackCode>> {
	const text = input.text.trim();
	if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
		return { ok: false, code: 'rating' };
	if (text.length > LIMITS.feedback) return { ok: false, code: 'too_long' };
	if (!isUuid(requestId)) return { ok: false, code: 'not_found' };
	return transact(db, async (tx) => {
		const request = await lockRequest(tx, requestId);
		if (!request) throw new Refusal('not_found');
		const side =
			request.menteeId === ctx.actor.id
				? 'mentee'
				: request.mentorUserId === ctx.actor.id
					? 'mentor'
					: null;
		if (!side) throw new Refusal('forbidden');
		if (request.status !== 'completed' && request.status !== 'ended')
			throw new Refusal('not_finished');
		const inserted = await tx
			.insert(mentorshipFeedback)
			.values({
				requestId,
				authorId: ctx.actor.id,
				side,
				rating: input.rating,
				text,
				shared: input.shared
			})
			.onConflictDoNothing()
			.returning({ requestId: mentorshipFeedback.requestId });
		if (!inserted.length) throw new Refusal('already_given');
		return { ok: true as const };
	});
}

/**
 * Feedback of a mentorship as a viewer may see it: your own always, the other side's only when
 * shared, everything for admins (the knowledge centre).
 */
export async function feedbackFor(db: Db, viewer: Actor, requestId: string, role: Role) {
	const rows = await db
		.select({
			authorId: mentorshipFeedback.authorId,
			side: mentorshipFeedback.side,
			rating: mentorshipFeedback.rating,
			text: mentorshipFeedback.text,
			shared: mentorshipFeedback.shared
		})
		.from(mentorshipFeedback)
		.where(eq(mentorshipFeedback.requestId, requestId));
	return rows.filter((r) => role === 'admin' || r.authorId === viewer.id || r.shared);
}

// ---------------------------------------------------------------------------------------------
// The scheduled job

/**
 * Reminds mentors of requests unanswered for 7 days and expires those unanswered for 14, telling
 * both sides. Each row changes in a conditional update, so two processes running the job at once
 * send each reminder once. `now` is a parameter so tests control the clock.
 */
export async function expireAndRemind(
	db: Db,
	now: Date = new Date()
): Promise<{ reminded: number; expired: number }> {
	const expireBefore = new Date(now.getTime() - EXPIRE_AFTER_DAYS * DAY);
	const remindBefore = new Date(now.getTime() - REMIND_AFTER_DAYS * DAY);
	const expired = await transact(db, async (tx) => {
		const rows = await tx
			.update(mentorshipRequests)
			.set({ status: 'expired', endedAt: now })
			.where(
				and(
					eq(mentorshipRequests.status, 'pending'),
					lte(mentorshipRequests.createdAt, expireBefore)
				)
			)
			.returning({
				id: mentorshipRequests.id,
				mentorId: mentorshipRequests.mentorId,
				menteeId: mentorshipRequests.menteeId
			});
		for (const row of rows) {
			const [mentor] = await tx
				.select({ userId: mentorProfiles.userId, name: users.name })
				.from(mentorProfiles)
				.innerJoin(users, eq(users.id, mentorProfiles.userId))
				.where(eq(mentorProfiles.id, row.mentorId));
			const link = (locale: Locale) => localised(`/mentors/requests/${row.id}`, locale);
			await notifyUser(tx, row.menteeId, undefined, (locale) => ({
				kind: 'mentor.expired',
				title: m.mentor_notify_expired_title({ mentor: mentor?.name ?? '' }, { locale }),
				body: m.mentor_notify_expired_body({}, { locale }),
				link: link(locale)
			}));
			if (mentor)
				await notifyUser(tx, mentor.userId, undefined, (locale) => ({
					kind: 'mentor.expired',
					title: m.mentor_notify_expired_mentor_title({}, { locale }),
					link: link(locale)
				}));
		}
		return rows.length;
	});
	const reminded = await transact(db, async (tx) => {
		const rows = await tx
			.update(mentorshipRequests)
			.set({ remindedAt: now })
			.where(
				and(
					eq(mentorshipRequests.status, 'pending'),
					isNull(mentorshipRequests.remindedAt),
					lte(mentorshipRequests.createdAt, remindBefore)
				)
			)
			.returning({ id: mentorshipRequests.id, mentorId: mentorshipRequests.mentorId });
		for (const row of rows) {
			const [mentor] = await tx
				.select({ userId: mentorProfiles.userId })
				.from(mentorProfiles)
				.where(eq(mentorProfiles.id, row.mentorId));
			if (!mentor) continue;
			await notifyUser(tx, mentor.userId, undefined, (locale) => ({
				kind: 'mentor.reminder',
				title: m.mentor_notify_reminder_title({}, { locale }),
				body: m.mentor_notify_reminder_body(
					{ days: EXPIRE_AFTER_DAYS - REMIND_AFTER_DAYS },
					{ locale }
				),
				link: localised(`/mentors/requests/${row.id}`, locale)
			}));
		}
		return rows.length;
	});
	return { reminded: reminded as number, expired: expired as number };
}
