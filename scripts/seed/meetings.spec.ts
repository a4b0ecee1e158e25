import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { testDb } from '../../tests/helpers/db';
import { meetingAgendaItems, meetings, users } from '../../db/schema';
import { DEMO_SERIES_ID, seedMeetings } from './meetings';
import { utcToCopenhagen } from '../../src/lib/time';

let handle: Awaited<ReturnType<typeof testDb>>;
beforeAll(async () => {
	handle = await testDb();
	await handle.db
		.insert(users)
		.values({ email: 'admin@videnscenter.example', name: 'Demo Admin', role: 'admin' });
}, 60_000);
afterAll(() => handle?.drop());

describe('demo meetings', () => {
	it('seeds four meetings a year with an agenda, once', async () => {
		expect(await seedMeetings(handle.db, new Date('2026-11-23T00:00:00Z'))).toBe(4);
		expect(await seedMeetings(handle.db)).toBe(0);
		const rows = await handle.db
			.select()
			.from(meetings)
			.where(eq(meetings.seriesId, DEMO_SERIES_ID))
			.orderBy(asc(meetings.startsAt));
		expect(rows.map((r) => utcToCopenhagen(r.startsAt))).toEqual([
			{ day: '2026-12-15', time: '13:00' },
			{ day: '2027-03-15', time: '13:00' },
			{ day: '2027-06-15', time: '13:00' },
			{ day: '2027-09-15', time: '13:00' }
		]);
		const agenda = await handle.db
			.select()
			.from(meetingAgendaItems)
			.where(eq(meetingAgendaItems.meetingId, rows[0].id));
		expect(agenda).toHaveLength(5);
	});
});
