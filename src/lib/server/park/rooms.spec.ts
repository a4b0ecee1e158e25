import { describe, expect, it } from 'vitest';
import { ical, type Conflict } from './rooms';

const booking = (title: string, roomName = 'Mødelokale 1') =>
	({
		id: '0b7f6c1e-0000-4000-8000-000000000001',
		title,
		roomName,
		startsAt: new Date('2026-03-02T08:00:00Z'),
		endsAt: new Date('2026-03-02T09:30:00Z')
	}) as Conflict;

describe('room-booking calendar file', () => {
	it('writes the booking as one event in UTC', () => {
		const text = ical(booking('Opfølgning'), 'https://videnscenter.example');
		expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
		expect(text).toContain('UID:0b7f6c1e-0000-4000-8000-000000000001@videnscenter.example');
		expect(text).toContain('DTSTART:20260302T080000Z');
		expect(text).toContain('DTEND:20260302T093000Z');
		expect(text).toContain('SUMMARY:Opfølgning');
		expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(1);
	});

	it('cannot be given extra properties or events through a title or room name', () => {
		const text = ical(
			booking(
				'Møde\r\nATTENDEE:mailto:ude@angriber.example\r\nEND:VEVENT\r\nBEGIN:VEVENT',
				'Sal\nORGANIZER:mailto:x@y'
			),
			'https://videnscenter.example'
		);
		const names = text
			.split('\r\n')
			.filter((line) => line && !line.startsWith(' '))
			.map((line) => line.split(/[:;]/)[0]);
		expect(names).not.toContain('ATTENDEE');
		expect(names).not.toContain('ORGANIZER');
		expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(1);
		expect(text).not.toMatch(/[^\r]\n/);
	});

	it('writes no bare carriage return, which some calendars read as a line break', () => {
		const text = ical(booking('Møde\rATTENDEE:mailto:ude@angriber.example'), 'https://x.example');
		expect(text).not.toMatch(/\r(?!\n)/);
	});
});
