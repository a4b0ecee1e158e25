import { sql } from 'drizzle-orm';
import {
	bigserial,
	check,
	date,
	index,
	integer,
	jsonb,
	numeric,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { municipalities, organisations, users } from './core';
import { networks } from './networks';

/** Kinds of library entry (DESIGN.md, domain model). */
export const caseKinds = ['case', 'method_note', 'meeting_minutes'] as const;
export type CaseKind = (typeof caseKinds)[number];

/** draft → in_review → published; in_review → changes_requested → (edit) → in_review; any → archived. */
export const caseStatuses = [
	'draft',
	'in_review',
	'changes_requested',
	'published',
	'archived'
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** Who may read a published entry. */
export const caseScopes = ['organisation', 'network', 'members', 'public'] as const;
export type CaseScope = (typeof caseScopes)[number];

/** The managed vocabularies: themes and target groups. */
export const vocabularies = ['theme', 'target_group'] as const;
export type Vocabulary = (typeof vocabularies)[number];

export const partnerRoles = [
	'owner',
	'lead',
	'partner',
	'customer',
	'funder',
	'operator',
	'adviser',
	'other'
] as const;
export type PartnerRole = (typeof partnerRoles)[number];

export const caseAuthorRoles = ['owner', 'coauthor'] as const;

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** A term of a managed vocabulary (admins edit them; entries refer to them by id). */
export const libraryTerms = pgTable(
	'library_terms',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		vocabulary: text('vocabulary', { enum: vocabularies }).notNull(),
		slug: text('slug').notNull(),
		labelDa: text('label_da').notNull(),
		labelEn: text('label_en').notNull(),
		/** A retired term stays on the entries that have it but can no longer be chosen. */
		retiredAt: timestamp('retired_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('library_terms_vocab_slug_key').on(t.vocabulary, t.slug)]
);

/**
 * A library entry. The body lives in the Yjs document with the same id (documents table);
 * `bodyHtml` / `bodyText` are its rendered copies for display and search. `searchTerms` holds the
 * labels of its themes and target groups and its partners' names, kept by the library module, so
 * the generated `search` tsvector (custom SQL, db/sql/library.sql) can weigh them.
 */
export const cases = pgTable(
	'cases',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kind: text('kind', { enum: caseKinds }).notNull(),
		title: text('title').notNull(),
		summary: text('summary').notNull().default(''),
		status: text('status', { enum: caseStatuses }).notNull().default('draft'),
		scope: text('scope', { enum: caseScopes }).notNull().default('public'),
		/** ISO language of the entry's own text; the UI language does not change it. */
		language: text('language').notNull().default('da'),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'restrict' }),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		periodStart: date('period_start'),
		periodEnd: date('period_end'),
		/** The year the entry is filed under (period start, else publication). */
		year: integer('year'),
		bodyHtml: text('body_html').notNull().default(''),
		bodyText: text('body_text').notNull().default(''),
		searchTerms: text('search_terms').notNull().default(''),
		/**
		 * The entry's facet values as `kind:case`, `year:2015`, `municipality:621`, `region:1083`,
		 * `theme:fleksjob`, `target:unge`, `partner_kind:university` — kept by triggers (custom SQL,
		 * db/sql/library.sql) from the entry and its municipalities, terms and partners, so filters are
		 * one GIN-indexed array test and facet counts one pass without joins.
		 */
		facetKeys: text('facet_keys')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		/** Standard impact figures; null when not reported. */
		jobsCreated: integer('jobs_created'),
		flexJobs: integer('flex_jobs'),
		peopleInTraining: integer('people_in_training'),
		peopleInRessourceforloeb: integer('people_in_ressourceforloeb'),
		/** SROI as "1 : n" — the n (kroner of social value per krone invested). */
		sroiRatio: numeric('sroi_ratio', { precision: 8, scale: 2 }),
		reviewNote: text('review_note').notNull().default(''),
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		publishedAt: timestamp('published_at', { withTimezone: true }),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('cases_title_length', sql`char_length(${t.title}) between 1 and 200`),
		check('cases_jobs_nonneg', sql`${t.jobsCreated} is null or ${t.jobsCreated} >= 0`),
		check('cases_flex_nonneg', sql`${t.flexJobs} is null or ${t.flexJobs} >= 0`),
		check(
			'cases_training_nonneg',
			sql`${t.peopleInTraining} is null or ${t.peopleInTraining} >= 0`
		),
		check(
			'cases_rf_nonneg',
			sql`${t.peopleInRessourceforloeb} is null or ${t.peopleInRessourceforloeb} >= 0`
		),
		check('cases_sroi_positive', sql`${t.sroiRatio} is null or ${t.sroiRatio} > 0`),
		check(
			'cases_period_order',
			sql`${t.periodStart} is null or ${t.periodEnd} is null or ${t.periodStart} <= ${t.periodEnd}`
		),
		index('cases_status_scope_idx').on(t.status, t.scope),
		index('cases_org_idx').on(t.organisationId, t.status),
		index('cases_published_idx').on(t.publishedAt),
		index('cases_kind_idx').on(t.kind),
		index('cases_year_idx').on(t.year),
		index('cases_facet_keys_idx').using('gin', t.facetKeys)
	]
);

export const caseMunicipalities = pgTable(
	'case_municipalities',
	{
		caseId: uuid('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'cascade' }),
		municipalityCode: text('municipality_code')
			.notNull()
			.references(() => municipalities.code)
	},
	(t) => [
		primaryKey({ columns: [t.caseId, t.municipalityCode] }),
		index('case_municipalities_code_idx').on(t.municipalityCode)
	]
);

export const caseTerms = pgTable(
	'case_terms',
	{
		caseId: uuid('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'cascade' }),
		termId: uuid('term_id')
			.notNull()
			.references(() => libraryTerms.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.caseId, t.termId] }), index('case_terms_term_idx').on(t.termId)]
);

/** A partner of an entry: an organisation on the platform, or just a name, with its role. */
export const casePartners = pgTable(
	'case_partners',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		caseId: uuid('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id').references(() => organisations.id, {
			onDelete: 'set null'
		}),
		name: text('name').notNull(),
		role: text('role', { enum: partnerRoles }).notNull().default('partner'),
		/** What the partner does in this case, in the entry's language. */
		description: text('description').notNull().default(''),
		position: integer('position').notNull().default(0)
	},
	(t) => [
		index('case_partners_case_idx').on(t.caseId, t.position),
		index('case_partners_org_idx').on(t.organisationId)
	]
);

/** The networks a `network`-scoped entry is shared with. */
export const caseNetworks = pgTable(
	'case_networks',
	{
		caseId: uuid('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'cascade' }),
		networkId: uuid('network_id')
			.notNull()
			.references(() => networks.id, { onDelete: 'cascade' })
	},
	(t) => [
		primaryKey({ columns: [t.caseId, t.networkId] }),
		index('case_networks_network_idx').on(t.networkId)
	]
);

/** Authors of an entry; they may edit it and are notified of its workflow. */
export const caseAuthors = pgTable(
	'case_authors',
	{
		caseId: uuid('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: caseAuthorRoles }).notNull().default('coauthor'),
		addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.caseId, t.userId] }),
		index('case_authors_user_idx').on(t.userId)
	]
);

/** Free impact indicators beyond the standard figures. */
export const caseIndicators = pgTable(
	'case_indicators',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		caseId: uuid('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'cascade' }),
		label: text('label').notNull(),
		value: numeric('value', { precision: 14, scale: 2 }).notNull(),
		unit: text('unit').notNull().default(''),
		period: text('period').notNull().default(''),
		source: text('source').notNull().default(''),
		position: integer('position').notNull().default(0)
	},
	(t) => [index('case_indicators_case_idx').on(t.caseId, t.position)]
);

/** A file attached to an entry; the bytes live on disk under DATA_DIR or in S3 storage. */
export const caseAttachments = pgTable(
	'case_attachments',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		caseId: uuid('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'cascade' }),
		filename: text('filename').notNull(),
		contentType: text('content_type').notNull(),
		size: integer('size').notNull(),
		/** Where the bytes are, relative to the storage root (e.g. `cases/<id>/<uuid>`). */
		storageKey: text('storage_key').notNull(),
		uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [index('case_attachments_case_idx').on(t.caseId)]
);

/** A snapshot of an entry's metadata after each change. */
export const caseRevisions = pgTable(
	'case_revisions',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		caseId: uuid('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'cascade' }),
		actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
		action: text('action').notNull(),
		metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull(),
		createdAt: createdAt()
	},
	(t) => [index('case_revisions_case_idx').on(t.caseId, t.id)]
);
