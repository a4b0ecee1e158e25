/**
 * Reading library entries: one entry with everything attached, its metadata as raw input, and the
 * drafts and review lists.
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
	caseTerms,
	cases,
	libraryTerms,
	municipalities,
	networks,
	organisations,
	users
} from '../../../../db/schema';
import type { Viewer } from './access';
import type { RawMetadata } from './validate';

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
