import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import {
	cases,
	memberships,
	networkMembers,
	networks,
	meetings,
	organisations,
	users
} from '../../../../db/schema';
import { setBody } from '../library/entries';
import { createMeetings, parseMeeting, publishMinutes } from './meetings';
import { ensureMinutesEntry } from './minutes';

// A database without the knowledge centre's organisation, as after it was renamed or removed.
let handle: Awaited<ReturnType<typeof testDb>>;
const u: Record<string, string> = {};

beforeAll(async () => {
	handle = await testDb();
	for (const name of ['chair', 'coord', 'loner']) {
		const [row] = await handle.db
			.insert(users)
			.values({ email: `${name}@pub.test`, name })
			.returning();
		u[name] = row.id;
	}
}, 60_000);
afterAll(() => handle?.drop());

async function meeting(networkId: string | null) {
	const parsed = parseMeeting({
		title: 'Udgivermødet',
		description: '',
		day: '2099-03-12',
		start: '14:00',
		end: '16:00',
		place: 'Vejlevej 1, Kolding',
		online: true,
		capacity: '5',
		networkId
	});
	if (!parsed.ok) throw new Error('bad input');
	const [m] = await createMeetings(handle.db, u.chair, parsed.value, false);
	// The minutes document is made when the chair first opens the meeting, for its publisher.
	const entryId = await ensureMinutesEntry(handle.db, m, u.chair);
	if (entryId) await setBody(handle.db, entryId, '<h1>Udgivermødet</h1><p>Referat.</p>');
	return { ...m, entryId };
}

describe('publishing minutes without the knowledge centre', () => {
	it('refuses with no_publisher and publishes nothing when no organisation can publish them', async () => {
		const m = await meeting(null);
		expect(m.entryId).toBeNull();
		expect(await publishMinutes(handle.db, u.loner, m.id)).toEqual({
			ok: false,
			error: 'no_publisher'
		});
		const [row] = await handle.db.select().from(meetings).where(eq(meetings.id, m.id));
		expect(row.minutesPublishedAt).toBeNull();
		expect(row.minutesEntryId).toBeNull();
		expect(await handle.db.select().from(cases)).toHaveLength(0);
	});

	it("publishes for the organisation of the network's coordinator instead", async () => {
		const [org] = await handle.db
			.insert(organisations)
			.values({ kind: 'network', name: 'Netværkssekretariatet', slug: 'sek', status: 'approved' })
			.returning();
		await handle.db
			.insert(memberships)
			.values({ userId: u.coord, organisationId: org.id, role: 'editor', status: 'active' });
		const [net] = await handle.db
			.insert(networks)
			.values({ name: 'Erhvervsnetværket', slug: 'erhverv' })
			.returning();
		await handle.db
			.insert(networkMembers)
			.values({ networkId: net.id, userId: u.coord, role: 'coordinator' });
		const m = await meeting(net.id);
		expect(m.entryId).not.toBeNull();
		expect(await publishMinutes(handle.db, u.chair, m.id)).toEqual({ ok: true });
		const [row] = await handle.db.select().from(meetings).where(eq(meetings.id, m.id));
		expect(row.minutesPublishedAt).not.toBeNull();
		const [entry] = await handle.db.select().from(cases).where(eq(cases.id, row.minutesEntryId!));
		expect(entry).toMatchObject({
			organisationId: org.id,
			kind: 'meeting_minutes',
			status: 'published',
			scope: 'network'
		});
		expect(entry.id).toBe(m.entryId);
		expect(entry.bodyHtml).toContain('Referat.');
	});
});
