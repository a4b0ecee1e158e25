import { error, redirect } from '@sveltejs/kit';
import { invalidateSession } from '$lib/server/auth/session';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { audit } from '$lib/server/audit';
import { localizeHref } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => {
	const { locals, request } = event;
	// Only a form post with its body: SvelteKit checks the Origin of form posts, so another site
	// cannot sign the user out with a bodiless fetch() that no origin check would see.
	const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? '';
	if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
		error(415, 'Sign out with the form');
	}
	const data = await request.formData().catch(() => null);
	if (data?.get('signout') !== '1') error(400, 'signout: missing');
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
