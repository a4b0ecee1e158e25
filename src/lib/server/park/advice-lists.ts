/** Advice lists and response times: the inbox, the requester's own list and the figures on them. */
import { and, asc, desc, eq, inArray, lt, or } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { adviceRequests, adviserGroups, municipalities } from '../../../../db/schema';
import { hoursBetween, workingDaysBetween } from '../../time';
import type { Actor } from './directory';
import { isStatus } from './advice-shared';
import { myGroupIds } from './advice-routing';

const listColumns = {
	id: adviceRequests.id,
	subject: adviceRequests.subject,
	topic: adviceRequests.topic,
	status: adviceRequests.status,
	municipalityName: municipalities.name,
	groupName: adviserGroups.name,
	assigneeId: adviceRequests.assigneeId,
	createdAt: adviceRequests.createdAt,
	dueAt: adviceRequests.dueAt,
	answeredAt: adviceRequests.answeredAt
};

export async function mine(db: Db, userId: string) {
	return db
		.select(listColumns)
		.from(adviceRequests)
		.leftJoin(adviserGroups, eq(adviserGroups.id, adviceRequests.groupId))
		.leftJoin(municipalities, eq(municipalities.code, adviceRequests.municipalityCode))
		.where(eq(adviceRequests.requesterId, userId))
		.orderBy(desc(adviceRequests.createdAt));
}

/** The requests an adviser works on: their groups' and those assigned to them (admins: all). */
export async function inbox(db: Db, actor: Actor, filter: { status?: string } = {}) {
	const groupIds = actor.role === 'admin' ? null : await myGroupIds(db, actor.id);
	if (groupIds !== null && groupIds.length === 0) return [];
	const scope =
		groupIds === null
			? undefined
			: or(inArray(adviceRequests.groupId, groupIds), eq(adviceRequests.assigneeId, actor.id));
	const status = filter.status && isStatus(filter.status) ? filter.status : null;
	return db
		.select(listColumns)
		.from(adviceRequests)
		.leftJoin(adviserGroups, eq(adviserGroups.id, adviceRequests.groupId))
		.leftJoin(municipalities, eq(municipalities.code, adviceRequests.municipalityCode))
		.where(and(scope, status ? eq(adviceRequests.status, status) : undefined))
		.orderBy(asc(adviceRequests.dueAt));
}

/** Requests past their target without an answer, oldest target first. */
export async function overdue(db: Db, actor: Actor, now = new Date()) {
	const groupIds = actor.role === 'admin' ? null : await myGroupIds(db, actor.id);
	if (groupIds !== null && groupIds.length === 0) return [];
	const scope =
		groupIds === null
			? undefined
			: or(inArray(adviceRequests.groupId, groupIds), eq(adviceRequests.assigneeId, actor.id));
	const rows = await db
		.select(listColumns)
		.from(adviceRequests)
		.leftJoin(adviserGroups, eq(adviserGroups.id, adviceRequests.groupId))
		.leftJoin(municipalities, eq(municipalities.code, adviceRequests.municipalityCode))
		.where(
			and(scope, inArray(adviceRequests.status, ['new', 'assigned']), lt(adviceRequests.dueAt, now))
		)
		.orderBy(asc(adviceRequests.dueAt));
	return rows.map((r) => ({ ...r, workingDaysLate: workingDaysBetween(r.dueAt, now) }));
}

export interface ResponseStats {
	total: number;
	answered: number;
	answeredOnTime: number;
	open: number;
	overdue: number;
	/** Median hours to the first answer, null with no answers. */
	medianHours: number | null;
}

/** Response-time figures over the requests the actor sees. */
export async function stats(db: Db, actor: Actor, now = new Date()): Promise<ResponseStats> {
	const rows = await inbox(db, actor);
	const answered = rows.filter((r) => r.answeredAt);
	const hours = answered.map((r) => hoursBetween(r.createdAt, r.answeredAt!)).sort((a, b) => a - b);
	const mid = Math.floor(hours.length / 2);
	return {
		total: rows.length,
		answered: answered.length,
		answeredOnTime: answered.filter((r) => r.answeredAt! <= r.dueAt).length,
		open: rows.filter((r) => r.status === 'new' || r.status === 'assigned').length,
		overdue: rows.filter((r) => (r.status === 'new' || r.status === 'assigned') && r.dueAt < now)
			.length,
		medianHours: hours.length
			? hours.length % 2
				? hours[mid]
				: Math.round(((hours[mid - 1] + hours[mid]) / 2) * 10) / 10
			: null
	};
}
