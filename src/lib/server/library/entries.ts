/**
 * Library entries: create, change metadata and body, read with everything attached, and the
 * review workflow. Each change is one transaction with its revision and audit row.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	caseAttachments,
	caseAuthors,
	caseIndicators,
	caseMunicipalities,
	caseNetworks,
	casePartners,
	caseRevisions,
	caseTerms,
	cases,
	libraryTerms,
	memberships,
	municipalities,
	networks,
	organisations,
	users,
	type CaseKind,
	type CaseStatus
} from '../../../../db/schema';
import { audit } from '../audit';
import { notifyEach } from '../notifications';
import * as m from '../../paraglide/messages';
import { loadDoc, saveState } from '../documents/store';
import { renderEntry } from '../documents/render';
import { realtimeHub } from '../documents/hub';
import { currentState, restoreUpdate, saveVersion } from '../documents/versions';
import { htmlToState } from '../documents/prosemirror';
import type { Viewer } from './access';
import {
	stripControl,
	validateMetadata,
	type Known,
	type Metadata,
	type RawMetadata
} from './validate';

/**
 * What metadata may name. Retired terms cannot be chosen, except that an entry keeps the retired
 * terms it already has (`caseId`).
 */
export async function loadKnown(
	db: Db,
	caseId?: string
): Promise<Known & { termIds: Map<string, string> }> {
	const [all, codes, nets, kept] = await Promise.all([
		db.select().from(libraryTerms),
		db.select({ code: municipalities.code }).from(municipalities),
		db.select({ id: networks.id }).from(networks),
		caseId
			? db.select({ id: caseTerms.termId }).from(caseTerms).where(eq(caseTerms.caseId, caseId))
			: Promise.resolve([])
	]);
	const keep = new Set(kept.map((k) => k.id));
	const terms = all.filter((t) => !t.retiredAt || keep.has(t.id));
	return {
		themes: new Set(terms.filter((t) => t.vocabulary === 'theme').map((t) => t.slug)),
		targetGroups: new Set(terms.filter((t) => t.vocabulary === 'target_group').map((t) => t.slug)),
		municipalities: new Set(codes.map((c) => c.code)),
		networks: new Set(nets.map((n) => n.id)),
		termIds: new Map(terms.map((t) => [`${t.vocabulary}:${t.slug}`, t.id]))
	};
}

function yearOf(meta: Pick<Metadata, 'periodStart'>, publishedAt: Date | null): number | null {
	if (meta.periodStart) return Number(meta.periodStart.slice(0, 4));
	return publishedAt ? publishedAt.getUTCFullYear() : null;
}

/** Writes the metadata and its child rows; call inside a transaction. */
async function writeMetadata(
	tx: Db,
	id: string,
	meta: Metadata,
	termIds: Map<string, string>,
	publishedAt: Date | null
): Promise<void> {
	const termLabels =
		meta.themes.length + meta.targetGroups.length
			? await tx
					.select({ labelDa: libraryTerms.labelDa, labelEn: libraryTerms.labelEn })
					.from(libraryTerms)
					.where(
						inArray(libraryTerms.id, [
							...meta.themes.map((s) => termIds.get(`theme:${s}`)!),
							...meta.targetGroups.map((s) => termIds.get(`target_group:${s}`)!)
						])
					)
			: [];
	const searchTerms = [
		...termLabels.map((t) => `${t.labelDa} ${t.labelEn}`),
		...meta.partners.map((p) => p.name)
	].join(' ');
	await tx
		.update(cases)
		.set({
			kind: meta.kind,
			title: meta.title,
			summary: meta.summary,
			scope: meta.scope,
			periodStart: meta.periodStart,
			periodEnd: meta.periodEnd,
			year: yearOf(meta, publishedAt),
			searchTerms,
			jobsCreated: meta.jobsCreated,
			flexJobs: meta.flexJobs,
			peopleInTraining: meta.peopleInTraining,
			peopleInRessourceforloeb: meta.peopleInRessourceforloeb,
			sroiRatio: meta.sroiRatio === null ? null : String(meta.sroiRatio),
			updatedAt: sql`now()`
		})
		.where(eq(cases.id, id));
	await Promise.all([
		tx.delete(caseMunicipalities).where(eq(caseMunicipalities.caseId, id)),
		tx.delete(caseTerms).where(eq(caseTerms.caseId, id)),
		tx.delete(casePartners).where(eq(casePartners.caseId, id)),
		tx.delete(caseIndicators).where(eq(caseIndicators.caseId, id)),
		tx.delete(caseNetworks).where(eq(caseNetworks.caseId, id))
	]);
	if (meta.municipalities.length)
		await tx
			.insert(caseMunicipalities)
			.values(meta.municipalities.map((code) => ({ caseId: id, municipalityCode: code })));
	const terms = [
		...meta.themes.map((s) => termIds.get(`theme:${s}`)!),
		...meta.targetGroups.map((s) => termIds.get(`target_group:${s}`)!)
	];
	if (terms.length)
		await tx.insert(caseTerms).values(terms.map((termId) => ({ caseId: id, termId })));
	if (meta.partners.length)
		await tx
			.insert(casePartners)
			.values(meta.partners.map((p, position) => ({ caseId: id, ...p, position })));
	if (meta.indicators.length)
		await tx.insert(caseIndicators).values(
			meta.indicators.map((x, position) => ({
				caseId: id,
				...x,
				value: String(x.value),
				position
			}))
		);
	if (meta.networks.length)
		await tx
			.insert(caseNetworks)
			.values(meta.networks.map((networkId) => ({ caseId: id, networkId })));
}

async function revision(tx: Db, id: string, actorId: string | null, action: string, meta: unknown) {
	await tx.insert(caseRevisions).values({
		caseId: id,
		actorId,
		action,
		metadata: meta as Record<string, unknown>
	});
}

export interface CreateInput {
	kind: CaseKind;
	title: string;
	summary?: string;
	organisationId: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** Creates a draft owned by the organisation with the actor as its owner-author. */
export async function createDraft(
	db: Db,
	actorId: string,
	input: RawMetadata & { organisationId: string },
	options: { bodyHtml?: string; status?: CaseStatus; publishedAt?: Date } = {}
): Promise<Result<{ id: string }>> {
	const known = await loadKnown(db);
	const { value, errors } = validateMetadata(input, known);
	if (Object.keys(errors).length) return { ok: false, errors };
	const id = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(cases)
			.values({
				kind: value.kind,
				title: value.title,
				organisationId: input.organisationId,
				createdBy: actorId,
				status: options.status ?? 'draft',
				publishedAt: options.publishedAt ?? null
			})
			.returning({ id: cases.id });
		await writeMetadata(tx, row.id, value, known.termIds, options.publishedAt ?? null);
		await tx.insert(caseAuthors).values({ caseId: row.id, userId: actorId, role: 'owner' });
		await revision(tx, row.id, actorId, 'create', value);
		await audit(tx, {
			actorId,
			action: 'library.create',
			targetType: 'case',
			targetId: row.id,
			organisationId: input.organisationId
		});
		return row.id;
	});
	await setBody(db, id, options.bodyHtml ?? '');
	return { ok: true, value: { id } };
}

/** Creates an entry as seed data (no author user): published when asked. */
export async function insertSeeded(
	db: Db,
	input: Metadata & { organisationId: string },
	bodyHtml: string,
	publishedAt: Date
): Promise<string> {
	const known = await loadKnown(db);
	const id = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(cases)
			.values({
				kind: input.kind,
				title: input.title,
				organisationId: input.organisationId,
				status: 'published',
				publishedAt
			})
			.returning({ id: cases.id });
		await writeMetadata(tx, row.id, input, known.termIds, publishedAt);
		await revision(tx, row.id, null, 'seed', input);
		return row.id;
	});
	await setBody(db, id, bodyHtml);
	return id;
}

/** Replaces the body with sanitised HTML (plain form, Markdown or .docx import). */
export async function setBody(db: Db, id: string, html: string): Promise<void> {
	// A change from the current document to the new content (not a second copy of it), through
	// the live document when co-authors have it open, so their editors follow.
	const update = restoreUpdate(await currentState(db, id), htmlToState(stripControl(html)));
	const hub = realtimeHub();
	if (!(hub && (await hub.change(id, update)))) await saveState(db, id, update);
	await refreshBody(db, id);
}

/** Re-renders the row's HTML and text copies from the Yjs document (the editor calls this too). */
export async function refreshBody(db: Db, id: string): Promise<void> {
	const doc = await loadDoc(db, id);
	if (!doc) return;
	await renderEntry(db, id, doc);
	doc.destroy();
}

/** Validates and writes new metadata (a whole set: merge a partial patch with `rawOf` first). */
export async function updateMetadata(
	db: Db,
	actorId: string,
	id: string,
	raw: RawMetadata
): Promise<Result<Metadata>> {
	const known = await loadKnown(db, id);
	const { value, errors } = validateMetadata(raw, known);
	if (Object.keys(errors).length) return { ok: false, errors };
	const outcome = await db.transaction(async (tx) => {
		const [row] = await tx
			.select({ publishedAt: cases.publishedAt, org: cases.organisationId, scope: cases.scope })
			.from(cases)
			.where(eq(cases.id, id))
			.for('update');
		const refused = row ? await scopeRefusal(tx, actorId, row, value.scope) : null;
		if (refused) {
			await audit(tx, {
				actorId,
				action: 'library.scope_widening_refused',
				targetType: 'case',
				targetId: id,
				organisationId: row!.org,
				details: { from: row!.scope, to: value.scope, reason: refused }
			});
			return { refused, scopeBefore: row!.scope };
		}
		await writeMetadata(tx, id, value, known.termIds, row?.publishedAt ?? null);
		await revision(tx, id, actorId, 'update', value);
		await audit(tx, {
			actorId,
			action: 'library.update',
			targetType: 'case',
			targetId: id,
			organisationId: row?.org ?? null
		});
		return { refused: null, scopeBefore: row?.scope };
	});
	if (outcome.refused) return { ok: false, errors: { scope: outcome.refused } };
	// The sharing scope decides who reads a published entry live.
	if (outcome.scopeBefore !== value.scope) await realtimeHub()?.accessChanged(id);
	return { ok: true, value };
}

/** Sharing scopes from narrowest to widest. */
const SCOPE_RANK: Record<string, number> = { organisation: 0, network: 1, members: 2, public: 3 };

/**
 * Why `actorId` may not move the entry's scope from `row.scope` to `scope`, or null. Narrowing is
 * always allowed. Widening is for the owning organisation's editors and admins (a co-author from
 * elsewhere cannot share another organisation's entry further), and making a published entry public
 * is for knowledge-centre admins only: others send it to review, where an admin publishes it.
 */
async function scopeRefusal(
	tx: Parameters<Parameters<Db['transaction']>[0]>[0],
	actorId: string,
	row: { org: string; scope: string; publishedAt: Date | null },
	scope: string
): Promise<'scope_widen_outsider' | 'scope_public_review' | null> {
	if ((SCOPE_RANK[scope] ?? 0) <= (SCOPE_RANK[row.scope] ?? 0)) return null;
	const [actor] = await tx.select({ role: users.role }).from(users).where(eq(users.id, actorId));
	if (actor?.role === 'admin') return null;
	const [member] = await tx
		.select({ role: memberships.role })
		.from(memberships)
		.where(
			and(
				eq(memberships.userId, actorId),
				eq(memberships.organisationId, row.org),
				eq(memberships.status, 'active')
			)
		);
	if (member?.role !== 'editor' && member?.role !== 'org_admin') return 'scope_widen_outsider';
	if (scope === 'public' && row.publishedAt) return 'scope_public_review';
	return null;
}

export type Entry = NonNullable<Awaited<ReturnType<typeof getEntry>>>;

/** An entry with everything attached, or null. */
export async function getEntry(db: Db, id: string) {
	const [row] = await db
		.select({
			entry: cases,
			organisationName: organisations.name,
			organisationSlug: organisations.slug
		})
		.from(cases)
		.innerJoin(organisations, eq(organisations.id, cases.organisationId))
		.where(eq(cases.id, id));
	if (!row) return null;
	const [munis, terms, partners, indicators, attachments, authors, nets] = await Promise.all([
		db
			.select({
				code: municipalities.code,
				name: municipalities.name,
				regionName: municipalities.regionName
			})
			.from(caseMunicipalities)
			.innerJoin(municipalities, eq(municipalities.code, caseMunicipalities.municipalityCode))
			.where(eq(caseMunicipalities.caseId, id))
			.orderBy(asc(municipalities.name)),
		db
			.select({
				vocabulary: libraryTerms.vocabulary,
				slug: libraryTerms.slug,
				labelDa: libraryTerms.labelDa,
				labelEn: libraryTerms.labelEn
			})
			.from(caseTerms)
			.innerJoin(libraryTerms, eq(libraryTerms.id, caseTerms.termId))
			.where(eq(caseTerms.caseId, id))
			.orderBy(asc(libraryTerms.labelDa)),
		db
			.select({
				name: casePartners.name,
				role: casePartners.role,
				description: casePartners.description,
				organisationId: casePartners.organisationId,
				organisationSlug: organisations.slug,
				organisationKind: organisations.kind
			})
			.from(casePartners)
			.leftJoin(organisations, eq(organisations.id, casePartners.organisationId))
			.where(eq(casePartners.caseId, id))
			.orderBy(asc(casePartners.position)),
		db
			.select()
			.from(caseIndicators)
			.where(eq(caseIndicators.caseId, id))
			.orderBy(asc(caseIndicators.position)),
		db
			.select()
			.from(caseAttachments)
			.where(eq(caseAttachments.caseId, id))
			.orderBy(asc(caseAttachments.createdAt)),
		db
			.select({ userId: users.id, name: users.name, role: caseAuthors.role })
			.from(caseAuthors)
			.innerJoin(users, eq(users.id, caseAuthors.userId))
			.where(eq(caseAuthors.caseId, id))
			.orderBy(desc(caseAuthors.role), asc(caseAuthors.addedAt)),
		db
			.select({ id: networks.id, name: networks.name })
			.from(caseNetworks)
			.innerJoin(networks, eq(networks.id, caseNetworks.networkId))
			.where(eq(caseNetworks.caseId, id))
	]);
	return {
		...row.entry,
		organisationName: row.organisationName,
		organisationSlug: row.organisationSlug,
		municipalities: munis,
		themes: terms.filter((t) => t.vocabulary === 'theme'),
		targetGroups: terms.filter((t) => t.vocabulary === 'target_group'),
		partners,
		indicators,
		attachments,
		authors,
		networks: nets
	};
}

/** The entry's metadata as raw input, so a partial patch can be merged over it. */
export function rawOf(entry: Entry): RawMetadata {
	return {
		kind: entry.kind,
		title: entry.title,
		summary: entry.summary,
		scope: entry.scope,
		periodStart: entry.periodStart ?? '',
		periodEnd: entry.periodEnd ?? '',
		municipalities: entry.municipalities.map((m) => m.code),
		themes: entry.themes.map((t) => t.slug),
		targetGroups: entry.targetGroups.map((t) => t.slug),
		networks: entry.networks.map((n) => n.id),
		partners: entry.partners.map((p) => ({
			name: p.name,
			role: p.role,
			organisationId: p.organisationId ?? '',
			description: p.description
		})),
		jobsCreated: entry.jobsCreated ?? '',
		flexJobs: entry.flexJobs ?? '',
		peopleInTraining: entry.peopleInTraining ?? '',
		peopleInRessourceforloeb: entry.peopleInRessourceforloeb ?? '',
		sroiRatio: entry.sroiRatio ?? '',
		indicators: entry.indicators.map((x) => ({
			label: x.label,
			value: x.value,
			unit: x.unit,
			period: x.period,
			source: x.source
		}))
	};
}

export const transitions = {
	submit: { from: ['draft', 'changes_requested'], to: 'in_review', admin: false },
	publish: { from: ['in_review'], to: 'published', admin: true },
	request_changes: { from: ['in_review'], to: 'changes_requested', admin: true },
	archive: {
		from: ['draft', 'in_review', 'changes_requested', 'published'],
		to: 'archived',
		admin: true
	}
} as const satisfies Record<string, { from: CaseStatus[]; to: CaseStatus; admin: boolean }>;
export type Transition = keyof typeof transitions;

/** The notice of a workflow step, in the recipient's language. */
function transitionText(action: Transition, title: string, locale: 'da' | 'en') {
	const o = { locale };
	switch (action) {
		case 'submit':
			return {
				title: m.lib_notify_submit_title({ title }, o),
				body: m.lib_notify_submit_body({}, o)
			};
		case 'publish':
			return {
				title: m.lib_notify_publish_title({ title }, o),
				body: m.lib_notify_publish_body({}, o)
			};
		case 'request_changes':
			return {
				title: m.lib_notify_request_changes_title({ title }, o),
				body: m.lib_notify_request_changes_body({}, o)
			};
		case 'archive':
			return {
				title: m.lib_notify_archive_title({ title }, o),
				body: m.lib_notify_archive_body({}, o)
			};
	}
}

export type TransitionOutcome = 'ok' | 'forbidden' | 'wrong_status' | 'not_found';

/**
 * Moves an entry through the workflow. `mayEdit` is the caller's `canEdit` answer; admin-only
 * steps need a platform admin. Audited and notified to the authors (and to admins on submit).
 */
export async function transition(
	db: Db,
	viewer: Viewer,
	id: string,
	action: Transition,
	opts: {
		mayEdit: boolean;
		note?: string;
		origin?: string;
	}
): Promise<TransitionOutcome> {
	const rule = transitions[action];
	const note = stripControl(opts.note ?? '');
	if (rule.admin ? !viewer.admin : !opts.mayEdit) return 'forbidden';
	// A step from the wrong status is refused before anything is touched (the re-render below
	// would otherwise move the entry's updatedAt); the transaction checks again under its lock.
	const [current] = await db.select({ status: cases.status }).from(cases).where(eq(cases.id, id));
	if (!current) return 'not_found';
	if (!(rule.from as readonly string[]).includes(current.status)) return 'wrong_status';
	// The rendered body follows the live document: bring it up to date before the step (publish
	// shows and indexes exactly what was written).
	const hub = realtimeHub();
	if (hub?.live(id)) await hub.flush(id);
	else await refreshBody(db, id);
	const outcome = await db.transaction(async (tx): Promise<TransitionOutcome> => {
		const [row] = await tx
			.select({
				status: cases.status,
				title: cases.title,
				org: cases.organisationId,
				publishedAt: cases.publishedAt,
				periodStart: cases.periodStart
			})
			.from(cases)
			.where(eq(cases.id, id))
			.for('update');
		if (!row) return 'not_found';
		if (!(rule.from as readonly string[]).includes(row.status)) return 'wrong_status';
		const now = new Date();
		await tx
			.update(cases)
			.set({
				status: rule.to,
				updatedAt: now,
				...(action === 'submit' ? { submittedAt: now, reviewNote: '' } : {}),
				...(action === 'request_changes' ? { reviewNote: note.slice(0, 2000) } : {}),
				...(action === 'publish'
					? {
							publishedAt: row.publishedAt ?? now,
							year: row.periodStart
								? Number(row.periodStart.slice(0, 4))
								: (row.publishedAt ?? now).getUTCFullYear()
						}
					: {})
			})
			.where(eq(cases.id, id));
		await revision(tx, id, viewer.id, action, { from: row.status, to: rule.to, note });
		await audit(tx, {
			actorId: viewer.id,
			action: `library.${action}`,
			targetType: 'case',
			targetId: id,
			organisationId: row.org,
			details: { from: row.status, to: rule.to, ...(note ? { note } : {}) }
		});
		const authors = await tx
			.select({ userId: caseAuthors.userId })
			.from(caseAuthors)
			.where(eq(caseAuthors.caseId, id));
		const recipients = new Set(authors.map((a) => a.userId));
		if (action === 'submit') {
			const admins = await tx
				.select({ id: users.id })
				.from(users)
				.where(and(eq(users.role, 'admin'), sql`${users.deletedAt} is null`));
			for (const a of admins) recipients.add(a.id);
		}
		recipients.delete(viewer.id);
		await notifyEach(
			tx,
			recipients,
			(locale) => {
				const text = transitionText(action, row.title, locale);
				return {
					kind: `library.${action}`,
					title: text.title,
					body: [text.body, note].filter(Boolean).join('\n\n'),
					link: `/library/${id}`
				};
			},
			opts.origin
		);
		return 'ok';
	});
	if (outcome !== 'ok') return outcome;
	// Who may write follows the status (an archived entry is closed to its authors), so open
	// connections are decided again, here and on every other process.
	await hub?.accessChanged(id);
	// Each step leaves an automatic version in the entry's history.
	await saveVersion(db, id, 'auto', action, viewer.id);
	return outcome;
}

/** Entries the user authors or may edit through their organisations, not yet published. */
export async function drafts(db: Db, viewer: Viewer) {
	const editorOrgs = [...viewer.roles].filter(([, r]) => r !== 'member').map(([o]) => o);
	return db
		.select({
			id: cases.id,
			kind: cases.kind,
			title: cases.title,
			status: cases.status,
			updatedAt: cases.updatedAt,
			organisationName: organisations.name
		})
		.from(cases)
		.innerJoin(organisations, eq(organisations.id, cases.organisationId))
		.where(
			and(
				inArray(cases.status, ['draft', 'in_review', 'changes_requested']),
				sql`(${cases.createdBy} = ${viewer.id}
					or exists (select 1 from case_authors a where a.case_id = ${cases.id} and a.user_id = ${viewer.id})
					${editorOrgs.length ? sql`or ${inArray(cases.organisationId, editorOrgs)}` : sql``})`
			)
		)
		.orderBy(desc(cases.updatedAt))
		.limit(200);
}

/** Entries waiting for review (admins). */
export async function reviewQueue(db: Db) {
	return db
		.select({
			id: cases.id,
			kind: cases.kind,
			title: cases.title,
			status: cases.status,
			submittedAt: cases.submittedAt,
			organisationName: organisations.name
		})
		.from(cases)
		.innerJoin(organisations, eq(organisations.id, cases.organisationId))
		.where(eq(cases.status, 'in_review'))
		.orderBy(asc(cases.submittedAt))
		.limit(500);
}
