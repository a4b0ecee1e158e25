import { describe, expect, it } from 'vitest';
import { meetingsIcs, meetingUid } from './calendar';
import { addMonthsLocal, copenhagenToUtc, utcToCopenhagen } from '../../time';
import type { Meeting } from './registration';

/** A small RFC 5545 reader for the test: unfolds lines and collects VEVENT properties. */
function parseIcs(text: string) {
	expect(text.split('\r\n').every((l) => l.length <= 75 || false)).toBe(true);
	const lines = text
		.replace(/\r\n[ \t]/g, '')
		.split('\r\n')
		.filter(Boolean);
	expect(lines[0]).toBe('BEGIN:VCALENDAR');
	expect(lines.at(-1)).toBe('END:VCALENDAR');
	const events: Array<Record<string, string>> = [];
	let current: Record<string, string> | null = null;
	const calendar: Record<string, string> = {};
	for (const line of lines) {
		if (line === 'BEGIN:VEVENT') current = {};
		else if (line === 'END:VEVENT') {
			events.push(current!);
			current = null;
		} else {
			const i = line.indexOf(':');
			const key = line.slice(0, i).split(';')[0];
			(current ?? calendar)[key] = line.slice(i + 1);
		}
	}
	return { calendar, events };
}

function icsDate(value: string): Date {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)!;
	return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

const base: Meeting = {
	id: '11111111-2222-3333-4444-555555555555',
	networkId: null,
	seriesId: null,
	title: 'Kvartalsmøde i netværket, med æ, ø og å; og komma',
	description: 'Dagsorden følger.',
	startsAt: copenhagenToUtc('2026-03-12', '14:00')!,
	endsAt: copenhagenToUtc('2026-03-12', '16:00')!,
	place: 'Vejlevej 1, 6000 Kolding',
	online: true,
	capacity: 30,
	chairId: null,
	status: 'scheduled',
	currentAgendaItemId: null,
	minutes: '',
	minutesEntryId: null,
	minutesPublishedAt: null,
	sequence: 0,
	createdBy: null,
	createdAt: new Date(),
	updatedAt: new Date()
};

describe('Copenhagen time', () => {
	it('converts winter and summer wall times to the right instants', () => {
		expect(copenhagenToUtc('2026-01-15', '10:00')!.toISOString()).toBe('2026-01-15T09:00:00.000Z');
		expect(copenhagenToUtc('2026-07-15', '10:00')!.toISOString()).toBe('2026-07-15T08:00:00.000Z');
		expect(utcToCopenhagen(new Date('2026-07-15T08:00:00Z'))).toEqual({
			day: '2026-07-15',
			time: '10:00'
		});
	});

	it('a series keeps the local time across daylight saving', () => {
		const start = copenhagenToUtc('2026-01-20', '14:00')!;
		const later = [3, 6, 9].map((n) => utcToCopenhagen(addMonthsLocal(start, n)));
		expect(later).toEqual([
			{ day: '2026-04-20', time: '14:00' },
			{ day: '2026-07-20', time: '14:00' },
			{ day: '2026-10-20', time: '14:00' }
		]);
	});
});

describe('iCalendar output', () => {
	it('parses back to the meeting with its exact start and end instants', () => {
		const { calendar, events } = parseIcs(meetingsIcs([base], 'https://vc.example'));
		expect(calendar.VERSION).toBe('2.0');
		expect(calendar['X-WR-TIMEZONE']).toBe('Europe/Copenhagen');
		expect(events).toHaveLength(1);
		const [e] = events;
		expect(e.UID).toBe(meetingUid(base.id));
		expect(icsDate(e.DTSTART).getTime()).toBe(base.startsAt.getTime());
		expect(icsDate(e.DTEND).getTime()).toBe(base.endsAt.getTime());
		expect(e.DTSTART).toBe('20260312T130000Z');
		expect(e.SUMMARY.replace(/\\([,;\\])/g, '$1')).toBe(base.title);
		expect(e.STATUS).toBe('CONFIRMED');
	});

	it('a moved meeting keeps its UID with a higher SEQUENCE, a cancelled one says CANCELLED', () => {
		const moved = {
			...base,
			startsAt: copenhagenToUtc('2026-03-13', '09:00')!,
			endsAt: copenhagenToUtc('2026-03-13', '11:00')!,
			sequence: 1
		};
		const cancelled = {
			...base,
			id: base.id.replace('1111', '9999'),
			status: 'cancelled' as const
		};
		const { events } = parseIcs(meetingsIcs([moved, cancelled], 'https://vc.example'));
		expect(events[0].UID).toBe(meetingUid(base.id));
		expect(events[0].SEQUENCE).toBe('1');
		expect(events[0].DTSTART).toBe('20260313T080000Z');
		expect(events[1].STATUS).toBe('CANCELLED');
	});
});
