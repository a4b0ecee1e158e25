import { redirect } from '@sveltejs/kit';
import * as accounts from '$lib/server/auth/accounts';
import { createSession, generateToken } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { field, invalid, safeNext, type FieldErrors } from '$lib/server/forms';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next'), localizeHref('/')));
	return {
		next: safeNext(url.searchParams.get('next'), ''),
		signedOut: url.searchParams.has('signedout'),
		reset: url.searchParams.has('reset')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { request, locals, url, getClientAddress, setHeaders } = event;
		const data = await request.formData();
		const email = field(data, 'email').trim();
		const password = field(data, 'password');
		const next = safeNext(field(data, 'next') || url.searchParams.get('next'), localizeHref('/'));
		const values = { email };
		const errors: FieldErrors = {};
		if (!email) errors.email = m.form_required();
		if (!password) errors.password = m.form_required();
		if (Object.keys(errors).length) return invalid(400, values, errors);

		const result = await accounts.signIn(locals.db, { email, password }, getClientAddress());
		if (!result.ok) {
			if (result.code === 'rate_limited') {
				setHeaders({ 'retry-after': String(result.retryAfter) });
				const minutes = Math.max(1, Math.ceil(result.retryAfter / 60));
				return invalid(429, values, { email: m.login_rate_limited({ minutes }) });
			}
			return invalid(400, values, { password: m.login_failed() });
		}
		const token = generateToken();
		const session = await createSession(locals.db, token, result.userId, {
			userAgent: request.headers.get('user-agent'),
			ip: getClientAddress()
		});
		setSessionCookie(event, token, session.expiresAt);
		redirect(303, next);
	}
};
