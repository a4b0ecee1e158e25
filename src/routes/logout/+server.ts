import { redirect } from '@sveltejs/kit';
import { invalidateSession } from '$lib/server/auth/session';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { audit } from '$lib/server/audit';
import { localizeHref } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => {
	const { locals } = event;
	if (locals.session) {
		await invalidateSession(locals.db, locals.session.id);
		await audit(locals.db, {
			actorId: locals.user?.id ?? null,
			action: 'user.signout',
			targetType: 'user',
			targetId: locals.user?.id ?? null
		});
	}
	deleteSessionCookie(event);
	redirect(303, localizeHref('/login?signedout=1'));
};
