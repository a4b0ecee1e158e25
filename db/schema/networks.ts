import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from './core';

/** A network of organisations and people (e.g. the social-economy network); meetings hang off it. */
export const networks = pgTable(
	'networks',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		name: text('name').notNull(),
		slug: text('slug').notNull(),
		description: text('description').notNull().default(''),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('networks_slug_key').on(t.slug)]
);

export const networkMemberRoles = ['member', 'coordinator'] as const;

/** A member of a network: either a whole organisation or one person. */
export const networkMembers = pgTable(
	'network_members',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		networkId: uuid('network_id')
			.notNull()
			.references(() => networks.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id').references(() => organisations.id, {
			onDelete: 'cascade'
		}),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: networkMemberRoles }).notNull().default('member'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check(
			'network_members_one_subject',
			sql`(${t.organisationId} is null) <> (${t.userId} is null)`
		),
		uniqueIndex('network_members_org_key').on(t.networkId, t.organisationId),
		uniqueIndex('network_members_user_key').on(t.networkId, t.userId),
		index('network_members_org_idx').on(t.organisationId),
		index('network_members_user_idx').on(t.userId)
	]
);
