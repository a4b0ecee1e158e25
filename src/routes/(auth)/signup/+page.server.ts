import { redirect } from '@sveltejs/kit';
import * as accounts from '$lib/server/auth/accounts';
import { field, invalid, messageFor } from '$lib/server/forms';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

/** The address the "check your e-mail" page names, kept for a few minutes after signing up. */
const FLASH = 'signup_email';

export const load: PageServerLoad = async ({ cookies, locals, url }) => {
	const done = url.searchParams.get('done') === '1';
	return { done, email: done ? (cookies.get(FLASH) ?? locals.user?.email ?? null) : null };
};

export const actions: Actions = {
	default: async (event) => {
		const { request, locals, url, cookies, getClientAddress } = event;
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
			const message =
				result.code === 'too_long' && result.field === 'name'
					? m.form_too_long({ max: 120 })
					: messageFor(result.code);
			return invalid(400, values, { [result.field]: message });
		}
		// The same answer for a new and a known address (no enumeration); nobody is signed in.
		cookies.set(FLASH, values.email, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: 600
		});
		redirect(303, localizeHref('/signup?done=1'));
	}
};
