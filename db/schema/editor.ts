import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './core';
import { bytea, documents } from './documents';
import { cases } from './library';

/**
 * Short-lived tokens for opening a document's websocket where the session cookie cannot be sent
 * (another origin, a native client). Only the SHA-256 of the token is stored.
 */
export const realtimeTokens = pgTable(
	'realtime_tokens',
	{
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		documentId: text('document_id').notNull(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('realtime_tokens_expires_idx').on(t.expiresAt)]
);

export const versionKinds = ['named', 'auto'] as const;
export type VersionKind = (typeof versionKinds)[number];

/**
 * A version of a document: its whole state at that moment (`state`, a Yjs update) and the Yjs
 * snapshot (state vector + delete set) of the live document, which runs with gc off.
 */
export const documentVersions = pgTable(
	'document_versions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		documentId: text('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: versionKinds }).notNull(),
		/** The name a user gave it, or what made it (e.g. "submit", "before-restore"). */
		name: text('name').notNull(),
		state: bytea('state').notNull(),
		snapshot: bytea('snapshot').notNull(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('document_versions_doc_idx').on(t.documentId, t.createdAt)]
);

/** An invitation to co-author an entry, sent by e-mail; single use, expiring. */
export const caseInvitations = pgTable(
	'case_invitations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		caseId: uuid('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'cascade' }),
		email: text('email').notNull(),
		/** SHA-256 of the token in the e-mailed link. */
		tokenHash: text('token_hash').notNull(),
		invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		acceptedAt: timestamp('accepted_at', { withTimezone: true }),
		acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('case_invitations_token_key').on(t.tokenHash),
		index('case_invitations_case_idx').on(t.caseId)
	]
);
