/**
 * Writing library entries: drafts, seeded entries, the body and the metadata with its revisions
 * and sharing-scope checks.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
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
	users,
	type CaseKind,
	type CaseStatus
} from '../../../../db/schema';
import { audit } from '../audit';
import { loadDoc, saveState } from '../documents/store';
import { renderEntry } from '../documents/render';
import { realtimeHub } from '../documents/hub';
import { currentState, restoreUpdate } from '../documents/versions';
import { htmlToState } from '../documents/prosemirror';
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

export async function revision(
	tx: Db,
	id: string,
	actorId: string | null,
	action: string,
	meta: unknown
) {
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
