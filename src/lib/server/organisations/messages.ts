/** Outcome codes of the organisations module as messages in the request's language. */
import { m } from '$lib/paraglide/messages';
import { DESCRIPTION_MAX, NAME_MAX, WEBSITE_MAX, type CreateCode, type CreateField } from '.';

const MAX: Record<CreateField, number> = {
	kind: 40,
	name: NAME_MAX,
	cvr: 8,
	municipalityCode: 3,
	website: WEBSITE_MAX,
	description: DESCRIPTION_MAX
};

export function createMessage(field: CreateField, code: CreateCode): string {
	switch (code) {
		case 'required':
			if (field === 'kind') return m.org_error_kind();
			if (field === 'municipalityCode') return m.org_error_municipality();
			return m.form_required();
		case 'too_long':
			return m.form_too_long({ max: MAX[field] });
		case 'invalid_kind':
			return m.org_error_kind();
		case 'name_taken':
			return m.org_error_name_taken();
		case 'cvr_format':
			return m.org_error_cvr_format();
		case 'cvr_checksum':
			return m.org_error_cvr_checksum();
		case 'cvr_taken':
			return m.org_error_cvr_taken();
		case 'unknown_municipality':
			return m.org_error_municipality();
		case 'invalid_website':
			return m.org_error_website();
	}
}

/** Messages for membership outcomes that are the user's to fix (not permission failures). */
export function outcomeMessage(code: string): string {
	switch (code) {
		case 'last_admin':
			return m.org_error_last_admin();
		case 'not_member':
			return m.org_error_not_member();
		case 'request_gone':
			return m.org_error_request_gone();
		case 'invalid_role':
			return m.org_error_role();
		case 'already_member':
			return m.org_error_already_member();
		case 'closed':
			return m.org_error_closed();
		case 'not_pending':
			return m.org_error_not_pending();
		case 'too_long':
			return m.form_too_long({ max: 1000 });
		default:
			return m.error_generic();
	}
}
