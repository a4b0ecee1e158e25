import { redirect } from '@sveltejs/kit';
import * as accounts from '$lib/server/auth/accounts';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { field, invalid, messageFor } from '$lib/server/forms';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	return { valid: await accounts.isResetTokenValid(locals.db, params.token) };
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const result = await accounts.resetPassword(
			event.locals.db,
			event.params.token,
			field(data, 'password')
		);
		if (!result.ok) {
			return invalid(
				result.field === 'token' ? 422 : 400,
				{},
				{
					[result.field]: messageFor(result.code)
				}
			);
		}
		deleteSessionCookie(event);
		redirect(303, localizeHref('/login?reset=1'));
	}
};
