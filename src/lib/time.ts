/**
 * Time in the platform's one zone, Europe/Copenhagen, on @internationalized/date: meetings are
 * planned, rooms booked, response targets counted and day filters cut in Copenhagen wall time,
 * and stored as instants. Browser and server both use this module; formatting for display is in
 * $lib/format.ts.
 */
import {
	CalendarDate,
	fromAbsolute,
	isWeekend,
	parseDate,
	toCalendarDateTime,
	toZoned,
	Time,
	type ZonedDateTime
} from '@internationalized/date';

export const ZONE = 'Europe/Copenhagen';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** A real calendar day written `YYYY-MM-DD` (2026-02-30 is not one). */
export function isDate(value: string): boolean {
	if (!DATE_RE.test(value)) return false;
	const [y, m, d] = value.split('-').map(Number);
	if (y < 1 || m < 1 || m > 12 || d < 1) return false;
	return d <= new CalendarDate(y, m, 1).calendar.getDaysInMonth(new CalendarDate(y, m, 1));
}

/** A wall-clock time written `HH:MM`. */
export function isTime(value: string): boolean {
	return TIME_RE.test(value) && value.length === 5;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dateText = (d: { year: number; month: number; day: number }) =>
	`${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

function zoned(at: Date, timeZone = ZONE): ZonedDateTime {
	return fromAbsolute(at.getTime(), timeZone);
}

function wall(date: string, time: string, timeZone = ZONE): ZonedDateTime {
	const [h, mi, s = 0] = time.split(':').map(Number);
	return toZoned(toCalendarDateTime(parseDate(date), new Time(h, mi, s)), timeZone, 'compatible');
}

/** Copenhagen date (`YYYY-MM-DD`) and time (`HH:MM:SS`) of an instant. */
export function wallClock(at: Date): { date: string; time: string } {
	const z = zoned(at);
	return { date: dateText(z), time: `${pad(z.hour)}:${pad(z.minute)}:${pad(z.second)}` };
}

/**
 * The instant at which Copenhagen clocks show `date` `time` (`HH:MM` or `HH:MM:SS`). A time the
 * spring switch skips is read as the clock would after it (02:30 → 03:30 summer time); a time the
 * autumn switch repeats is the first of the two.
 */
export function zonedInstant(date: string, time: string): Date {
	return wall(date, time).toDate();
}

/** `YYYY-MM-DD` and `HH:MM` as Copenhagen wall time → the instant; null when either is malformed. */
export function copenhagenToUtc(day: string, time: string): Date | null {
	if (!isDate(day) || !isTime(time)) return null;
	return zonedInstant(day, time);
}

/** The Copenhagen wall date and time (`HH:MM`) of an instant. */
export function utcToCopenhagen(at: Date): { day: string; time: string } {
	const z = zoned(at);
	return { day: dateText(z), time: `${pad(z.hour)}:${pad(z.minute)}` };
}

/**
 * The same wall-clock time `months` later in Copenhagen: a series keeps its local time across
 * daylight-saving switches, and the 31st becomes the month's last day where there is none.
 */
export function addMonthsLocal(at: Date, months: number): Date {
	const z = zoned(at);
	const later = toCalendarDateTime(z).add({ months });
	return toZoned(later, ZONE, 'compatible').toDate();
}

/** The instant a calendar day (`YYYY-MM-DD`) begins in the zone, e.g. 23:00 UTC the day before. */
export function startOfDay(date: string, timeZone = ZONE): Date {
	if (!isDate(date)) throw new RangeError(`not a date: ${date}`);
	return wall(date, '00:00', timeZone).toDate();
}

/** The calendar day after `date`. */
export function nextDay(date: string): string {
	return dateText(parseDate(date).add({ days: 1 }));
}

/**
 * The instant `days` working days (Monday–Friday in Copenhagen; public holidays are not counted
 * out) after `from`, at the same Copenhagen wall-clock time.
 */
export function addWorkingDays(from: Date, days: number): Date {
	const z = zoned(from);
	let date = new CalendarDate(z.year, z.month, z.day);
	let added = 0;
	while (added < days) {
		date = date.add({ days: 1 });
		if (!isWeekend(date, 'da-DK')) added++;
	}
	return toZoned(toCalendarDateTime(date, z), ZONE, 'compatible').toDate();
}

/** Whole working days from `from` to `to` (0 when `to` is earlier), counted by Copenhagen date. */
export function workingDaysBetween(from: Date, to: Date): number {
	if (to <= from) return 0;
	const a = zoned(from);
	const b = zoned(to);
	let date = new CalendarDate(a.year, a.month, a.day);
	const end = new CalendarDate(b.year, b.month, b.day);
	let days = 0;
	while (date.compare(end) < 0) {
		date = date.add({ days: 1 });
		if (!isWeekend(date, 'da-DK')) days++;
	}
	return days;
}

/** Hours between two instants, one decimal. */
export function hoursBetween(from: Date, to: Date): number {
	return Math.round((to.getTime() - from.getTime()) / 360_000) / 10;
}
