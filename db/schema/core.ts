import { sql } from 'drizzle-orm';
import {
	bigserial,
	boolean,
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

/** Kinds of organisation on the platform (DESIGN.md, domain model). */
export const organisationKinds = [
	'municipality',
	'social_enterprise',
	'enterprise',
	'university',
	'fund',
	'network',
	'business_support'
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const membershipRoles = ['member', 'editor', 'org_admin'] as const;
export type MembershipRole = (typeof membershipRoles)[number];

export const platformRoles = ['user', 'admin'] as const;
export type PlatformRole = (typeof platformRoles)[number];

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const municipalities = pgTable('municipalities', {
	code: text('code').primaryKey(),
	name: text('name').notNull(),
	officialName: text('official_name').notNull(),
	regionCode: text('region_code').notNull(),
	regionName: text('region_name').notNull()
});

export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		email: text('email').notNull(),
		name: text('name').notNull(),
		passwordHash: text('password_hash'),
		emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
		role: text('role', { enum: platformRoles }).notNull().default('user'),
		locale: text('locale').notNull().default('da'),
		/** Which kinds of notification also go out by e-mail; a kind absent here uses its default. */
		emailPrefs: jsonb('email_prefs').$type<Record<string, boolean>>().notNull().default({}),
		/** Set when the account is deleted: the row stays so co-authored work keeps its attribution. */
		deletedAt: timestamp('deleted_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)]
);

export const sessions = pgTable(
	'sessions',
	{
		/** SHA-256 of the session token, hex encoded: the token itself is never stored. */
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: createdAt(),
		userAgent: text('user_agent'),
		ip: text('ip')
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

export const emailTokenKinds = ['verify_email', 'reset_password'] as const;

/** Single-use tokens sent by e-mail (verification, password reset), stored hashed. */
export const emailTokens = pgTable(
	'email_tokens',
	{
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: emailTokenKinds }).notNull(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(t) => [index('email_tokens_user_idx').on(t.userId, t.kind)]
);

/** Failed sign-in attempts, kept short-term for rate limiting across processes. */
export const authAttempts = pgTable(
	'auth_attempts',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		key: text('key').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('auth_attempts_key_at_idx').on(t.key, t.at)]
);

export const organisationStatuses = ['pending', 'approved', 'rejected'] as const;

export const organisations = pgTable(
	'organisations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kind: text('kind', { enum: organisationKinds }).notNull(),
		name: text('name').notNull(),
		slug: text('slug').notNull(),
		cvr: text('cvr'),
		/** Registered social-economy enterprise (RSV). */
		rsv: boolean('rsv').notNull().default(false),
		municipalityCode: text('municipality_code').references(() => municipalities.code),
		website: text('website'),
		description: text('description').notNull().default(''),
		status: text('status', { enum: organisationStatuses }).notNull().default('pending'),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('organisations_slug_key').on(t.slug),
		uniqueIndex('organisations_name_key').on(sql`lower(${t.name})`),
		uniqueIndex('organisations_cvr_key').on(t.cvr),
		index('organisations_kind_idx').on(t.kind),
		index('organisations_municipality_idx').on(t.municipalityCode)
	]
);

export const membershipStatuses = ['pending', 'active'] as const;

export const memberships = pgTable(
	'memberships',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		role: text('role', { enum: membershipRoles }).notNull().default('member'),
		/** `pending` is a join request waiting for an org admin. */
		status: text('status', { enum: membershipStatuses }).notNull().default('pending'),
		message: text('message').notNull().default(''),
		createdAt: createdAt(),
		decidedAt: timestamp('decided_at', { withTimezone: true })
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.organisationId] }),
		index('memberships_org_idx').on(t.organisationId, t.status)
	]
);

export const emailOutbox = pgTable(
	'email_outbox',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		to: text('to').notNull(),
		subject: text('subject').notNull(),
		text: text('text').notNull(),
		kind: text('kind').notNull(),
		createdAt: createdAt(),
		sentAt: timestamp('sent_at', { withTimezone: true }),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error')
	},
	(t) => [index('email_outbox_pending_idx').on(t.sentAt, t.createdAt)]
);

export const notifications = pgTable(
	'notifications',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		title: text('title').notNull(),
		body: text('body').notNull().default(''),
		link: text('link'),
		createdAt: createdAt(),
		readAt: timestamp('read_at', { withTimezone: true })
	},
	(t) => [index('notifications_user_idx').on(t.userId, t.readAt, t.createdAt)]
);

export const auditLog = pgTable(
	'audit_log',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
		action: text('action').notNull(),
		targetType: text('target_type').notNull(),
		targetId: text('target_id'),
		organisationId: uuid('organisation_id').references(() => organisations.id, {
			onDelete: 'set null'
		}),
		ip: text('ip'),
		details: jsonb('details').$type<Record<string, unknown>>().notNull().default({})
	},
	(t) => [
		index('audit_log_at_idx').on(t.at),
		index('audit_log_action_idx').on(t.action, t.at),
		index('audit_log_actor_idx').on(t.actorId, t.at)
	]
);
