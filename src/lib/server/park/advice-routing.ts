/**
 * Routing an advice request: the advisers, their topics and municipalities, and who gets a
 * request.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	adviceRoutingRules,
	adviserGroupMembers,
	adviserGroups,
	municipalities,
	users,
	type AdviceTopic
} from '../../../../db/schema';
import { audit } from '../audit';
import type { Actor } from './directory';
import { isUuid } from '../core';
import { isTopic, type Fail, type Ok } from './advice-shared';

export interface RoutingRule {
	topic: string | null;
	municipalityCode: string | null;
	groupId: string;
}

/**
 * The group for a request: topic and municipality both match > topic only > municipality only >
 * the fallback (both empty). Null when there is no rule at all.
 */
export function pickRoute(
	rules: RoutingRule[],
	topic: string,
	municipalityCode: string | null
): string | null {
	const score = (r: RoutingRule) => {
		if (r.topic !== null && r.topic !== topic) return -1;
		if (r.municipalityCode !== null && r.municipalityCode !== municipalityCode) return -1;
		return (r.topic !== null ? 2 : 0) + (r.municipalityCode !== null ? 1 : 0);
	};
	let best: RoutingRule | null = null;
	let bestScore = -1;
	for (const rule of rules) {
		const s = score(rule);
		if (s > bestScore) [best, bestScore] = [rule, s];
	}
	return best?.groupId ?? null;
}

export async function route(
	db: Db,
	topic: string,
	municipalityCode: string | null
): Promise<string | null> {
	const rules = await db
		.select({
			topic: adviceRoutingRules.topic,
			municipalityCode: adviceRoutingRules.municipalityCode,
			groupId: adviceRoutingRules.groupId
		})
		.from(adviceRoutingRules);
	return pickRoute(rules, topic, municipalityCode);
}

export async function groups(db: Db) {
	const [rows, members] = await Promise.all([
		db.select().from(adviserGroups).orderBy(asc(adviserGroups.name)),
		db
			.select({
				groupId: adviserGroupMembers.groupId,
				userId: users.id,
				name: users.name,
				email: users.email
			})
			.from(adviserGroupMembers)
			.innerJoin(users, eq(users.id, adviserGroupMembers.userId))
			.orderBy(asc(users.name))
	]);
	return rows.map((g) => ({ ...g, members: members.filter((m) => m.groupId === g.id) }));
}

export async function rules(db: Db) {
	return db
		.select({
			id: adviceRoutingRules.id,
			topic: adviceRoutingRules.topic,
			municipalityCode: adviceRoutingRules.municipalityCode,
			municipalityName: municipalities.name,
			groupId: adviceRoutingRules.groupId,
			groupName: adviserGroups.name
		})
		.from(adviceRoutingRules)
		.innerJoin(adviserGroups, eq(adviserGroups.id, adviceRoutingRules.groupId))
		.leftJoin(municipalities, eq(municipalities.code, adviceRoutingRules.municipalityCode))
		.orderBy(
			sql`${adviceRoutingRules.topic} nulls last`,
			sql`${adviceRoutingRules.municipalityCode} nulls last`
		);
}

/** Admin: adds or replaces the rule for a topic × municipality (either may be empty = any). */
export async function setRule(
	db: Db,
	actor: Actor,
	input: { topic: string; municipalityCode: string; groupId: string }
): Promise<Ok<undefined> | Fail> {
	if (actor.role !== 'admin') return { ok: false, code: 'forbidden' };
	const errors: Record<string, string> = {};
	const topic = input.topic || null;
	if (topic !== null && !isTopic(topic)) errors.topic = 'invalid_choice';
	const municipalityCode = input.municipalityCode || null;
	if (municipalityCode !== null) {
		const [m] = await db
			.select({ code: municipalities.code })
			.from(municipalities)
			.where(eq(municipalities.code, municipalityCode));
		if (!m) errors.municipalityCode = 'unknown_municipality';
	}
	if (!isUuid(input.groupId)) errors.groupId = 'invalid_choice';
	else {
		const [g] = await db
			.select({ id: adviserGroups.id })
			.from(adviserGroups)
			.where(eq(adviserGroups.id, input.groupId));
		if (!g) errors.groupId = 'invalid_choice';
	}
	if (Object.keys(errors).length) return { ok: false, code: 'invalid', errors };
	await db.transaction(async (tx) => {
		await tx
			.delete(adviceRoutingRules)
			.where(
				and(
					topic === null
						? isNull(adviceRoutingRules.topic)
						: eq(adviceRoutingRules.topic, topic as AdviceTopic),
					municipalityCode === null
						? isNull(adviceRoutingRules.municipalityCode)
						: eq(adviceRoutingRules.municipalityCode, municipalityCode)
				)
			);
		await tx
			.insert(adviceRoutingRules)
			.values({ topic: topic as AdviceTopic | null, municipalityCode, groupId: input.groupId });
		await audit(tx, {
			actorId: actor.id,
			action: 'advice.rule_set',
			targetType: 'advice_routing_rule',
			details: { topic, municipalityCode, groupId: input.groupId }
		});
	});
	return { ok: true, value: undefined };
}

export async function deleteRule(
	db: Db,
	actor: Actor,
	ruleId: string
): Promise<Ok<undefined> | Fail> {
	if (actor.role !== 'admin') return { ok: false, code: 'forbidden' };
	if (!isUuid(ruleId)) return { ok: false, code: 'not_found' };
	await db.transaction(async (tx) => {
		await tx.delete(adviceRoutingRules).where(eq(adviceRoutingRules.id, ruleId));
		await audit(tx, {
			actorId: actor.id,
			action: 'advice.rule_deleted',
			targetType: 'advice_routing_rule',
			targetId: ruleId
		});
	});
	return { ok: true, value: undefined };
}

export async function createGroup(
	db: Db,
	actor: Actor,
	input: { name: string; description: string }
): Promise<Ok<{ id: string }> | Fail> {
	if (actor.role !== 'admin') return { ok: false, code: 'forbidden' };
	const name = input.name.trim();
	if (!name) return { ok: false, code: 'invalid', errors: { name: 'required' } };
	if (name.length > 120) return { ok: false, code: 'invalid', errors: { name: 'too_long' } };
	const [exists] = await db
		.select({ id: adviserGroups.id })
		.from(adviserGroups)
		.where(sql`lower(${adviserGroups.name}) = ${name.toLowerCase()}`);
	if (exists) return { ok: false, code: 'invalid', errors: { name: 'name_taken' } };
	const id = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(adviserGroups)
			.values({ name, description: input.description.trim().slice(0, 500) })
			.returning({ id: adviserGroups.id });
		await audit(tx, {
			actorId: actor.id,
			action: 'advice.group_created',
			targetType: 'adviser_group',
			targetId: row.id
		});
		return row.id;
	});
	return { ok: true, value: { id } };
}

/** Admin: adds a user (by e-mail) to an adviser group. */
export async function addMember(
	db: Db,
	actor: Actor,
	groupId: string,
	email: string
): Promise<Ok<undefined> | Fail> {
	if (actor.role !== 'admin') return { ok: false, code: 'forbidden' };
	if (!isUuid(groupId)) return { ok: false, code: 'not_found' };
	const [user] = await db
		.select({ id: users.id })
		.from(users)
		.where(
			and(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`, isNull(users.deletedAt))
		);
	if (!user) return { ok: false, code: 'invalid', errors: { email: 'unknown_user' } };
	await db.transaction(async (tx) => {
		await tx.insert(adviserGroupMembers).values({ groupId, userId: user.id }).onConflictDoNothing();
		await audit(tx, {
			actorId: actor.id,
			action: 'advice.group_member_added',
			targetType: 'adviser_group',
			targetId: groupId,
			details: { userId: user.id }
		});
	});
	return { ok: true, value: undefined };
}

export async function removeMember(
	db: Db,
	actor: Actor,
	groupId: string,
	userId: string
): Promise<Ok<undefined> | Fail> {
	if (actor.role !== 'admin') return { ok: false, code: 'forbidden' };
	if (!isUuid(groupId) || !isUuid(userId)) return { ok: false, code: 'not_found' };
	await db.transaction(async (tx) => {
		await tx
			.delete(adviserGroupMembers)
			.where(and(eq(adviserGroupMembers.groupId, groupId), eq(adviserGroupMembers.userId, userId)));
		await audit(tx, {
			actorId: actor.id,
			action: 'advice.group_member_removed',
			targetType: 'adviser_group',
			targetId: groupId,
			details: { userId }
		});
	});
	return { ok: true, value: undefined };
}

export async function groupMemberIds(db: Db, groupId: string | null): Promise<string[]> {
	if (!groupId) return [];
	const rows = await db
		.select({ userId: adviserGroupMembers.userId })
		.from(adviserGroupMembers)
		.where(eq(adviserGroupMembers.groupId, groupId));
	return rows.map((r) => r.userId);
}

export async function myGroupIds(db: Db, userId: string): Promise<string[]> {
	const rows = await db
		.select({ groupId: adviserGroupMembers.groupId })
		.from(adviserGroupMembers)
		.where(eq(adviserGroupMembers.userId, userId));
	return rows.map((r) => r.groupId);
}
