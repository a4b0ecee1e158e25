import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';

export type FieldErrors = Record<string, string>;

/** A failed form submission: the values to show again and a message per field. */
export function invalid<V extends Record<string, unknown>>(
	status: 400 | 403 | 404 | 409 | 422 | 429,
	values: V,
	errors: FieldErrors
) {
	return fail(status, { values, errors });
}

/** A text field of a submitted form; missing or a file → ''. */
export function field(data: FormData, name: string): string {
	const value = data.get(name);
	return typeof value === 'string' ? value : '';
}

/** A trimmed, length-checked text field. */
export function textField(
	data: FormData,
	name: string,
	errors: Record<string, string>,
	{ required = false, max = 500 }: { required?: boolean; max?: number } = {}
): string {
	const value = field(data, name).trim();
	if (required && !value) errors[name] = m.form_required();
	else if (value.length > max) errors[name] = m.form_too_long({ max });
	return value;
}

/** The message, in the request's language, for an outcome code from a server module. */
export function messageFor(code: string): string {
	switch (code) {
		case 'required':
			return m.form_required();
		case 'too_long':
			return m.form_too_long({ max: 120 });
		case 'invalid_email':
			return m.form_invalid_email();
		case 'email_taken':
			return m.signup_email_taken();
		case 'too_short':
			return m.password_too_short();
		case 'same_as_email':
			return m.password_same_as_email();
		case 'invalid_token':
			return m.verify_invalid();
		case 'wrong_password':
			return m.login_failed();
		default:
			return m.error_generic();
	}
}

/** Where to go after signing in: only same-site paths, never another origin. */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
		return fallback;
	return next;
}
