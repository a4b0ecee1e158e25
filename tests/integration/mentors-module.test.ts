/**
 * The mentors module against a real database (PGlite, or PostgreSQL with DATABASE_URL): the
 * concurrent-accept race, expiry and reminders under a controlled clock, and matching order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { testDb } from '../helpers/db';
import type { Db } from '../../db/client';
import {
	memberships,
	mentorProfiles,
	mentorshipRequests,
	municipalities,
	notifications,
	organisations,
	users
} from '../../db/schema';
import * as mentors from '../../src/lib/server/mentors';
import { deleteAccount, exportData } from '../../src/lib/server/account';
import { hashPassword } from '../../src/lib/server/auth/password';
import { createMeetings, parseMeeting } from '../../src/lib/server/meetings/meetings';
import { register, registrationOf } from '../../src/lib/server/meetings/registration';

let handle: Awaited<ReturnType<typeof testDb>>;
let db: Db;
let counter = 0;

beforeAll(async () => {
	handle = await testDb();
	db = handle.db;
	await db.insert(municipalities).values([
		{
			code: '621',
			name: 'Kolding',
			officialName: 'Kolding Kommune',
			regionCode: '1083',
			regionName: 'Region Syddanmark'
		},
		{
			code: '461',
			name: 'Odense',
			officialName: 'Odense Kommune',
			regionCode: '1083',
			regionName: 'Region Syddanmark'
		},
		{
			code: '101',
			name: 'København',
			officialName: 'Københavns Kommune',
			regionCode: '1084',
			regionName: 'Region Hovedstaden'
		}
	]);
});
afterAll(() => handle?.drop());

async function person(name: string): Promise<mentors.Actor> {
	const [row] = await db
		.insert(users)
		.values({ email: `p${++counter}-${Date.now()}@mentors.test`, name })
		.returning({ id: users.id, name: users.name });
	return { ...row, role: 'user' };
}

interface MentorOptions {
	expertise?: string[];
	sectors?: string[];
	languages?: string[];
	municipalityCode?: string;
	capacity?: number;
	accepting?: boolean;
	headline?: string;
}

/** A mentor with an organisation of their own, created through saveProfile. */
async function mentor(name: string, options: MentorOptions = {}) {
	const actor = await person(name);
	const [org] = await db
		.insert(organisations)
		.values({
			kind: 'university',
			name: `${name} Universitet ${counter}`,
			slug: `org-${counter}-${Date.now()}`,
			status: 'approved'
		})
		.returning({ id: organisations.id });
	await db
		.insert(memberships)
		.values({ userId: actor.id, organisationId: org.id, status: 'active' });
	const result = await mentors.saveProfile(
		db,
		{ actor },
		{
			organisationId: org.id,
			headline: options.headline ?? `Mentor ${name}`,
			bio: '',
			expertise: options.expertise ?? ['financing'],
			sectors: options.sectors ?? [],
			languages: options.languages ?? ['da'],
			meetingModes: ['online'],
			municipalityCode: options.municipalityCode ?? '621',
			capacity: options.capacity ?? 1,
			accepting: options.accepting ?? true,
			roleModelStory: '',
			contactEmail: '',
			contactPhone: ''
		}
	);
	if (!result.ok) throw new Error(`saveProfile failed: ${JSON.stringify(result.errors)}`);
	return { actor, profileId: result.id };
}

async function request(menteeActor: mentors.Actor, profileId: string) {
	const result = await mentors.createRequest(db, { actor: menteeActor }, profileId, {
		need: 'Hjælp til finansiering af en café med fleksjob',
		tags: ['financing']
	});
	if (!result.ok) throw new Error(`createRequest failed: ${result.code}`);
	return result.id;
}

const slots = async (profileId: string) =>
	(
		await db
			.select({ n: mentorProfiles.openSlots })
			.from(mentorProfiles)
			.where(eq(mentorProfiles.id, profileId))
	)[0].n;
const statusOf = async (id: string) =>
	(
		await db
			.select({ s: mentorshipRequests.status })
			.from(mentorshipRequests)
			.where(eq(mentorshipRequests.id, id))
	)[0].s;

describe('two accepts at the same moment', () => {
	it('never overbook a mentor with one open slot: one is accepted, the other refused and left pending', async () => {
		for (let round = 0; round < 5; round++) {
			const m = await mentor(`Race ${round}`, { capacity: 1 });
			const a = await request(await person('Ane'), m.profileId);
			const b = await request(await person('Bo'), m.profileId);
			const results = await Promise.all([
				mentors.respond(db, { actor: m.actor }, a, 'accept', ''),
				mentors.respond(db, { actor: m.actor }, b, 'accept', '')
			]);
			expect(results.filter((r) => r.ok)).toHaveLength(1);
			expect(results.find((r) => !r.ok)).toEqual({ ok: false, code: 'at_capacity' });
			expect(await slots(m.profileId)).toBe(0);
			expect([await statusOf(a), await statusOf(b)].sort()).toEqual(['accepted', 'pending']);
		}
	});

	it('take one slot only when the same request is accepted twice at once', async () => {
		const m = await mentor('Dobbelt', { capacity: 2 });
		const id = await request(await person('Cai'), m.profileId);
		const results = await Promise.all([
			mentors.respond(db, { actor: m.actor }, id, 'accept', ''),
			mentors.respond(db, { actor: m.actor }, id, 'accept', '')
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toEqual({ ok: false, code: 'not_pending' });
		expect(await slots(m.profileId)).toBe(1);
	});
});

describe('slots', () => {
	it('are freed when a mentorship completes, and capacity cannot drop below the mentees under way', async () => {
		const m = await mentor('Kapacitet', { capacity: 1 });
		const mentee = await person('Dina');
		const id = await request(mentee, m.profileId);
		expect((await mentors.respond(db, { actor: m.actor }, id, 'accept', 'Velkommen')).ok).toBe(
			true
		);
		expect(await slots(m.profileId)).toBe(0);
		expect(
			await mentors.createRequest(db, { actor: await person('Eik') }, m.profileId, {
				need: 'x',
				tags: []
			})
		).toEqual({ ok: false, code: 'at_capacity' });

		const own = (await mentors.ownProfile(db, m.actor.id))!;
		const lower = await mentors.saveProfile(db, { actor: m.actor }, { ...own, capacity: 0 });
		expect(lower).toEqual({ ok: false, errors: { capacity: 'capacity_below_active' } });
		const raise = await mentors.saveProfile(db, { actor: m.actor }, { ...own, capacity: 3 });
		expect(raise.ok).toBe(true);
		expect(await slots(m.profileId)).toBe(2);

		expect((await mentors.finish(db, { actor: mentee }, id, 'completed')).ok).toBe(true);
		expect(await slots(m.profileId)).toBe(3);
		expect(await mentors.finish(db, { actor: mentee }, id, 'completed')).toEqual({
			ok: false,
			code: 'not_active'
		});
	});
});

describe('expiry and reminders', () => {
	it('remind the mentor once after 7 days and expire the request after 14, telling the mentee', async () => {
		const m = await mentor('Tavs', { capacity: 2 });
		const mentee = await person('Frida');
		const id = await request(mentee, m.profileId);
		const [{ createdAt }] = await db
			.select({ createdAt: mentorshipRequests.createdAt })
			.from(mentorshipRequests)
			.where(eq(mentorshipRequests.id, id));
		const at = (days: number, minutes = 1) =>
			new Date(createdAt.getTime() + days * 86_400_000 + minutes * 60_000);
		const kinds = async (userId: string) =>
			(
				await db
					.select({ kind: notifications.kind })
					.from(notifications)
					.where(eq(notifications.userId, userId))
			).map((n) => n.kind);

		// Only this request is old enough at these moments; others in the file are younger.
		expect(await mentors.expireAndRemind(db, at(6, 23 * 60))).toEqual({ reminded: 0, expired: 0 });
		expect(await kinds(m.actor.id)).not.toContain('mentor.reminder');

		const seventh = await mentors.expireAndRemind(db, at(7));
		expect(seventh.reminded).toBeGreaterThanOrEqual(1);
		expect((await kinds(m.actor.id)).filter((k) => k === 'mentor.reminder')).toHaveLength(1);
		await mentors.expireAndRemind(db, at(8));
		expect((await kinds(m.actor.id)).filter((k) => k === 'mentor.reminder')).toHaveLength(1);
		expect(await statusOf(id)).toBe('pending');

		await mentors.expireAndRemind(db, at(14));
		expect(await statusOf(id)).toBe('expired');
		expect(await kinds(mentee.id)).toContain('mentor.expired');
		expect(await slots(m.profileId)).toBe(2);
		// An expired request cannot be accepted any more, and a new one may be sent.
		expect(await mentors.respond(db, { actor: m.actor }, id, 'accept', '')).toEqual({
			ok: false,
			code: 'not_pending'
		});
		expect(
			(await mentors.createRequest(db, { actor: mentee }, m.profileId, { need: 'Igen', tags: [] }))
				.ok
		).toBe(true);
	});
});

describe('matching order', () => {
	it('lists only mentors passing every chosen filter, ordered by the needs and description words they meet, and sinks or hides full mentors', async () => {
		const tag = `zq${Date.now()}`;
		const headline = (s: string) => `${s} ${tag}`;
		await mentor('Alma Finans', {
			headline: headline('a'),
			expertise: ['financing', 'procurement'],
			municipalityCode: '461',
			languages: ['da', 'ar']
		});
		await mentor('Bent Finans', {
			headline: headline('b'),
			expertise: ['financing'],
			municipalityCode: '101'
		});
		await mentor('Carla Udbud', {
			headline: headline('c'),
			expertise: ['procurement'],
			municipalityCode: '621'
		});
		await mentor('Dorte Fuld', {
			headline: headline('d'),
			expertise: ['financing', 'procurement'],
			municipalityCode: '621',
			capacity: 0
		});
		await mentor('Erik HR', {
			headline: headline('e'),
			expertise: ['hr_inclusive_employment'],
			municipalityCode: '101'
		});

		const ours = new Set(['Alma Finans', 'Bent Finans', 'Carla Udbud', 'Dorte Fuld', 'Erik HR']);
		const mine = (results: mentors.SearchResult[]) => results.filter((r) => ours.has(r.name));
		/** Among the available ones, and among the rest, a higher score is never listed lower. */
		const scoresFall = (results: mentors.SearchResult[]) =>
			[true, false].every((available) => {
				const scores = results.filter((r) => r.available === available).map((r) => r.score);
				return scores.every((s, i) => i === 0 || scores[i - 1] >= s);
			});

		// Filters narrow: any chosen expertise, and the chosen region. Bent (Hovedstaden) and Erik
		// (no chosen expertise) are not listed at all.
		const needs = { tags: ['financing', 'procurement'], regionCodes: ['1083'] };
		const results = await mentors.search(db, needs);
		expect(results.every((r) => r.regionCode === '1083')).toBe(true);
		expect(
			results.every((r) => r.expertise.some((t) => ['financing', 'procurement'].includes(t)))
		).toBe(true);
		expect(scoresFall(results)).toBe(true);
		expect(mine(results).map((r) => r.name)).toEqual(['Alma Finans', 'Carla Udbud', 'Dorte Fuld']);
		expect(mine(results).map((r) => r.score)).toEqual([3 + 3 + 2, 3 + 2, 3 + 3 + 2]);
		const regionNames = new Map([['1083', 'Region Syddanmark']]);
		expect(mentors.reasonText(mine(results)[1].reasons, regionNames, 'da')).toBe(
			'Offentlige indkøb og udbud, Region Syddanmark'
		);
		expect(mentors.reasonText(mine(results)[0].reasons, regionNames, 'en')).toBe(
			'Financing, Public procurement, Region Syddanmark'
		);

		// Within one filter any chosen value will do; across filters all must hold.
		const speaking = await mentors.search(db, { tags: ['financing'], languages: ['ar', 'en'] });
		expect(mine(speaking).map((r) => r.name)).toEqual(['Alma Finans']);
		expect(speaking.every((r) => r.languages.some((l) => l === 'ar' || l === 'en'))).toBe(true);
		const twoRegions = await mentors.search(db, {
			tags: ['financing'],
			regionCodes: ['1083', '1084']
		});
		expect(mine(twoRegions).map((r) => r.name)).toEqual([
			'Alma Finans',
			'Bent Finans',
			'Dorte Fuld'
		]);

		// The description hides no one; its words raise the mentors whose profile contains them.
		const described = await mentors.search(db, { q: `${tag} udbud`, tags: [] });
		expect(mine(described)).toHaveLength(5);
		expect(scoresFall(described)).toBe(true);
		expect(
			new Set(
				mine(described)
					.slice(0, 2)
					.map((r) => r.name)
			)
		).toEqual(new Set(['Alma Finans', 'Carla Udbud']));
		expect(mine(described)[0].reasons).toContainEqual({ kind: 'text', value: 'udbud' });
		expect(mine(described).at(-1)!.name).toBe('Dorte Fuld');
		expect(mentors.reasonText([{ kind: 'text', value: 'udbud' }], regionNames, 'da')).toBe(
			'»udbud«'
		);

		const available = await mentors.search(db, { ...needs, availableOnly: true });
		expect(available.every((r) => r.available)).toBe(true);
		expect(mine(available).map((r) => r.name)).toEqual(['Alma Finans', 'Carla Udbud']);
	});
});

describe('refusals change nothing', () => {
	it('refuses requests to a closed mentor, to oneself, duplicates, over-long texts, and acting on others’ requests', async () => {
		const closed = await mentor('Lukket', { accepting: false, capacity: 2 });
		const open = await mentor('Åben', { capacity: 3 });
		const mentee = await person('Gry');
		const stranger = await person('Hans');
		const count = async () =>
			(
				await db
					.select({ n: sql<number>`count(*)::int` })
					.from(mentorshipRequests)
					.where(eq(mentorshipRequests.menteeId, mentee.id))
			)[0].n;

		expect(
			await mentors.createRequest(db, { actor: mentee }, closed.profileId, { need: 'x', tags: [] })
		).toEqual({ ok: false, code: 'not_accepting' });
		expect(
			await mentors.createRequest(db, { actor: open.actor }, open.profileId, {
				need: 'x',
				tags: []
			})
		).toEqual({ ok: false, code: 'own_profile' });
		expect(
			await mentors.createRequest(db, { actor: mentee }, open.profileId, {
				need: 'x'.repeat(mentors.LIMITS.need + 1),
				tags: []
			})
		).toEqual({ ok: false, code: 'need_too_long' });
		expect(await count()).toBe(0);

		const id = await request(mentee, open.profileId);
		expect(
			await mentors.createRequest(db, { actor: mentee }, open.profileId, { need: 'igen', tags: [] })
		).toEqual({ ok: false, code: 'duplicate' });
		const twice = await Promise.all([
			mentors.createRequest(db, { actor: stranger }, open.profileId, { need: 'a', tags: [] }),
			mentors.createRequest(db, { actor: stranger }, open.profileId, { need: 'b', tags: [] })
		]);
		expect(twice.filter((r) => r.ok)).toHaveLength(1);
		expect(twice.find((r) => !r.ok)).toEqual({ ok: false, code: 'duplicate' });

		expect(await mentors.respond(db, { actor: stranger }, id, 'accept', '')).toEqual({
			ok: false,
			code: 'forbidden'
		});
		expect(await mentors.respond(db, { actor: mentee }, id, 'accept', '')).toEqual({
			ok: false,
			code: 'forbidden'
		});
		expect(await mentors.withdraw(db, { actor: open.actor }, id)).toEqual({
			ok: false,
			code: 'forbidden'
		});
		expect(
			await mentors.respond(db, { actor: open.actor }, id, 'accept', 'x'.repeat(1001))
		).toEqual({ ok: false, code: 'too_long' });
		expect(await statusOf(id)).toBe('pending');
		expect(await slots(open.profileId)).toBe(3);
		expect(await count()).toBe(1);
		const rows = await db
			.select({ n: sql<number>`count(*)::int` })
			.from(mentorshipRequests)
			.where(
				and(
					eq(mentorshipRequests.mentorId, open.profileId),
					eq(mentorshipRequests.status, 'pending')
				)
			);
		expect(rows[0].n).toBe(2);
	});
});

describe('an account deleted while things are under way', () => {
	it('exports them, then ends its mentorships, withdraws and declines its requests, closes its profile and frees its meeting seat', async () => {
		const password = 'leaver-password-123';
		const leaver = await mentor('Lene', { capacity: 2 });
		await db
			.update(users)
			.set({ passwordHash: await hashPassword(password) })
			.where(eq(users.id, leaver.actor.id));
		const other = await mentor('Otto', { capacity: 1 });
		// Lene is mentored by Otto (accepted), has asked a second mentor, and is asked by Mia.
		const withOtto = await request(leaver.actor, other.profileId);
		expect((await mentors.respond(db, { actor: other.actor }, withOtto, 'accept', '')).ok).toBe(
			true
		);
		const third = await mentor('Tove');
		const toTove = await request(leaver.actor, third.profileId);
		const mia = await person('Mia');
		const fromMia = await request(mia, leaver.profileId);
		// A full meeting: Lene has the one seat, Mia waits.
		const parsed = parseMeeting({
			title: 'Netværksmøde',
			description: '',
			day: '2099-05-20',
			start: '10:00',
			end: '12:00',
			place: 'Staldgården, Kolding',
			online: false,
			capacity: '1'
		});
		if (!parsed.ok) throw new Error('bad meeting');
		const [meeting] = await createMeetings(db, other.actor.id, parsed.value, false);
		expect((await register(db, meeting.id, leaver.actor.id)).ok).toBe(true);
		expect((await register(db, meeting.id, mia.id)).ok).toBe(true);
		expect(await registrationOf(db, meeting.id, mia.id)).toMatchObject({ status: 'waiting' });

		// Before leaving, the data export holds all of it.
		const exported = (await exportData(db, leaver.actor.id)) as {
			mentoring: { profile: { id: string }; requestsMade: Array<{ id: string }> };
			meetings: { registrations: Array<{ meeting: string; status: string }> };
		};
		expect(exported.mentoring.profile.id).toBe(leaver.profileId);
		expect(exported.mentoring.requestsMade.map((r) => r.id).sort()).toEqual(
			[withOtto, toTove].sort()
		);
		expect(exported.meetings.registrations).toEqual([
			expect.objectContaining({ meeting: 'Netværksmøde', status: 'registered' })
		]);

		expect(await deleteAccount(db, { actor: leaver.actor }, password)).toEqual({ ok: true });

		expect(await statusOf(withOtto)).toBe('ended');
		expect(await slots(other.profileId)).toBe(1);
		expect(await statusOf(toTove)).toBe('withdrawn');
		expect(await statusOf(fromMia)).toBe('declined');
		const [profile] = await db
			.select({ accepting: mentorProfiles.accepting })
			.from(mentorProfiles)
			.where(eq(mentorProfiles.id, leaver.profileId));
		expect(profile.accepting).toBe(false);
		expect(await registrationOf(db, meeting.id, mia.id)).toMatchObject({ status: 'registered' });
		expect(await registrationOf(db, meeting.id, leaver.actor.id)).toMatchObject({
			status: 'cancelled'
		});
		// The other side hears of it.
		const ottoNotes = await db
			.select({ kind: notifications.kind })
			.from(notifications)
			.where(eq(notifications.userId, other.actor.id));
		expect(ottoNotes.map((n) => n.kind)).toContain('mentor.finished');
	});
});
