/**
 * Filters of the admin lists, read from the URL (so a filtered view can be bookmarked and shared).
 * Pure: no database, no SvelteKit.
 */

export const TIME_ZONE = 'Europe/Copenhagen';

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

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isDate(value: string): boolean {
	const match = DATE_RE.exec(value);
	if (!match) return false;
	const [y, mo, d] = match.slice(1).map(Number);
	const date = new Date(Date.UTC(y, mo - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
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

/** Minutes the zone is ahead of UTC at an instant. */
function zoneOffsetMinutes(instant: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	}).formatToParts(new Date(instant));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const local = Date.UTC(
		get('year'),
		get('month') - 1,
		get('day'),
		get('hour'),
		get('minute'),
		get('second')
	);
	return Math.round((local - (instant - (instant % 1000))) / 60_000);
}

/** The instant a calendar day (`YYYY-MM-DD`) begins in the zone, e.g. 23:00 UTC the day before. */
export function startOfDay(date: string, timeZone = TIME_ZONE): Date {
	if (!isDate(date)) throw new RangeError(`not a date: ${date}`);
	const [y, mo, d] = date.split('-').map(Number);
	const utcMidnight = Date.UTC(y, mo - 1, d);
	let instant = utcMidnight - zoneOffsetMinutes(utcMidnight, timeZone) * 60_000;
	// Near a daylight-saving switch the offset at the guess may differ: correct once more.
	const offset = zoneOffsetMinutes(instant, timeZone);
	instant = utcMidnight - offset * 60_000;
	return new Date(instant);
}

/** The calendar day after `date`. */
export function nextDay(date: string): string {
	const [y, mo, d] = date.split('-').map(Number);
	return new Date(Date.UTC(y, mo - 1, d + 1)).toISOString().slice(0, 10);
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
