import { redirect } from '@sveltejs/kit';
import * as accounts from '$lib/server/auth/accounts';
import { createSession, generateToken } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { field, invalid, messageFor } from '$lib/server/forms';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	return { done: url.searchParams.get('done') === '1', email: locals.user?.email ?? null };
};

export const actions: Actions = {
	default: async (event) => {
		const { request, locals, url, getClientAddress } = event;
		const data = await request.formData();
		const values = { email: field(data, 'email').trim(), name: field(data, 'name').trim() };
		const password = field(data, 'password');
		const result = await accounts.signUp(
			locals.db,
			{ ...values, password, locale: getLocale() },
			url.origin,
			getClientAddress()
		);
		if (!result.ok) {
			const status = result.code === 'email_taken' ? 422 : 400;
			const message =
				result.code === 'too_long' && result.field === 'name'
					? m.form_too_long({ max: 120 })
					: messageFor(result.code);
			return invalid(status, values, { [result.field]: message });
		}
		// Signed in straight away; features that need a verified e-mail say so until it is verified.
		const token = generateToken();
		const session = await createSession(locals.db, token, result.userId, {
			userAgent: request.headers.get('user-agent'),
			ip: getClientAddress()
		});
		setSessionCookie(event, token, session.expiresAt);
		redirect(303, localizeHref('/signup?done=1'));
	}
};
