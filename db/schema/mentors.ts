import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	customType,
	date,
	index,
	integer,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { municipalities, organisations, users } from './core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * A mentor: one per user, speaking for one organisation. `open_slots` is the number of mentees the
 * mentor can still take; accepting a request decrements it only while it is above zero, so two
 * accepts at once can never overbook (the check constraint is the last line of defence).
 */
export const mentorProfiles = pgTable(
	'mentor_profiles',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'restrict' }),
		headline: text('headline').notNull(),
		bio: text('bio').notNull().default(''),
		/** Slugs from the managed vocabulary in src/lib/mentors/vocabulary.ts. */
		expertise: text('expertise')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		sectors: text('sectors')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		languages: text('languages')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		/** `online` and/or `in_person`. */
		meetingModes: text('meeting_modes')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		municipalityCode: text('municipality_code')
			.notNull()
			.references(() => municipalities.code),
		capacity: integer('capacity').notNull().default(1),
		openSlots: integer('open_slots').notNull().default(1),
		accepting: boolean('accepting').notNull().default(true),
		/** The staircase: how the mentor themself came from the target group, if they did. */
		roleModelStory: text('role_model_story').notNull().default(''),
		/** Shown only to mentees with an accepted mentorship. */
		contactEmail: text('contact_email').notNull().default(''),
		contactPhone: text('contact_phone').notNull().default(''),
		/** Labels of tags, sectors and organisation, kept by the app for full-text search. */
		searchText: text('search_text').notNull().default(''),
		search: tsvector('search').generatedAlwaysAs(
			sql`to_tsvector('danish'::regconfig, coalesce(headline, '') || ' ' || coalesce(bio, '') || ' ' || coalesce(role_model_story, '') || ' ' || coalesce(search_text, ''))`
		),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('mentor_profiles_user_key').on(t.userId),
		index('mentor_profiles_org_idx').on(t.organisationId),
		index('mentor_profiles_search_idx').using('gin', t.search),
		check(
			'mentor_profiles_slots_check',
			sql`${t.openSlots} >= 0 and ${t.openSlots} <= ${t.capacity}`
		),
		check('mentor_profiles_capacity_check', sql`${t.capacity} >= 0 and ${t.capacity} <= 50`)
	]
);

export const mentorshipStatuses = [
	'pending',
	'accepted',
	'declined',
	'withdrawn',
	'expired',
	'completed',
	'ended'
] as const;
export type MentorshipStatus = (typeof mentorshipStatuses)[number];

/** A request from a mentee to a mentor, and — once accepted — the mentorship itself. */
export const mentorshipRequests = pgTable(
	'mentorship_requests',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		mentorId: uuid('mentor_id')
			.notNull()
			.references(() => mentorProfiles.id, { onDelete: 'cascade' }),
		menteeId: uuid('mentee_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		need: text('need').notNull(),
		/** The needs the mentee described, as matched: tags, sector, region, language. */
		tags: text('tags')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		sector: text('sector'),
		regionCode: text('region_code'),
		language: text('language'),
		status: text('status', { enum: mentorshipStatuses }).notNull().default('pending'),
		responseMessage: text('response_message').notNull().default(''),
		createdAt: createdAt(),
		remindedAt: timestamp('reminded_at', { withTimezone: true }),
		respondedAt: timestamp('responded_at', { withTimezone: true }),
		endedAt: timestamp('ended_at', { withTimezone: true }),
		endedBy: uuid('ended_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		// One open request (pending or accepted) per mentee and mentor.
		uniqueIndex('mentorship_requests_open_key')
			.on(t.mentorId, t.menteeId)
			.where(sql`status in ('pending', 'accepted')`),
		index('mentorship_requests_mentor_idx').on(t.mentorId, t.status),
		index('mentorship_requests_mentee_idx').on(t.menteeId, t.status),
		index('mentorship_requests_pending_idx').on(t.status, t.createdAt)
	]
);

export const mentorshipMessages = pgTable(
	'mentorship_messages',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		requestId: uuid('request_id')
			.notNull()
			.references(() => mentorshipRequests.id, { onDelete: 'cascade' }),
		authorId: uuid('author_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		body: text('body').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('mentorship_messages_request_idx').on(t.requestId, t.createdAt)]
);

/** The session log: when the pair met, about what, and what comes next. */
export const mentorshipSessions = pgTable(
	'mentorship_sessions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		requestId: uuid('request_id')
			.notNull()
			.references(() => mentorshipRequests.id, { onDelete: 'cascade' }),
		authorId: uuid('author_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		heldOn: date('held_on', { mode: 'string' }).notNull(),
		topic: text('topic').notNull(),
		nextStep: text('next_step').notNull().default(''),
		createdAt: createdAt()
	},
	(t) => [index('mentorship_sessions_request_idx').on(t.requestId, t.heldOn)]
);

/** Feedback at the end, one per side; private to the knowledge centre unless `shared`. */
export const mentorshipFeedback = pgTable(
	'mentorship_feedback',
	{
		requestId: uuid('request_id')
			.notNull()
			.references(() => mentorshipRequests.id, { onDelete: 'cascade' }),
		authorId: uuid('author_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		side: text('side', { enum: ['mentor', 'mentee'] }).notNull(),
		rating: integer('rating').notNull(),
		text: text('text').notNull().default(''),
		shared: boolean('shared').notNull().default(false),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.requestId, t.authorId] }),
		check('mentorship_feedback_rating_check', sql`${t.rating} between 1 and 5`)
	]
);
