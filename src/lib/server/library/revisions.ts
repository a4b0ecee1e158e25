/**
 * An entry's metadata revisions, for those who may edit it: when, who and which fields changed.
 * Each revision stores the whole metadata set, so a change is its difference to the one before;
 * workflow steps store the status they moved from and to.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { caseRevisions, users } from '../../../../db/schema';
import { displayName } from '../account';

export interface Revision {
	id: number;
	at: Date;
	/** The actor's display name, or null for seed data and system changes. */
	actor: string | null;
	action: string;
	/** Metadata fields that differ from the revision before (for create: those filled in). */
	fields: string[];
	/** For workflow steps: the status before and after. */
	from?: string;
	to?: string;
}

const STEPS = new Set(['submit', 'publish', 'request_changes', 'archive']);

/** The form's order of fields (jsonb keeps keys in its own order). */
const ORDER: string[] = [
	'kind',
	'title',
	'summary',
	'scope',
	'periodStart',
	'periodEnd',
	'municipalities',
	'themes',
	'targetGroups',
	'networks',
	'partners',
	'jobsCreated',
	'flexJobs',
	'peopleInTraining',
	'peopleInRessourceforloeb',
	'sroiRatio',
	'indicators'
];
const rank = (key: string) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);

function filled(value: unknown): boolean {
	if (value === null || value === undefined || value === '') return false;
	return !(Array.isArray(value) && value.length === 0);
}

/** Revisions newest first. */
export async function listRevisions(db: Db, caseId: string, limit = 500): Promise<Revision[]> {
	const rows = await db
		.select({
			id: caseRevisions.id,
			at: caseRevisions.createdAt,
			action: caseRevisions.action,
			metadata: caseRevisions.metadata,
			actorId: caseRevisions.actorId,
			actorName: users.name,
			actorDeletedAt: users.deletedAt
		})
		.from(caseRevisions)
		.leftJoin(users, eq(users.id, caseRevisions.actorId))
		.where(eq(caseRevisions.caseId, caseId))
		.orderBy(asc(caseRevisions.id));
	let previous: Record<string, unknown> | null = null;
	const out: Revision[] = [];
	for (const r of rows) {
		const meta = r.metadata ?? {};
		const base = {
			id: r.id,
			at: r.at,
			actor: r.actorId ? displayName({ name: r.actorName, deletedAt: r.actorDeletedAt }) : null,
			action: r.action
		};
		if (STEPS.has(r.action)) {
			out.push({ ...base, fields: [], from: String(meta.from ?? ''), to: String(meta.to ?? '') });
			continue;
		}
		const before = previous;
		const fields = Object.keys(meta)
			.filter((k) =>
				before ? JSON.stringify(meta[k]) !== JSON.stringify(before[k]) : filled(meta[k])
			)
			.sort((a, b) => rank(a) - rank(b));
		previous = meta;
		out.push({ ...base, fields });
	}
	return out.reverse().slice(0, limit);
}
