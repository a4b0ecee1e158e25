import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import {
	cases,
	emailOutbox,
	meetingDecisions,
	meetingRegistrations,
	meetings,
	notifications,
	organisations,
	users
} from '../../../../db/schema';
import { cancelRegistration, listRegistrations, register, registrationOf } from './registration';
import { createMeetings, parseMeeting, publishMinutes, updateMeeting } from './meetings';
import { ensureMinutesEntry } from './minutes';
import { setBody } from '../library/entries';

let handle: Awaited<ReturnType<typeof testDb>>;
const ids: string[] = [];

beforeAll(async () => {
	handle = await testDb();
	for (let i = 0; i < 8; i++) {
		const [u] = await handle.db
			.insert(users)
			.values({ email: `p${i}@reg.test`, name: `Person ${i}` })
			.returning();
		ids.push(u.id);
	}
}, 60_000);
afterAll(() => handle?.drop());

async function meeting(capacity: number) {
	const parsed = parseMeeting({
		title: 'Netværksmøde',
		description: '',
		day: '2099-03-12',
		start: '14:00',
		end: '16:00',
		place: 'Vejlevej 1, Kolding',
		online: true,
		capacity: String(capacity)
	});
	if (!parsed.ok) throw new Error('bad input');
	const [m] = await createMeetings(handle.db, ids[0], parsed.value, false);
	return m;
}

describe('registration with a waiting list', () => {
	it('seats people up to capacity and queues the rest in order', async () => {
		const m = await meeting(2);
		const results = [];
		for (const id of ids.slice(1, 5)) results.push((await register(handle.db, m.id, id)).ok);
		const rows = await listRegistrations(handle.db, m.id);
		expect(results).toEqual([true, true, true, true]);
		expect(rows.map((r) => r.status)).toEqual(['registered', 'registered', 'waiting', 'waiting']);
		expect(await registrationOf(handle.db, m.id, ids[4])).toEqual({
			status: 'waiting',
			position: 2
		});
	});

	it('registering twice keeps one registration', async () => {
		const m = await meeting(5);
		await register(handle.db, m.id, ids[1]);
		await register(handle.db, m.id, ids[1]);
		expect((await listRegistrations(handle.db, m.id)).length).toBe(1);
	});

	it('a cancellation promotes the first on the waiting list and notifies them in-app and by e-mail', async () => {
		const m = await meeting(1);
		await register(handle.db, m.id, ids[1]);
		await register(handle.db, m.id, ids[2]);
		await register(handle.db, m.id, ids[3]);
		const result = await cancelRegistration(handle.db, m.id, ids[1]);
		expect(result).toEqual({ ok: true, promoted: [ids[2]] });
		const notes = await handle.db
			.select()
			.from(notifications)
			.where(eq(notifications.userId, ids[2]));
		expect(notes.some((n) => n.kind === 'meeting.promoted' && n.link === `/meetings/${m.id}`)).toBe(
			true
		);
		const mails = await handle.db
			.select()
			.from(emailOutbox)
			.where(eq(emailOutbox.kind, 'meeting.promoted'));
		expect(mails.some((mail) => mail.to === 'p2@reg.test')).toBe(true);
	});

	it('two cancellations at the same time promote exactly two people, in queue order', async () => {
		const m = await meeting(2);
		for (const id of ids.slice(1, 7)) await register(handle.db, m.id, id);
		const [a, b] = await Promise.all([
			cancelRegistration(handle.db, m.id, ids[1]),
			cancelRegistration(handle.db, m.id, ids[2])
		]);
		const promoted = [...(a.ok ? a.promoted : []), ...(b.ok ? b.promoted : [])];
		expect(promoted.sort()).toEqual([ids[3], ids[4]].sort());
		const rows = await handle.db
			.select()
			.from(meetingRegistrations)
			.where(eq(meetingRegistrations.meetingId, m.id));
		const byUser = new Map(rows.map((r) => [r.userId, r.status]));
		expect(ids.slice(1, 7).map((id) => byUser.get(id))).toEqual([
			'cancelled',
			'cancelled',
			'registered',
			'registered',
			'waiting',
			'waiting'
		]);
	});

	it('many registrations at once never overbook', async () => {
		const m = await meeting(3);
		await Promise.all(ids.slice(1, 8).map((id) => register(handle.db, m.id, id)));
		const rows = await listRegistrations(handle.db, m.id);
		expect(rows.filter((r) => r.status === 'registered').length).toBe(3);
		expect(rows.filter((r) => r.status === 'waiting').length).toBe(4);
	});

	it('refuses a capacity below the registered count and promotes when capacity grows', async () => {
		const m = await meeting(2);
		for (const id of ids.slice(1, 5)) await register(handle.db, m.id, id);
		const base = {
			title: m.title,
			description: '',
			startsAt: m.startsAt,
			endsAt: m.endsAt,
			place: m.place,
			online: true
		};
		const low = await updateMeeting(handle.db, ids[0], m.id, { ...base, capacity: 1 });
		expect(low).toEqual({ ok: false, errors: { capacity: 'capacity_below' } });
		const high = await updateMeeting(handle.db, ids[0], m.id, { ...base, capacity: 3 });
		expect(high.ok).toBe(true);
		expect(await registrationOf(handle.db, m.id, ids[3])).toEqual({
			status: 'registered',
			position: null
		});
	});

	it('refuses an end before the start', () => {
		const parsed = parseMeeting({
			title: 'X',
			description: '',
			day: '2099-01-01',
			start: '15:00',
			end: '14:00',
			place: 'Her',
			online: false,
			capacity: '10'
		});
		expect(parsed).toEqual({ ok: false, errors: { end: 'end_before_start' } });
	});

	it('refuses a day that does not exist instead of moving the meeting into the next month', () => {
		const parsed = parseMeeting({
			title: 'X',
			description: '',
			day: '2026-02-30',
			start: '14:00',
			end: '15:00',
			place: 'Her',
			online: false,
			capacity: '10'
		});
		expect(parsed).toEqual({
			ok: false,
			errors: { day: 'invalid_date', end: 'invalid_date' }
		});
	});

	it('publishing minutes creates one published library entry of kind meeting_minutes, escaped', async () => {
		await handle.db.insert(organisations).values({
			kind: 'business_support',
			name: 'Videnscenter for Socialøkonomi',
			slug: 'vc',
			status: 'approved'
		});
		const m = await meeting(5);
		await register(handle.db, m.id, ids[5]);
		// What the editor writes: text that looks like markup, and markup the schema does not allow.
		const entryId = await ensureMinutesEntry(handle.db, m, ids[0]);
		await setBody(
			handle.db,
			entryId!,
			'<h1>Netværksmøde</h1><p>Vi talte om &lt;script&gt;x&lt;/script&gt; og samarbejde.</p><script>alert(1)</script>'
		);
		await handle.db
			.insert(meetingDecisions)
			.values({ meetingId: m.id, text: 'Næste møde i Odense' });
		expect(await publishMinutes(handle.db, ids[0], m.id)).toEqual({ ok: true });
		expect(await publishMinutes(handle.db, ids[0], m.id)).toEqual({ ok: true });
		const [row] = await handle.db.select().from(meetings).where(eq(meetings.id, m.id));
		const entries = await handle.db.select().from(cases).where(eq(cases.id, row.minutesEntryId!));
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			kind: 'meeting_minutes',
			status: 'published',
			title: 'Referat: Netværksmøde'
		});
		expect(entries[0].bodyHtml).toContain('&lt;script&gt;');
		expect(entries[0].bodyHtml).not.toContain('<script>');
		expect(entries[0].bodyHtml).toContain('<li>Næste møde i Odense</li>');
		const notes = await handle.db
			.select()
			.from(notifications)
			.where(eq(notifications.userId, ids[5]));
		expect(notes.some((n) => n.kind === 'meeting.minutes')).toBe(true);
	});
});
