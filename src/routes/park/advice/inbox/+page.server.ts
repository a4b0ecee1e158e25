import { error } from '@sveltejs/kit';
import * as park from '$lib/server/park';
import { requireUser } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

/** Advisers (members of an adviser group) and platform admins. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	if (user.role !== 'admin' && !(await park.isAdviser(locals.db, user.id)))
		error(403, 'Advisers only');
	const now = new Date();
	const status = url.searchParams.get('status') ?? '';
	const [items, overdue, stats] = await Promise.all([
		park.advice.inbox(locals.db, user, { status }),
		park.advice.overdue(locals.db, user, now),
		park.advice.stats(locals.db, user, now)
	]);
	return {
		items,
		overdue,
		stats,
		status,
		statuses: [...park.advice.adviceStatuses],
		now: now.toISOString()
	};
};
