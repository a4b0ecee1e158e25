import { error, redirect } from '@sveltejs/kit';
import * as account from '$lib/server/account';
import { emailWanted, familyOf, kindsFor, notificationFamilies } from '$lib/server/notifications';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { field, invalid, messageFor, type FieldErrors } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The signed-in user's own account: only ever their own data. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const me = await account.profile(locals.db, user.id);
	if (!me) error(404, 'Not found');
	return {
		profile: { name: me.name, email: me.email, locale: me.locale },
		// E-mail choices per part of the platform, in the registry's order; empty groups left out.
		kindGroups: notificationFamilies
			.map((f) => ({
				family: f.family,
				label: f.label(),
				kinds: kindsFor(me)
					.filter((k) => familyOf(k.kind) === f.family)
					.map((k) => ({
						kind: k.kind,
						label: k.label(),
						email: emailWanted(me.emailPrefs, k.kind)
					}))
			}))
			.filter((g) => g.kinds.length > 0),
		done: url.searchParams.get('done')
	};
};

function context(event: RequestEvent) {
	const user = requireUser(event.locals);
	return {
		user,
		ctx: { actor: user, ip: event.getClientAddress(), origin: event.url.origin }
	};
}

function done(code: string, anchor: string): never {
	redirect(303, localizeHref(`/account?done=${code}#${anchor}`));
}

export const actions: Actions = {
	profile: async (event) => {
		const { ctx } = context(event);
		const data = await event.request.formData();
		const values = { name: field(data, 'name').trim(), locale: field(data, 'locale') };
		const result = await account.updateProfile(event.locals.db, ctx, values);
		if (!result.ok) {
			const message =
				result.field === 'locale'
					? m.acct_locale_invalid()
					: result.code === 'too_long'
						? m.form_too_long({ max: account.NAME_MAX })
						: m.form_required();
			return invalid(400, { form: 'profile', ...values }, { [result.field]: message });
		}
		done('profile', 'profile');
	},

	password: async (event) => {
		const { ctx } = context(event);
		const session = event.locals.session!;
		const data = await event.request.formData();
		const current = field(data, 'current');
		const password = field(data, 'password');
		const errors: FieldErrors = {};
		if (!current) errors.current = m.form_required();
		if (!password) errors.password = m.form_required();
		if (Object.keys(errors).length) return invalid(400, { form: 'password' }, errors);
		const result = await account.changePassword(
			event.locals.db,
			{ ...ctx, sessionId: session.id },
			current,
			password
		);
		if (!result.ok) {
			const message =
				result.code === 'wrong_password' ? m.acct_password_wrong() : messageFor(result.code);
			return invalid(400, { form: 'password' }, { [result.field]: message });
		}
		done('password', 'password');
	},

	preferences: async (event) => {
		const { ctx } = context(event);
		const data = await event.request.formData();
		const ticked = data.getAll('email').filter((v): v is string => typeof v === 'string');
		await account.updateEmailPreferences(event.locals.db, ctx, ticked);
		done('preferences', 'email-preferences');
	},

	delete: async (event) => {
		const { ctx } = context(event);
		const data = await event.request.formData();
		const password = field(data, 'confirm_password');
		if (!password) {
			return invalid(400, { form: 'delete' }, { confirm_password: m.form_required() });
		}
		const result = await account.deleteAccount(event.locals.db, ctx, password);
		if (!result.ok) {
			const message =
				result.code === 'last_admin' ? m.acct_delete_last_admin() : m.acct_password_wrong();
			return invalid(400, { form: 'delete' }, { confirm_password: message });
		}
		deleteSessionCookie(event);
		redirect(303, localizeHref('/account/deleted'));
	}
};
