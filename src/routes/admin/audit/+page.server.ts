import * as admin from '$lib/server/admin';
import { displayName } from '$lib/server/account';
import { requireAdmin } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

/** The audit log, filtered by the URL's parameters. Platform admins only. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const { filters, problems } = admin.auditFiltersFromUrl(url);
	const [result, vocabulary] = await Promise.all([
		admin.auditEntries(locals.db, filters),
		admin.auditVocabulary(locals.db)
	]);
	return {
		filters,
		problems,
		...vocabulary,
		total: result.total,
		page: result.page,
		pages: result.pages,
		entries: result.entries.map((e) => ({
			id: e.id,
			at: e.at,
			action: e.action,
			targetType: e.targetType,
			targetId: e.targetId,
			ip: e.ip,
			details: Object.keys(e.details ?? {}).length ? JSON.stringify(e.details) : '',
			actor: e.actorId
				? {
						name: displayName({ name: e.actorName, deletedAt: e.actorDeletedAt }),
						// A deleted account's placeholder address says nothing to a reader.
						email: e.actorDeletedAt ? null : e.actorEmail
					}
				: null
		}))
	};
};
