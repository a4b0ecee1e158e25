/** Mentor profiles: reading, contact details for the pair, and saving with its checks. */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	memberships,
	mentorProfiles,
	mentorshipRequests,
	municipalities,
	organisations,
	users
} from '../../../../db/schema';
import { isLanguage, isMode, isSector, isTag, searchTextFor } from '../../mentors/vocabulary';
import { audit } from '../audit';
import { isUuid } from '../core';
import {
	type Context,
	LIMITS,
	MAX_CAPACITY,
	MENTOR_ORG_KINDS,
	MENTORSHIP_STATUSES,
	OPEN_STATUSES
} from './shared';

export const profileColumns = {
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
