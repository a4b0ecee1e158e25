import {
	bigserial,
	customType,
	index,
	integer,
	pgTable,
	text,
	timestamp
} from 'drizzle-orm/pg-core';

/** bytea as Uint8Array on both drivers. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array | Buffer }>({
	dataType: () => 'bytea',
	toDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
	fromDriver: (value) => new Uint8Array(value)
});

/**
 * A Yjs document (a library entry's body, a meeting's minutes): the last compacted state plus the
 * log of updates appended since. The document id is the entry's id.
 */
export const documents = pgTable('documents', {
	id: text('id').primaryKey(),
	/** Y.encodeStateAsUpdate of the log rows folded in so far (`compactedSeq`: the highest of them, for information). */
	snapshot: bytea('snapshot'),
	compactedSeq: integer('compacted_seq').notNull().default(0),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/** Every update, appended before it is relayed to other clients. */
export const documentUpdates = pgTable(
	'document_updates',
	{
		seq: bigserial('seq', { mode: 'number' }).primaryKey(),
		documentId: text('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		update: bytea('update').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('document_updates_doc_seq_idx').on(t.documentId, t.seq)]
);
