import * as accounts from '$lib/server/auth/accounts';
import { field, invalid } from '$lib/server/forms';
import { m } from '$lib/paraglide/messages';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const data = await request.formData();
		const email = field(data, 'email').trim();
		if (!accounts.isEmail(accounts.normaliseEmail(email))) {
			return invalid(400, { email }, { email: m.form_invalid_email() });
		}
		await accounts.requestPasswordReset(locals.db, email, url.origin);
		return { sent: true };
	}
};
