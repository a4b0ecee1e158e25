/**
 * Filters of the admin lists, read from the URL (so a filtered view can be bookmarked and shared).
 * Pure: no database, no SvelteKit.
 */

import { isDate, nextDay, startOfDay } from '../../time';

export interface AuditFilters {
	action: string;
	actor: string;
	targetType: string;
	/** `YYYY-MM-DD`, Danish time, inclusive; '' when unset or invalid. */
	from: string;
	to: string;
	page: number;
}

/** Parameters that were given but not usable, e.g. `from=2025-02-30`, to tell the admin. */
export interface FilterProblems {
	from?: string;
	to?: string;
}

function param(url: URL, name: string, max = 200): string {
	return (url.searchParams.get(name) ?? '').trim().slice(0, max);
}

export function auditFiltersFromUrl(url: URL): { filters: AuditFilters; problems: FilterProblems } {
	const problems: FilterProblems = {};
	const date = (name: 'from' | 'to') => {
		const value = param(url, name, 40);
		if (!value) return '';
		if (isDate(value)) return value;
		problems[name] = value;
		return '';
	};
	const page = param(url, 'page', 10);
	return {
		filters: {
			action: param(url, 'action', 100),
			actor: param(url, 'actor'),
			targetType: param(url, 'target', 100),
			from: date('from'),
			to: date('to'),
			page: /^\d{1,6}$/.test(page) ? Math.max(1, Number(page)) : 1
		},
		problems
	};
}

/** The half-open time range [start, end) that the inclusive day filters `from`–`to` cover. */
export function dayRange(from: string, to: string): { start: Date | null; end: Date | null } {
	return {
		start: from ? startOfDay(from) : null,
		end: to ? startOfDay(nextDay(to)) : null
	};
}

/** A text for a LIKE pattern that matches it literally, anywhere. */
export function containsPattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface UserFilters {
	q: string;
	role: '' | 'admin' | 'user';
	verified: '' | 'yes' | 'no';
	page: number;
}

export function userFiltersFromUrl(url: URL): UserFilters {
	const role = param(url, 'role', 10);
	const verified = param(url, 'verified', 10);
	const page = param(url, 'page', 10);
	return {
		q: param(url, 'q'),
		role: role === 'admin' || role === 'user' ? role : '',
		verified: verified === 'yes' || verified === 'no' ? verified : '',
		page: /^\d{1,6}$/.test(page) ? Math.max(1, Number(page)) : 1
	};
}
