/**
 * Time arithmetic for the park: working days for response targets and Copenhagen wall-clock time
 * for room bookings. Working days are Monday–Friday in Europe/Copenhagen; public holidays are not
 * counted out (a target that falls on a holiday is one day generous to the requester at most).
 */

export const ZONE = 'Europe/Copenhagen';
const DAY_MS = 86_400_000;

/**
 * The instant `days` working days after `from`, at the same Copenhagen wall-clock time. A request
 * sent on a weekend starts counting from the next Monday morning's working day.
 */
export function addWorkingDays(from: Date, days: number): Date {
	const local = wallClock(from);
	let date = local.date;
	let added = 0;
	while (added < days) {
		date = shiftDate(date, 1);
		if (!isWeekendDate(date)) added++;
	}
	return zonedInstant(date, local.time);
}

/** Whole working days from `from` to `to` (0 when `to` is earlier), counted by Copenhagen date. */
export function workingDaysBetween(from: Date, to: Date): number {
	if (to <= from) return 0;
	let date = wallClock(from).date;
	const end = wallClock(to).date;
	let days = 0;
	while (date < end) {
		date = shiftDate(date, 1);
		if (!isWeekendDate(date)) days++;
	}
	return days;
}

/** Hours between two instants, one decimal. */
export function hoursBetween(from: Date, to: Date): number {
	return Math.round((to.getTime() - from.getTime()) / 360_000) / 10;
}

function isWeekendDate(date: string): boolean {
	const day = new Date(`${date}T12:00:00Z`).getUTCDay();
	return day === 0 || day === 6;
}

function shiftDate(date: string, days: number): string {
	return new Date(new Date(`${date}T12:00:00Z`).getTime() + days * DAY_MS)
		.toISOString()
		.slice(0, 10);
}

const partsFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: ZONE,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});

/** Copenhagen date (YYYY-MM-DD) and time (HH:MM:SS) of an instant. */
export function wallClock(at: Date): { date: string; time: string } {
	const p = Object.fromEntries(partsFormat.formatToParts(at).map((x) => [x.type, x.value]));
	return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}` };
}

/** The instant at which Copenhagen clocks show `date` `time` (HH:MM or HH:MM:SS). */
export function zonedInstant(date: string, time: string): Date {
	const hms = time.length === 5 ? `${time}:00` : time;
	const guess = new Date(`${date}T${hms}Z`);
	// Offset of Copenhagen at that moment, found by reading the clock there; applied twice so the
	// answer is right on either side of a daylight-saving switch.
	let at = guess;
	for (let i = 0; i < 2; i++) {
		const shown = wallClock(at);
		const shownAsUtc = new Date(`${shown.date}T${shown.time}Z`);
		at = new Date(at.getTime() - (shownAsUtc.getTime() - guess.getTime()));
	}
	return at;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isDate(value: string): boolean {
	if (!DATE_RE.test(value)) return false;
	const d = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function isTime(value: string): boolean {
	return TIME_RE.test(value);
}
