/** Creating and editing organisations, with the CVR and name checks. */
import { eq, ilike, or, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	memberships,
	municipalities,
	organisations,
	type OrganisationKind
} from '../../../../db/schema';
import { cvrProblem, normaliseCvr } from '../../cvr';
import { slugify } from '../../slug';
import { audit } from '../audit';
import * as m from '../../paraglide/messages';
import { uniqueViolation } from '../core';
import { type Context, NAME_MAX, DESCRIPTION_MAX, WEBSITE_MAX, isKind } from './shared';
import { localised, platformAdminIds, notifyEach } from './notices';

export interface CreateInput {
	kind: string;
	name: string;
	cvr: string;
	municipalityCode: string;
	website: string;
	description: string;
}

export type CreateField = 'kind' | 'name' | 'cvr' | 'municipalityCode' | 'website' | 'description';
export type CreateCode =
	| 'required'
	| 'too_long'
	| 'invalid_kind'
	| 'name_taken'
	| 'cvr_format'
	| 'cvr_checksum'
	| 'cvr_taken'
	| 'unknown_municipality'
	| 'invalid_website';

export type CreateResult =
	| { ok: true; id: string; slug: string; status: 'pending' | 'approved' }
	| { ok: false; errors: Partial<Record<CreateField, CreateCode>> };

/** Codes about the content of a well-formed form (HTTP 422); the rest are malformed input (400). */
export const CONFLICT_CODES: ReadonlySet<CreateCode> = new Set([
	'name_taken',
	'cvr_taken',
	'unknown_municipality'
]);

/**
 * A website as stored: http(s) only. A bare host such as `eksempel.dk` gets `https://`; any other
 * scheme (`javascript:`, `ftp:`) is refused.
 */
export function normaliseWebsite(input: string): string | null {
	const raw = input.trim();
	if (!raw) return '';
	const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`;
	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		return null;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
	if (!url.hostname.includes('.') || url.username || url.password) return null;
	return url.toString();
}

/** Slugs that name a page of their own under /organisations. */
const RESERVED_SLUGS = new Set(['new']);

async function freeSlug(db: Db, name: string): Promise<string> {
	const base = slugify(name) || 'organisation';
	const taken = new Set(
		(
			await db
				.select({ slug: organisations.slug })
				.from(organisations)
				.where(or(eq(organisations.slug, base), ilike(organisations.slug, `${base}-%`)))
		).map((r) => r.slug)
	);
	for (let n = 1; ; n++) {
		const slug = n === 1 ? base : `${base}-${n}`;
		if (!taken.has(slug) && !RESERVED_SLUGS.has(slug)) return slug;
	}
}

/**
 * Creates an organisation. A platform admin's is approved at once; anyone else's waits as
 * `pending` for a platform admin, and its creator becomes its `org_admin` straight away.
 */
export async function create(db: Db, ctx: Context, input: CreateInput): Promise<CreateResult> {
	const errors: Partial<Record<CreateField, CreateCode>> = {};
	const kind = input.kind.trim();
	const name = input.name.trim().replace(/\s+/g, ' ');
	const cvr = normaliseCvr(input.cvr);
	const municipalityCode = input.municipalityCode.trim();
	const description = input.description.trim();
	const website = normaliseWebsite(input.website);

	if (!kind) errors.kind = 'required';
	else if (!isKind(kind)) errors.kind = 'invalid_kind';
	if (!name) errors.name = 'required';
	else if (name.length > NAME_MAX) errors.name = 'too_long';
	if (cvr) {
		const problem = cvrProblem(cvr);
		if (problem) errors.cvr = problem === 'format' ? 'cvr_format' : 'cvr_checksum';
	}
	if (!municipalityCode) errors.municipalityCode = 'required';
	if (website === null) errors.website = 'invalid_website';
	else if (website.length > WEBSITE_MAX) errors.website = 'too_long';
	if (description.length > DESCRIPTION_MAX) errors.description = 'too_long';

	// Look up what only the database knows, so the user gets every problem in one answer.
	const [taken, municipality] = await Promise.all([
		takenErrors(db, errors.name ? '' : name, errors.cvr ? '' : cvr),
		municipalityCode
			? db
					.select({ code: municipalities.code })
					.from(municipalities)
					.where(eq(municipalities.code, municipalityCode))
			: []
	]);
	Object.assign(errors, taken);
	if (municipalityCode && !municipality.length) errors.municipalityCode = 'unknown_municipality';
	if (Object.keys(errors).length) return { ok: false, errors };

	const admin = ctx.actor.role === 'admin';
	const status: 'approved' | 'pending' = admin ? 'approved' : 'pending';
	for (let attempt = 1; ; attempt++) {
		try {
			return await insertOrganisation();
		} catch (err) {
			// Someone created the same name, CVR or slug a moment ago: the unique indexes decide.
			const constraint = uniqueViolation(err);
			if (constraint?.includes('name')) return { ok: false, errors: { name: 'name_taken' } };
			if (constraint?.includes('cvr')) return { ok: false, errors: { cvr: 'cvr_taken' } };
			if (constraint?.includes('slug') && attempt < 3) {
				const now = await takenErrors(db, name, cvr);
				if (Object.keys(now).length) return { ok: false, errors: now };
				continue;
			}
			throw err;
		}
	}

	function insertOrganisation() {
		return db.transaction(async (tx) => {
			const slug = await freeSlug(tx, name);
			const [org] = await tx
				.insert(organisations)
				.values({
					kind: kind as OrganisationKind,
					name,
					slug,
					cvr: cvr || null,
					municipalityCode,
					website: website || null,
					description,
					status,
					createdBy: ctx.actor.id
				})
				.returning({ id: organisations.id, slug: organisations.slug });
			const now = new Date();
			await tx.insert(memberships).values({
				userId: ctx.actor.id,
				organisationId: org.id,
				role: 'org_admin',
				status: 'active',
				decidedAt: now
			});
			await audit(tx, {
				actorId: ctx.actor.id,
				action: 'organisation.create',
				targetType: 'organisation',
				targetId: org.id,
				organisationId: org.id,
				ip: ctx.ip,
				details: { name, kind, cvr: cvr || null, municipalityCode, status }
			});
			if (!admin) {
				const link = '/admin/organisations';
				await notifyEach(tx, await platformAdminIds(tx), ctx.origin, (locale) => ({
					kind: 'organisation.pending',
					title: m.org_notify_pending_title({ name }, { locale }),
					body: m.org_notify_pending_body({ name, user: ctx.actor.name }, { locale }),
					link: localised(link, locale)
				}));
			}
			return { ok: true as const, id: org.id, slug: org.slug, status };
		});
	}
}

/** `name_taken` / `cvr_taken` for a name or CVR number another organisation has. */
async function takenErrors(
	db: Db,
	name: string,
	cvr: string
): Promise<Partial<Record<CreateField, CreateCode>>> {
	const [sameName, sameCvr] = await Promise.all([
		name
			? db
					.select({ id: organisations.id })
					.from(organisations)
					.where(sql`lower(${organisations.name}) = lower(${name})`)
			: [],
		cvr
			? db.select({ id: organisations.id }).from(organisations).where(eq(organisations.cvr, cvr))
			: []
	]);
	return {
		...(sameName.length ? { name: 'name_taken' as const } : {}),
		...(sameCvr.length ? { cvr: 'cvr_taken' as const } : {})
	};
}
