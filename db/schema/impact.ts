import {
	date,
	doublePrecision,
	index,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uuid
} from 'drizzle-orm/pg-core';
import { municipalities, users } from './core';

/** Figures recorded per municipality in a snapshot. */
export const impactMetrics = [
	'enterprises_total',
	'registered',
	'founded_in_year',
	'pipeline',
	'jobs',
	'flex_jobs',
	'sroi'
] as const;
export type ImpactMetric = (typeof impactMetrics)[number];

/** A dated set of figures from one source (a report, a survey, a municipality's own count). */
export const impactSnapshots = pgTable(
	'impact_snapshots',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		title: text('title').notNull(),
		takenOn: date('taken_on', { mode: 'string' }).notNull(),
		source: text('source').notNull(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('impact_snapshots_taken_on_idx').on(t.takenOn)]
);

export const impactFigures = pgTable(
	'impact_figures',
	{
		snapshotId: uuid('snapshot_id')
			.notNull()
			.references(() => impactSnapshots.id, { onDelete: 'cascade' }),
		municipalityCode: text('municipality_code')
			.notNull()
			.references(() => municipalities.code),
		metric: text('metric', { enum: impactMetrics }).notNull(),
		value: doublePrecision('value').notNull()
	},
	(t) => [primaryKey({ columns: [t.snapshotId, t.municipalityCode, t.metric] })]
);
