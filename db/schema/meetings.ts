import { sql } from 'drizzle-orm';
import {
	bigserial,
	boolean,
	check,
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
import { organisations, users } from './core';
import { networks } from './networks';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const meetingStatuses = ['scheduled', 'cancelled'] as const;

/** A network meeting; a series of four a year shares `series_id`. */
export const meetings = pgTable(
	'meetings',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		networkId: uuid('network_id').references(() => networks.id, { onDelete: 'set null' }),
		seriesId: uuid('series_id'),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
		endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
		/** Street address; empty for online-only meetings. */
		place: text('place').notNull().default(''),
		/** The meeting has a room in the browser. */
		online: boolean('online').notNull().default(true),
		capacity: integer('capacity').notNull(),
		chairId: uuid('chair_id').references(() => users.id, { onDelete: 'set null' }),
		status: text('status', { enum: meetingStatuses }).notNull().default('scheduled'),
		currentAgendaItemId: uuid('current_agenda_item_id'),
		/** Minutes written in the room (plain text with headings), pre-filled from the agenda. */
		minutes: text('minutes').notNull().default(''),
		/** The library entry (kind meeting_minutes) once the library module is merged. */
		minutesEntryId: uuid('minutes_entry_id'),
		minutesPublishedAt: timestamp('minutes_published_at', { withTimezone: true }),
		/** Bumped on every change of time or place so calendars replace the event (iCalendar SEQUENCE). */
		sequence: integer('sequence').notNull().default(0),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('meetings_starts_idx').on(t.startsAt),
		index('meetings_network_idx').on(t.networkId, t.startsAt),
		check('meetings_end_after_start', sql`${t.endsAt} > ${t.startsAt}`),
		check('meetings_capacity_positive', sql`${t.capacity} > 0`)
	]
);

export const meetingAgendaItems = pgTable(
	'meeting_agenda_items',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		title: text('title').notNull(),
		/** Local time of day in Europe/Copenhagen, `HH:MM`. */
		startTime: text('start_time').notNull().default(''),
		durationMinutes: integer('duration_minutes').notNull().default(0),
		presenter: text('presenter').notNull().default('')
	},
	(t) => [index('meeting_agenda_meeting_idx').on(t.meetingId, t.position)]
);

export const meetingAttachments = pgTable('meeting_attachments', {
	id: uuid('id').primaryKey().defaultRandom(),
	meetingId: uuid('meeting_id')
		.notNull()
		.references(() => meetings.id, { onDelete: 'cascade' }),
	title: text('title').notNull(),
	url: text('url').notNull(),
	createdAt: createdAt()
});

export const registrationStatuses = ['registered', 'waiting', 'cancelled'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

/** One row per user and meeting; the waiting list is ordered by `queue_seq`. */
export const meetingRegistrations = pgTable(
	'meeting_registrations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		status: text('status', { enum: registrationStatuses }).notNull(),
		queueSeq: bigserial('queue_seq', { mode: 'number' }).notNull(),
		attended: boolean('attended').notNull().default(false),
		createdAt: createdAt(),
		promotedAt: timestamp('promoted_at', { withTimezone: true }),
		cancelledAt: timestamp('cancelled_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('meeting_registrations_user_key').on(t.meetingId, t.userId),
		index('meeting_registrations_queue_idx').on(t.meetingId, t.status, t.queueSeq)
	]
);

export const meetingChatMessages = pgTable(
	'meeting_chat_messages',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		body: text('body').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('meeting_chat_meeting_idx').on(t.meetingId, t.id)]
);

/** Raised hands; a lowered or called hand is deleted. */
export const meetingHands = pgTable(
	'meeting_hands',
	{
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		seq: bigserial('seq', { mode: 'number' }).notNull(),
		raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.meetingId, t.userId] })]
);

export const meetingDecisions = pgTable('meeting_decisions', {
	id: uuid('id').primaryKey().defaultRandom(),
	meetingId: uuid('meeting_id')
		.notNull()
		.references(() => meetings.id, { onDelete: 'cascade' }),
	text: text('text').notNull(),
	createdAt: createdAt()
});

export const meetingActionItems = pgTable('meeting_action_items', {
	id: uuid('id').primaryKey().defaultRandom(),
	meetingId: uuid('meeting_id')
		.notNull()
		.references(() => meetings.id, { onDelete: 'cascade' }),
	text: text('text').notNull(),
	owner: text('owner').notNull(),
	dueDate: date('due_date'),
	done: boolean('done').notNull().default(false),
	createdAt: createdAt()
});

/** Secret token for a user's subscribable calendar feed. */
export const meetingCalendarTokens = pgTable('meeting_calendar_tokens', {
	userId: uuid('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	token: text('token').notNull().unique(),
	createdAt: createdAt()
});

export const networkJoinRequestStatuses = ['pending', 'approved', 'rejected'] as const;

/** A person asking to join a network, for themselves or for their organisation; coordinators decide. */
export const networkJoinRequests = pgTable(
	'network_join_requests',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		networkId: uuid('network_id')
			.notNull()
			.references(() => networks.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id').references(() => organisations.id, {
			onDelete: 'cascade'
		}),
		message: text('message').notNull().default(''),
		status: text('status', { enum: networkJoinRequestStatuses }).notNull().default('pending'),
		createdAt: createdAt(),
		decidedAt: timestamp('decided_at', { withTimezone: true }),
		decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [index('network_join_requests_network_idx').on(t.networkId, t.status)]
);
