/**
 * Dates, times and numbers for display, in the reader's language and always in Copenhagen time
 * (the platform's one zone, $lib/time.ts). Pages call these instead of building Intl formatters;
 * the locale defaults to the request's (Paraglide), and server code that writes to someone else
 * (an e-mail, a notice) passes the recipient's.
 */
import { getLocale } from './paraglide/runtime';
import { isDate, ZONE } from './time';

/** The BCP 47 tag for a platform locale: Danish unless English was chosen. */
export function localeTag(locale: string = getLocale()): string {
	return locale === 'en' ? 'en-GB' : 'da-DK';
}

const dateStyles = {
	/** 7. dec. 2026 */
	date: { dateStyle: 'medium' },
	/** 7. december 2026 */
	dateLong: { dateStyle: 'long' },
	/** mandag den 7. december 2026 kl. 14.00 */
	when: { dateStyle: 'full', timeStyle: 'short' },
	/** 7. dec. 2026 14.00 */
	dateTime: { dateStyle: 'medium', timeStyle: 'short' },
	/** 07.12.2026 14.00.05: audit trails, where seconds matter */
	stamp: { dateStyle: 'short', timeStyle: 'medium' },
	/** 14.00 */
	time: { timeStyle: 'short' },
	/** man. 7. dec. 14.00 */
	slot: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

export type DateStyle = keyof typeof dateStyles;

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(style: DateStyle, tag: string, timeZone: string): Intl.DateTimeFormat {
	const key = `d|${style}|${tag}|${timeZone}`;
	let format = cache.get(key) as Intl.DateTimeFormat | undefined;
	if (!format) {
		format = new Intl.DateTimeFormat(tag, { ...dateStyles[style], timeZone });
		cache.set(key, format);
	}
	return format;
}

type Instant = Date | string | number;

/**
 * An instant in Copenhagen time, e.g. `formatDate(row.createdAt)` or
 * `formatDate(meeting.startsAt, 'when', 'en')`. A bare calendar day (`YYYY-MM-DD`, a date column)
 * is shown as that day, whatever the zone. Nothing (null, '') is shown as ''.
 */
export function formatDate(
	value: Instant | null | undefined,
	style: DateStyle = 'date',
	locale?: string
): string {
	if (value === null || value === undefined || value === '') return '';
	const day = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
	if (day && !isDate(value)) return '';
	const at = day ? new Date(`${value}T12:00:00Z`) : new Date(value);
	if (Number.isNaN(at.getTime())) return '';
	return dateFormat(style, localeTag(locale), day ? 'UTC' : ZONE).format(at);
}

/** A booking's span, `7. dec. 2026 14.00–16.00`: the start with its date, the end as a time. */
export function formatRange(start: Instant, end: Instant, locale?: string): string {
	return `${formatDate(start, 'dateTime', locale)}–${formatDate(end, 'time', locale)}`;
}

/** A number with the language's digit grouping and decimal mark (1.234,5 in Danish). */
export function formatNumber(
	value: number | string,
	locale?: string,
	options: Intl.NumberFormatOptions = {}
): string {
	const n = typeof value === 'string' ? Number(value) : value;
	if (!Number.isFinite(n)) return '';
	const tag = localeTag(locale);
	const key = `n|${tag}|${JSON.stringify(options)}`;
	let format = cache.get(key) as Intl.NumberFormat | undefined;
	if (!format) {
		format = new Intl.NumberFormat(tag, options);
		cache.set(key, format);
	}
	return format.format(n);
}

/** A byte count as kB, MB or GB, one decimal. */
export function formatBytes(bytes: number, locale?: string): string {
	const [unit, divisor] =
		bytes >= 1024 ** 3
			? ['gigabyte', 1024 ** 3]
			: bytes >= 1024 ** 2
				? ['megabyte', 1024 ** 2]
				: ['kilobyte', 1024];
	return formatNumber(bytes / divisor, locale, {
		style: 'unit',
		unit,
		maximumFractionDigits: 1
	});
}
