/**
 * The park directory: social-economy enterprises with a park profile (tenants at Staldgården and
 * virtual members), their SØV self-assessment and pipeline stage, and the dialogue timeline that
 * only the enterprise and its advisers see. Free of SvelteKit imports.
 */
import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import type { Actor, Result } from '../core';
import {
	adviserGroupMembers,
	dialogueKinds,
	memberships,
	municipalities,
	organisations,
	parkDialogue,
	parkEnterprises,
	parkMemberships,
	pipelineStages,
	sovCriteria,
	type DialogueKind,
	type ParkMembership,
	type PipelineStage,
	type SovAssessment
} from '../../../../db/schema';
import { audit } from '../audit';
import { isDate } from '../../time';

export type { Actor };

export { dialogueKinds, parkMemberships, pipelineStages, sovCriteria };

/** The park's answers: the core result shape. */
export type Outcome<T = undefined> = Result<T>;

const includes = <T extends string>(list: readonly T[], v: string): v is T =>
	(list as readonly string[]).includes(v);
export const isMembership = (v: string): v is ParkMembership => includes(parkMemberships, v);
export const isStage = (v: string): v is PipelineStage => includes(pipelineStages, v);
export const isDialogueKind = (v: string): v is DialogueKind => includes(dialogueKinds, v);

function likePattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface DirectoryFilter {
	q?: string;
	membership?: string;
	stage?: string;
	municipality?: string;
	rsv?: boolean;
}

/** Public: the park's enterprises, searchable by name, description, services and sectors. */
export async function list(db: Db, filter: DirectoryFilter = {}) {
	const conditions: SQL[] = [
		eq(organisations.status, 'approved'),
		eq(organisations.kind, 'social_enterprise')
	];
	const q = filter.q?.trim().slice(0, 100);
	if (q) {
		const p = likePattern(q);
		conditions.push(
			or(
				ilike(organisations.name, p),
				ilike(organisations.description, p),
				ilike(parkEnterprises.services, p),
				sql`array_to_string(${parkEnterprises.sectors}, ' ') ilike ${p}`
			)!
		);
	}
	if (filter.membership && isMembership(filter.membership))
		conditions.push(eq(parkEnterprises.membership, filter.membership));
	if (filter.stage && isStage(filter.stage))
		conditions.push(eq(parkEnterprises.stage, filter.stage));
	if (filter.municipality) conditions.push(eq(organisations.municipalityCode, filter.municipality));
	if (filter.rsv) conditions.push(eq(organisations.rsv, true));
	return db
		.select({
			id: organisations.id,
			slug: organisations.slug,
			name: organisations.name,
			description: organisations.description,
			rsv: organisations.rsv,
			municipalityCode: organisations.municipalityCode,
			municipalityName: municipalities.name,
			membership: parkEnterprises.membership,
			stage: parkEnterprises.stage,
			sectors: parkEnterprises.sectors,
			services: parkEnterprises.services
		})
		.from(parkEnterprises)
		.innerJoin(organisations, eq(organisations.id, parkEnterprises.organisationId))
		.leftJoin(municipalities, eq(municipalities.code, organisations.municipalityCode))
		.where(and(...conditions))
		.orderBy(asc(sql`lower(${organisations.name})`));
}

/** Public: one enterprise with its park profile (null when it has none). */
export async function getBySlug(db: Db, slug: string) {
	const [row] = await db
		.select({
			org: {
				id: organisations.id,
				slug: organisations.slug,
				name: organisations.name,
				kind: organisations.kind,
				status: organisations.status,
				rsv: organisations.rsv,
				cvr: organisations.cvr,
				website: organisations.website,
				description: organisations.description,
				municipalityCode: organisations.municipalityCode,
				municipalityName: municipalities.name
			},
			profile: parkEnterprises
		})
		.from(organisations)
		.leftJoin(parkEnterprises, eq(parkEnterprises.organisationId, organisations.id))
		.leftJoin(municipalities, eq(municipalities.code, organisations.municipalityCode))
		.where(eq(organisations.slug, slug));
	if (!row || row.org.status !== 'approved' || row.org.kind !== 'social_enterprise') return null;
	return row;
}

/** True when the user is in at least one adviser group. */
export async function isAdviser(db: Db, userId: string): Promise<boolean> {
	const [row] = await db
		.select({ userId: adviserGroupMembers.userId })
		.from(adviserGroupMembers)
		.where(eq(adviserGroupMembers.userId, userId))
		.limit(1);
	return Boolean(row);
}

async function activeRole(db: Db, userId: string, organisationId: string) {
	const [row] = await db
		.select({ role: memberships.role })
		.from(memberships)
		.where(
			and(
				eq(memberships.userId, userId),
				eq(memberships.organisationId, organisationId),
				eq(memberships.status, 'active')
			)
		);
	return row?.role ?? null;
}

export interface EnterpriseAccess {
	/** Edit the park profile: the enterprise's editors and org admins, platform admins. */
	canEdit: boolean;
	/** See the dialogue timeline: its members, advisers, platform admins. */
	canSeeDialogue: boolean;
	/** Add to the timeline: its editors, advisers, platform admins. */
	canAddDialogue: boolean;
}

export async function access(
	db: Db,
	user: Actor | null,
	organisationId: string
): Promise<EnterpriseAccess> {
	if (!user) return { canEdit: false, canSeeDialogue: false, canAddDialogue: false };
	if (user.role === 'admin') return { canEdit: true, canSeeDialogue: true, canAddDialogue: true };
	const [role, adviser] = await Promise.all([
		activeRole(db, user.id, organisationId),
		isAdviser(db, user.id)
	]);
	const editor = role === 'editor' || role === 'org_admin';
	return {
		canEdit: editor,
		canSeeDialogue: Boolean(role) || adviser,
		canAddDialogue: editor || adviser
	};
}

export const TEXT_MAX = 2000;

export interface ProfileInput {
	membership: string;
	stage: string;
	sectors: string;
	services: string;
	contactEmail: string;
	contactPhone: string;
	address: string;
	foundedYear: string;
	jobs: string;
	flexJobs: string;
	sroi: string;
	criteria: Record<string, { met: boolean; explanation: string }>;
}

/** Checks a profile form; returns the row to store or field error codes. */
export function validateProfile(
	input: ProfileInput,
	thisYear: number
):
	| { ok: true; value: Omit<typeof parkEnterprises.$inferInsert, 'organisationId'> }
	| { ok: false; errors: Record<string, string> } {
	const errors: Record<string, string> = {};
	if (!isMembership(input.membership)) errors.membership = 'invalid_choice';
	if (!isStage(input.stage)) errors.stage = 'invalid_choice';
	const sectors = input.sectors
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean)
		.slice(0, 12);
	if (sectors.some((s) => s.length > 60)) errors.sectors = 'too_long';
	if (input.services.length > TEXT_MAX) errors.services = 'too_long';
	const email = input.contactEmail.trim();
	if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.contactEmail = 'invalid_email';
	const phone = input.contactPhone.trim();
	if (phone.length > 30) errors.contactPhone = 'too_long';
	const address = input.address.trim();
	if (address.length > 200) errors.address = 'too_long';
	const count = (name: 'jobs' | 'flexJobs' | 'foundedYear'): number | null => {
		const text = input[name].trim();
		if (!text) return null;
		if (!/^\d+$/.test(text)) {
			errors[name] = 'not_a_count';
			return null;
		}
		return Number(text);
	};
	const jobs = count('jobs');
	const flexJobs = count('flexJobs');
	const foundedYear = count('foundedYear');
	if (foundedYear !== null && (foundedYear < 1800 || foundedYear > thisYear))
		errors.foundedYear = 'invalid_year';
	let sroi: number | null = null;
	const sroiText = input.sroi.trim().replace(',', '.');
	if (sroiText) {
		sroi = Number(sroiText);
		if (!Number.isFinite(sroi) || sroi < 0 || sroi > 1000) errors.sroi = 'invalid_number';
	}
	const criteria: SovAssessment = {};
	for (const key of sovCriteria) {
		const c = input.criteria[key];
		if (!c) continue;
		const explanation = c.explanation.trim();
		if (explanation.length > TEXT_MAX) errors[`criteria_${key}`] = 'too_long';
		criteria[key] = { met: c.met, explanation };
	}
	if (Object.keys(errors).length) return { ok: false, errors };
	return {
		ok: true,
		value: {
			membership: input.membership as ParkMembership,
			stage: input.stage as PipelineStage,
			sectors,
			services: input.services.trim(),
			contactEmail: email || null,
			contactPhone: phone || null,
			address: address || null,
			foundedYear,
			jobs: jobs ?? 0,
			flexJobs: flexJobs ?? 0,
			sroi,
			criteria
		}
	};
}

/** Creates or updates the park profile; the module checks the actor's right itself. */
export async function saveProfile(
	db: Db,
	actor: Actor,
	organisationId: string,
	value: Omit<typeof parkEnterprises.$inferInsert, 'organisationId'>,
	now = new Date()
): Promise<Outcome> {
	if (!(await access(db, actor, organisationId)).canEdit) return { ok: false, code: 'forbidden' };
	await db.transaction(async (tx) => {
		const row = { ...value, organisationId, updatedAt: now, updatedBy: actor.id };
		await tx
			.insert(parkEnterprises)
			.values(row)
			.onConflictDoUpdate({ target: parkEnterprises.organisationId, set: row });
		await audit(tx, {
			actorId: actor.id,
			action: 'park.profile_saved',
			targetType: 'organisation',
			targetId: organisationId,
			organisationId,
			details: { membership: value.membership, stage: value.stage }
		});
	});
	return { ok: true, value: undefined };
}

export async function dialogue(db: Db, organisationId: string) {
	return db
		.select({
			id: parkDialogue.id,
			occurredOn: parkDialogue.occurredOn,
			kind: parkDialogue.kind,
			title: parkDialogue.title,
			notes: parkDialogue.notes
		})
		.from(parkDialogue)
		.where(eq(parkDialogue.organisationId, organisationId))
		.orderBy(asc(parkDialogue.occurredOn), asc(parkDialogue.createdAt));
}

export async function addDialogue(
	db: Db,
	actor: Actor,
	organisationId: string,
	input: { occurredOn: string; kind: string; title: string; notes: string }
): Promise<Outcome<{ errors?: Record<string, string> }>> {
	if (!(await access(db, actor, organisationId)).canAddDialogue)
		return { ok: false, code: 'forbidden' };
	const errors: Record<string, string> = {};
	if (!isDate(input.occurredOn)) errors.occurredOn = 'invalid_date';
	if (!isDialogueKind(input.kind)) errors.kind = 'invalid_choice';
	const title = input.title.trim();
	if (!title) errors.title = 'required';
	else if (title.length > 200) errors.title = 'too_long';
	if (input.notes.length > TEXT_MAX) errors.notes = 'too_long';
	if (Object.keys(errors).length) return { ok: true, value: { errors } };
	await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(parkDialogue)
			.values({
				organisationId,
				occurredOn: input.occurredOn,
				kind: input.kind as DialogueKind,
				title,
				notes: input.notes.trim(),
				createdBy: actor.id
			})
			.returning({ id: parkDialogue.id });
		await audit(tx, {
			actorId: actor.id,
			action: 'park.dialogue_added',
			targetType: 'park_dialogue',
			targetId: row.id,
			organisationId
		});
	});
	return { ok: true, value: {} };
}
