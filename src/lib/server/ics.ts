/**
 * iCalendar files (RFC 5545) through the `ics` package, for every calendar file the platform sends
 * (meetings, feeds, room bookings). The package escapes commas, semicolons and line feeds and folds
 * long lines; a bare carriage return it would pass through, and some calendars read that as a line
 * break (a way to smuggle in properties), so every text is normalised first.
 */
import { createEvents, type EventAttributes, type HeaderAttributes } from 'ics';

/** Text for an iCalendar property: line breaks of any kind become `\n`, which `ics` escapes. */
export function icsText(value: string): string;
export function icsText(value: string | undefined): string | undefined;
export function icsText(value: string | undefined): string | undefined {
	return value?.replace(/\r\n?/g, '\n');
}

const TEXT_FIELDS = ['title', 'description', 'location', 'categories'] as const;

/** An iCalendar document with `events`; throws if `ics` refuses them. */
export function writeEvents(events: EventAttributes[], header: HeaderAttributes = {}): string {
	const clean = events.map((e) => {
		const out = { ...e } as Record<string, unknown>;
		for (const f of TEXT_FIELDS) if (typeof out[f] === 'string') out[f] = icsText(out[f] as string);
		return out as unknown as EventAttributes;
	});
	const { error, value } = createEvents(clean, {
		...header,
		calName: header.calName === undefined ? undefined : icsText(header.calName)
	});
	if (error || !value) throw error ?? new Error('ics failed');
	return value;
}
