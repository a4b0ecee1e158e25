import { describe, expect, it } from 'vitest';
import { addWorkingDays, isDate, workingDaysBetween, zonedInstant, wallClock } from './time';

describe('working days', () => {
	it('skips the weekend when adding five working days to a Wednesday', () => {
		// Wednesday 4 March 2026, 10:00 Copenhagen (09:00 UTC) → Wednesday 11 March, 10:00.
		const due = addWorkingDays(new Date('2026-03-04T09:00:00Z'), 5);
		expect(due.toISOString()).toBe('2026-03-11T09:00:00.000Z');
	});

	it('counts a Saturday request from the following Monday', () => {
		const due = addWorkingDays(new Date('2026-03-07T09:00:00Z'), 1);
		expect(wallClock(due).date).toBe('2026-03-09');
	});

	it('keeps the wall-clock time across the spring daylight-saving switch', () => {
		// Friday 27 March 2026 14:00 CET → Monday 30 March 14:00 CEST.
		const due = addWorkingDays(new Date('2026-03-27T13:00:00Z'), 1);
		expect(due.toISOString()).toBe('2026-03-30T12:00:00.000Z');
	});

	it('counts working days between two instants by Copenhagen date', () => {
		expect(
			workingDaysBetween(new Date('2026-03-06T09:00:00Z'), new Date('2026-03-10T09:00:00Z'))
		).toBe(2);
		expect(
			workingDaysBetween(new Date('2026-03-10T09:00:00Z'), new Date('2026-03-06T09:00:00Z'))
		).toBe(0);
	});
});

describe('Copenhagen wall-clock time', () => {
	it('converts winter and summer local times to the right instants', () => {
		expect(zonedInstant('2026-01-15', '10:00').toISOString()).toBe('2026-01-15T09:00:00.000Z');
		expect(zonedInstant('2026-07-15', '10:00').toISOString()).toBe('2026-07-15T08:00:00.000Z');
	});

	it('rejects impossible dates', () => {
		expect(isDate('2026-02-30')).toBe(false);
		expect(isDate('2026-02-28')).toBe(true);
	});
});
