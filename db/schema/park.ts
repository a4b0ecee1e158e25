import { sql } from 'drizzle-orm';
import {
	check,
	date,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { municipalities, organisations, users } from './core';
import { bytea } from './documents';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** Tenant at Staldgården (`physical`) or member of the virtual park (`virtual`). */
export const parkMemberships = ['physical', 'virtual'] as const;
export type ParkMembership = (typeof parkMemberships)[number];

/** On the way to a registered social-economy enterprise. */
export const pipelineStages = ['idea', 'starting', 'operating', 'registered'] as const;
export type PipelineStage = (typeof pipelineStages)[number];

/**
 * The five criteria of a social-economy enterprise (Kolding strategy, after the 2014 act):
 * social purpose, substantial trade, independence from the public sector, social use of profit,
 * responsible and inclusive governance.
 */
export const sovCriteria = [
	'social_purpose',
	'trade',
	'independence',
	'profit',
	'governance'
] as const;
export type SovCriterion = (typeof sovCriteria)[number];
export type SovAssessment = Partial<Record<SovCriterion, { met: boolean; explanation: string }>>;

/** The park profile of a social-economy enterprise (one per organisation). */
export const parkEnterprises = pgTable(
	'park_enterprises',
	{
		organisationId: uuid('organisation_id')
			.primaryKey()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		membership: text('membership', { enum: parkMemberships }).notNull().default('virtual'),
		stage: text('stage', { enum: pipelineStages }).notNull().default('operating'),
		sectors: text('sectors')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		/** What it sells to municipalities and businesses (the municipality as customer). */
		services: text('services').notNull().default(''),
		contactEmail: text('contact_email'),
		contactPhone: text('contact_phone'),
		address: text('address'),
		foundedYear: integer('founded_year'),
		jobs: integer('jobs').notNull().default(0),
		flexJobs: integer('flex_jobs').notNull().default(0),
		/** Reported social return on investment, e.g. 8 for 1:8. */
		sroi: doublePrecision('sroi'),
		criteria: jsonb('criteria').$type<SovAssessment>().notNull().default({}),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		index('park_enterprises_stage_idx').on(t.stage),
		check('park_enterprises_counts_check', sql`${t.jobs} >= 0 and ${t.flexJobs} >= 0`)
	]
);

export const dialogueKinds = ['meeting', 'call', 'decision', 'note'] as const;
export type DialogueKind = (typeof dialogueKinds)[number];

/** Dated meetings, calls and decisions with an enterprise in the pipeline. */
export const parkDialogue = pgTable(
	'park_dialogue',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
		kind: text('kind', { enum: dialogueKinds }).notNull(),
		title: text('title').notNull(),
		notes: text('notes').notNull().default(''),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [index('park_dialogue_org_idx').on(t.organisationId, t.occurredOn)]
);

/** A group of advisers (a business office, a jobcenter, the knowledge centre, a partner). */
export const adviserGroups = pgTable(
	'adviser_groups',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('adviser_groups_name_key').on(sql`lower(${t.name})`)]
);

export const adviserGroupMembers = pgTable(
	'adviser_group_members',
	{
		groupId: uuid('group_id')
			.notNull()
			.references(() => adviserGroups.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.groupId, t.userId] }),
		index('adviser_group_members_user_idx').on(t.userId)
	]
);

export const adviceTopics = [
	'starting',
	'employment',
	'funding',
	'registration',
	'procurement',
	'premises',
	'other'
] as const;
export type AdviceTopic = (typeof adviceTopics)[number];

/**
 * Topic × municipality → adviser group. A null topic or municipality matches any; the most
 * specific rule wins; the rule with both null is the fallback.
 */
export const adviceRoutingRules = pgTable(
	'advice_routing_rules',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		topic: text('topic', { enum: adviceTopics }),
		municipalityCode: text('municipality_code').references(() => municipalities.code),
		groupId: uuid('group_id')
			.notNull()
			.references(() => adviserGroups.id, { onDelete: 'cascade' }),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('advice_routing_rules_key').on(
			sql`coalesce(${t.topic}, '')`,
			sql`coalesce(${t.municipalityCode}, '')`
		)
	]
);

export const adviceStatuses = ['new', 'assigned', 'answered', 'closed'] as const;
export type AdviceStatus = (typeof adviceStatuses)[number];

export const adviceRequests = pgTable(
	'advice_requests',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		requesterId: uuid('requester_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		topic: text('topic', { enum: adviceTopics }).notNull(),
		municipalityCode: text('municipality_code').references(() => municipalities.code),
		subject: text('subject').notNull(),
		description: text('description').notNull(),
		groupId: uuid('group_id').references(() => adviserGroups.id, { onDelete: 'set null' }),
		assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
		status: text('status', { enum: adviceStatuses }).notNull().default('new'),
		createdAt: createdAt(),
		/** The response target: created + N working days. */
		dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
		assignedAt: timestamp('assigned_at', { withTimezone: true }),
		answeredAt: timestamp('answered_at', { withTimezone: true }),
		closedAt: timestamp('closed_at', { withTimezone: true })
	},
	(t) => [
		index('advice_requests_group_idx').on(t.groupId, t.status),
		index('advice_requests_requester_idx').on(t.requesterId, t.createdAt),
		index('advice_requests_due_idx').on(t.status, t.dueAt)
	]
);

export const adviceMessageKinds = ['message', 'reply', 'note'] as const;
export type AdviceMessageKind = (typeof adviceMessageKinds)[number];

/** `message` from the requester, `reply` from an adviser, `note` internal to the advisers. */
export const adviceMessages = pgTable(
	'advice_messages',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		requestId: uuid('request_id')
			.notNull()
			.references(() => adviceRequests.id, { onDelete: 'cascade' }),
		authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
		kind: text('kind', { enum: adviceMessageKinds }).notNull(),
		body: text('body').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('advice_messages_request_idx').on(t.requestId, t.createdAt)]
);

export const adviceAttachments = pgTable(
	'advice_attachments',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		requestId: uuid('request_id')
			.notNull()
			.references(() => adviceRequests.id, { onDelete: 'cascade' }),
		filename: text('filename').notNull(),
		contentType: text('content_type').notNull(),
		size: integer('size').notNull(),
		/** Where the bytes are in the file store (as library attachments). */
		storageKey: text('storage_key'),
		/** Bytes of files uploaded before the file store held them; moved out on first read. */
		data: bytea('data'),
		createdAt: createdAt()
	},
	(t) => [index('advice_attachments_request_idx').on(t.requestId)]
);

/** Meeting rooms at Staldgården. */
export const parkRooms = pgTable(
	'park_rooms',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		name: text('name').notNull(),
		slug: text('slug').notNull(),
		capacity: integer('capacity').notNull(),
		description: text('description').notNull().default(''),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('park_rooms_slug_key').on(t.slug),
		check('park_rooms_capacity_check', sql`${t.capacity} > 0`)
	]
);

/**
 * Room bookings. Overlaps among bookings that are not cancelled are refused by an exclusion
 * constraint (db/sql/park.sql), so two concurrent requests cannot both win.
 */
export const parkBookings = pgTable(
	'park_bookings',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		roomId: uuid('room_id')
			.notNull()
			.references(() => parkRooms.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id').references(() => organisations.id, {
			onDelete: 'set null'
		}),
		bookedBy: uuid('booked_by').references(() => users.id, { onDelete: 'set null' }),
		title: text('title').notNull(),
		startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
		endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
		cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(t) => [
		index('park_bookings_room_idx').on(t.roomId, t.startsAt),
		check('park_bookings_order_check', sql`${t.endsAt} > ${t.startsAt}`)
	]
);
