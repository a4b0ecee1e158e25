import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

/** UI labels for the library's enumerations, in the user's language. */
export const kindLabel = (kind: string): string =>
	({
		case: m.lib_kind_case(),
		method_note: m.lib_kind_method_note(),
		meeting_minutes: m.lib_kind_meeting_minutes()
	})[kind] ?? kind;

export const statusLabel = (status: string): string =>
	({
		draft: m.lib_status_draft(),
		in_review: m.lib_status_in_review(),
		changes_requested: m.lib_status_changes_requested(),
		published: m.lib_status_published(),
		archived: m.lib_status_archived()
	})[status] ?? status;

export const scopeLabel = (scope: string): string =>
	({
		organisation: m.lib_scope_organisation(),
		network: m.lib_scope_network(),
		members: m.lib_scope_members(),
		public: m.lib_scope_public()
	})[scope] ?? scope;

export const roleLabel = (role: string): string =>
	({
		owner: m.lib_role_owner(),
		lead: m.lib_role_lead(),
		partner: m.lib_role_partner(),
		customer: m.lib_role_customer(),
		funder: m.lib_role_funder(),
		operator: m.lib_role_operator(),
		adviser: m.lib_role_adviser(),
		other: m.lib_role_other()
	})[role] ?? role;

export const errorLabel = (code: string): string =>
	({
		required: m.lib_err_required(),
		too_long: m.lib_err_too_long(),
		invalid: m.lib_err_invalid(),
		unknown: m.lib_err_unknown(),
		negative: m.lib_err_negative(),
		not_positive: m.lib_err_not_positive(),
		period_order: m.lib_err_period_order()
	})[code] ?? m.lib_err_invalid();

/** A term's label in the UI language (the entry's own text stays as written). */
export const termLabel = (t: {
	labelDa?: string;
	labelEn?: string;
	label_da?: string;
	label_en?: string;
}) => (getLocale() === 'en' ? (t.labelEn ?? t.label_en ?? '') : (t.labelDa ?? t.label_da ?? ''));

/** `url` with one filter value toggled (and paging reset), as a path + query. */
export function toggleHref(url: URL, facet: string, value: string): string {
	const params = new URLSearchParams(url.searchParams);
	const values = params.getAll(facet);
	params.delete(facet);
	const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
	for (const v of next) params.append(facet, v);
	params.delete('page');
	const qs = params.toString();
	return `${url.pathname}${qs ? `?${qs}` : ''}`;
}

/** `url` at another page of results. */
export function pageHref(url: URL, n: number): string {
	const params = new URLSearchParams(url.searchParams);
	params.set('page', String(n));
	return `${url.pathname}?${params}`;
}

/** The columns every entry list shows (drafts, review queue). */
export interface EntryRow {
	id: string;
	title: string;
	kind: string;
	status: string;
	organisationName: string | null;
}
