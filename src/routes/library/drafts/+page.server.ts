import * as library from '$lib/server/library';
import { requireUser } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

/** The signed-in user's unpublished entries (own, co-authored, or of organisations they edit for). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const viewer = (await library.viewerOf(locals.db, user))!;
	return { items: await library.drafts(locals.db, viewer) };
};
