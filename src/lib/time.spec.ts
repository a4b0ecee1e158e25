import { describe, expect, it } from 'vitest';
import {
	addMonthsLocal,
	addWorkingDays,
	copenhagenToUtc,
	isDate,
	isTime,
	nextDay,
	startOfDay,
	utcToCopenhagen,
	wallClock,
	workingDaysBetween,
	zonedInstant
} from './time';

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

describe('the edges of Copenhagen time', () => {
	it('reads a time the spring switch skips as the clock shows after it', () => {
		// 29 March 2026: clocks go from 02:00 to 03:00; 02:30 does not exist and is read as 03:30.
		expect(zonedInstant('2026-03-29', '02:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
		expect(wallClock(zonedInstant('2026-03-29', '02:30')).time).toBe('03:30:00');
	});

	it('takes the first of the two 02:30s on the autumn switch', () => {
		// 25 October 2026: clocks go from 03:00 back to 02:00; 02:30 summer time comes first.
		expect(zonedInstant('2026-10-25', '02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
	});

	it('turns malformed days and times into null instead of a rolled-over date', () => {
		expect(copenhagenToUtc('2026-02-30', '10:00')).toBeNull();
		expect(copenhagenToUtc('2026-13-01', '10:00')).toBeNull();
		expect(copenhagenToUtc('2026-02-10', '24:00')).toBeNull();
		expect(copenhagenToUtc('2026-02-10', '9:00')).toBeNull();
		expect(copenhagenToUtc('2026-02-10\u0000', '10:00')).toBeNull();
		expect(isDate('2028-02-29')).toBe(true);
		expect(isDate('2026-02-29')).toBe(false);
		expect(isTime('23:59')).toBe(true);
		expect(isTime('23:59:00')).toBe(false);
	});

	it('moves a series on the 31st to the last day of a shorter month', () => {
		const start = copenhagenToUtc('2026-01-31', '13:00')!;
		expect(utcToCopenhagen(addMonthsLocal(start, 1))).toEqual({ day: '2026-02-28', time: '13:00' });
		expect(utcToCopenhagen(addMonthsLocal(start, 3))).toEqual({ day: '2026-04-30', time: '13:00' });
	});

	it('cuts days at Copenhagen midnight and steps over month ends', () => {
		expect(startOfDay('2026-07-01').toISOString()).toBe('2026-06-30T22:00:00.000Z');
		expect(nextDay('2026-12-31')).toBe('2027-01-01');
		expect(() => startOfDay('2026-02-30')).toThrow(RangeError);
	});
});
