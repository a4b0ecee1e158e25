import * as accounts from '$lib/server/auth/accounts';
import { requireUser } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const token = url.searchParams.get('token');
	if (!token) return { verified: null };
	const userId = await accounts.verifyEmail(locals.db, token);
	return { verified: userId !== null };
};

export const actions: Actions = {
	/** Sends a fresh verification link to the signed-in user. */
	resend: async ({ locals, url }) => {
		const user = requireUser(locals, url);
		if (user.emailVerified) return { resent: false };
		await accounts.sendVerificationMail(locals.db, user, url.origin);
		return { resent: true };
	}
};
