import * as mentors from '$lib/server/mentors';
import { requireUser } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

/** The signed-in user's requests and mentorships, as mentee and as mentor. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	return mentors.listMine(locals.db, user.id);
};
