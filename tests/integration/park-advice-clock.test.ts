/**
 * The one entrance at module level, on a migrated and seeded database: routing rules, and
 * response-time tracking on a controlled clock (every call gets its own `now`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testDb } from '../helpers/db';
import { seed } from '../../scripts/seed';
import { adviserGroups, users } from '../../db/schema';
import * as park from '../../src/lib/server/park';

const { advice } = park;
let handle: Awaited<ReturnType<typeof testDb>>;
const admin = { id: '', role: 'admin' as const };
const entrepreneur = { id: '', role: 'user' as const };
const adviser = { id: '', role: 'user' as const };
const outsider = { id: '', role: 'user' as const };
const group: Record<string, string> = {};

async function makeUser(email: string, role: 'user' | 'admin' = 'user') {
	const [u] = await handle.db
		.insert(users)
		.values({ email, name: email.split('@')[0], role })
		.returning({ id: users.id });
	return u.id;
}

beforeAll(async () => {
	handle = await testDb();
	await seed(handle.db, { demo: false });
	admin.id = await makeUser('chef@vc.test', 'admin');
	entrepreneur.id = await makeUser('ide@start.test');
	adviser.id = await makeUser('raadgiver@kommune.test');
	outsider.id = await makeUser('fremmed@andet.test');
	for (const g of await handle.db.select().from(adviserGroups)) group[g.name] = g.id;
	const added = await advice.addMember(
		handle.db,
		admin,
		group['Jobcenter Kolding'],
		'raadgiver@kommune.test'
	);
	expect(added.ok).toBe(true);
});
afterAll(() => handle?.drop());

const request = (overrides: Partial<park.advice.NewRequest> = {}): park.advice.NewRequest => ({
	topic: 'employment',
	municipalityCode: '621',
	subject: 'Fleksjob i vores café',
	description: 'Hvordan ansætter vi to medarbejdere i fleksjob?',
	attachments: [],
	...overrides
});

describe('routing rules', () => {
	it('routes a Kolding employment question to Jobcenter Kolding', async () => {
		expect(await advice.route(handle.db, 'employment', '621')).toBe(group['Jobcenter Kolding']);
	});

	it('falls back to the knowledge centre for another municipality or topic', async () => {
		expect(await advice.route(handle.db, 'employment', '740')).toBe(
			group['Videnscenter for Socialøkonomi']
		);
		expect(await advice.route(handle.db, 'registration', '621')).toBe(
			group['Videnscenter for Socialøkonomi']
		);
	});

	it('prefers topic and municipality over topic alone over municipality alone', async () => {
		const created = await advice.createGroup(handle.db, admin, {
			name: 'Finansieringspartner',
			description: ''
		});
		expect(created.ok).toBe(true);
		const partner = created.ok ? created.value.id : '';
		await advice.setRule(handle.db, admin, {
			topic: 'funding',
			municipalityCode: '',
			groupId: partner
		});
		await advice.setRule(handle.db, admin, {
			topic: '',
			municipalityCode: '740',
			groupId: group['Erhvervsservice Kolding']
		});
		expect(await advice.route(handle.db, 'funding', '740')).toBe(partner);
		expect(await advice.route(handle.db, 'other', '740')).toBe(group['Erhvervsservice Kolding']);
		// Replacing a rule keeps one rule per topic × municipality.
		await advice.setRule(handle.db, admin, {
			topic: 'funding',
			municipalityCode: '',
			groupId: group['Jobcenter Kolding']
		});
		expect(await advice.route(handle.db, 'funding', '740')).toBe(group['Jobcenter Kolding']);
		const rules = await advice.rules(handle.db);
		expect(rules.filter((r) => r.topic === 'funding' && r.municipalityCode === null)).toHaveLength(
			1
		);
	});

	it('lets only admins change the rules', async () => {
		const result = await advice.setRule(handle.db, adviser, {
			topic: '',
			municipalityCode: '',
			groupId: group['Jobcenter Kolding']
		});
		expect(result).toEqual({ ok: false, code: 'forbidden' });
	});

	it('refuses a rule for an unknown municipality', async () => {
		const result = await advice.setRule(handle.db, admin, {
			topic: 'other',
			municipalityCode: '999',
			groupId: group['Jobcenter Kolding']
		});
		expect(result).toMatchObject({
			ok: false,
			errors: { municipalityCode: 'unknown_municipality' }
		});
	});
});

describe('response-time tracking on a controlled clock', () => {
	// Monday 2 March 2026, 09:00 Copenhagen.
	const monday = new Date('2026-03-02T08:00:00Z');
	const at = (days: number, hours = 0) =>
		new Date(monday.getTime() + (days * 24 + hours) * 3_600_000);

	it('sets the target five working days ahead and notifies the routed group', async () => {
		const result = await advice.submit(handle.db, { actor: entrepreneur, now: monday }, request());
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.value.groupId).toBe(group['Jobcenter Kolding']);
		const row = await advice.get(handle.db, result.value.id);
		expect(row!.dueAt.toISOString()).toBe('2026-03-09T08:00:00.000Z');
		const notes = await handle.db.execute(
			sql`select kind from notifications where user_id = ${adviser.id} and link = ${`/park/advice/${result.value.id}`}`
		);
		const rows = Array.isArray(notes) ? notes : (notes as { rows: unknown[] }).rows;
		expect(rows).toEqual([{ kind: 'advice.new_request' }]);
	});

	it('lists an unanswered request as overdue only after its target has passed', async () => {
		const result = await advice.submit(
			handle.db,
			{ actor: entrepreneur, now: at(1) },
			request({ subject: 'Lønrefusion' })
		);
		if (!result.ok) throw new Error('submit failed');
		const id = result.value.id;
		// Due Tuesday 10 March 09:00. Monday 9 March 17:00: not yet.
		const ids = async (now: Date) =>
			(await advice.overdue(handle.db, adviser, now)).map((r) => r.id);
		expect(await ids(at(7, 8))).not.toContain(id);
		const late = await advice.overdue(handle.db, adviser, at(10));
		expect(late.find((r) => r.id === id)?.workingDaysLate).toBe(2);
		// Answered: no longer overdue, and the answer counts as late.
		const replied = await advice.post(
			handle.db,
			{ actor: adviser, now: at(10) },
			id,
			'reply',
			'Se jobcentrets vejledning.'
		);
		expect(replied.ok).toBe(true);
		expect(await ids(at(11))).not.toContain(id);
		const row = await advice.get(handle.db, id);
		expect(row!.status).toBe('answered');
		expect(row!.answeredAt!.toISOString()).toBe(at(10).toISOString());
	});

	it('reports answered, on-time, overdue and the median hours to the first answer', async () => {
		const first = await advice.inbox(handle.db, adviser);
		const onTimeId = first.find((r) => r.subject === 'Fleksjob i vores café')!.id;
		await advice.assign(handle.db, { actor: adviser, now: at(0, 2) }, onTimeId, adviser.id);
		await advice.post(
			handle.db,
			{ actor: adviser, now: at(1, 0) },
			onTimeId,
			'reply',
			'Ja, det kan I.'
		);
		const stats = await advice.stats(handle.db, adviser, at(11));
		expect(stats).toEqual({
			total: 2,
			answered: 2,
			answeredOnTime: 1,
			open: 0,
			overdue: 0,
			medianHours: (24 + 216) / 2
		});
	});

	it('hides the request and its internal notes from people outside it', async () => {
		const [row] = await advice.inbox(handle.db, adviser);
		await advice.post(
			handle.db,
			{ actor: adviser },
			row.id,
			'note',
			'Intern: ring til virksomheden.'
		);
		const access = await advice.requestAccess(
			handle.db,
			outsider,
			(await advice.get(handle.db, row.id))!
		);
		expect(access.canSee).toBe(false);
		expect((await advice.post(handle.db, { actor: outsider }, row.id, 'reply', 'Hej')).ok).toBe(
			false
		);
		const requesterView = await advice.thread(handle.db, row.id, false);
		expect(requesterView.map((m) => m.kind)).not.toContain('note');
		expect((await advice.thread(handle.db, row.id, true)).map((m) => m.kind)).toContain('note');
	});
});

describe('seeded park', () => {
	it('holds the Kolding dialogue timeline with its five dated steps', async () => {
		const pipeline = await park.list(handle.db, { stage: 'starting' });
		expect(pipeline).toHaveLength(1);
		const timeline = await park.dialogue(handle.db, pipeline[0].id);
		expect(timeline.map((d) => d.occurredOn)).toEqual([
			'2018-04-11',
			'2018-04-25',
			'2018-04-26',
			'2018-05-01',
			'2018-06-03'
		]);
	});
});
