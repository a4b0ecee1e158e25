import {
	bigint,
	bigserial,
	customType,
	index,
	pgTable,
	smallint,
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
	/**
	 * Y.encodeStateAsUpdate of the log rows folded in so far. `compactedSeq` is the highest sequence
	 * number among them: no two compactions leave the same value, so it also tells a compaction
	 * whether another one committed meanwhile (store.ts).
	 */
	snapshot: bytea('snapshot'),
	compactedSeq: bigint('compacted_seq', { mode: 'number' }).notNull().default(0),
	/**
	 * 1: stored before the live document was garbage-collected (the snapshot, log and versions may
	 * still hold deleted text); 2: history in the current form. Documents created now start at 2; an
	 * older one is rewritten the first time it loads (store.ts `upgradeHistory`).
	 */
	historyForm: smallint('history_form').notNull().default(2),
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
