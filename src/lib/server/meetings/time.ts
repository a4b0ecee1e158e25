/** Meetings are planned in Europe/Copenhagen local time and stored as instants. */
export const TIME_ZONE = 'Europe/Copenhagen';

const parts = (date: Date) =>
	Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', {
			timeZone: TIME_ZONE,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		})
			.formatToParts(date)
			.map((p) => [p.type, p.value])
	) as Record<string, string>;

/** `YYYY-MM-DD` and `HH:MM` as Copenhagen wall time → the instant; null when malformed. */
export function copenhagenToUtc(day: string, time: string): Date | null {
	const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
	const t = /^(\d{2}):(\d{2})$/.exec(time);
	if (!d || !t) return null;
	const [y, mo, da, h, mi] = [+d[1], +d[2], +d[3], +t[1], +t[2]];
	if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59) return null;
	const wall = Date.UTC(y, mo - 1, da, h, mi);
	// The offset is +1 or +2 hours; correct the guess by what the wall clock shows for it.
	let guess = wall - 60 * 60 * 1000;
	for (let i = 0; i < 3; i++) {
		const p = parts(new Date(guess));
		const shown = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
		if (shown === wall) return new Date(guess);
		guess += wall - shown;
	}
	return new Date(guess);
}

/** The Copenhagen wall date and time of an instant. */
export function utcToCopenhagen(date: Date): { day: string; time: string } {
	const p = parts(date);
	return { day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** A readable date and time in the given language. */
export function formatWhen(date: Date, locale: string): string {
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'da-DK', {
		timeZone: TIME_ZONE,
		dateStyle: 'full',
		timeStyle: 'short'
	}).format(date);
}

export function formatTime(date: Date, locale: string): string {
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'da-DK', {
		timeZone: TIME_ZONE,
		timeStyle: 'short'
	}).format(date);
}

/** The same wall-clock time `months` later in Copenhagen (a series keeps its local time across DST). */
export function addMonthsLocal(date: Date, months: number): Date {
	const { day, time } = utcToCopenhagen(date);
	const [y, m, d] = day.split('-').map(Number);
	const total = y * 12 + (m - 1) + months;
	const ny = Math.floor(total / 12);
	const nm = (total % 12) + 1;
	const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
	const nd = Math.min(d, last);
	return copenhagenToUtc(
		`${ny}-${String(nm).padStart(2, '0')}-${String(nd).padStart(2, '0')}`,
		time
	)!;
}
