import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { verify } from '@node-rs/argon2';
import { testDb } from '../../tests/helpers/db';
import type { Db } from '../../db/client';
import { memberships, municipalities, organisations, users } from '../../db/schema';
import { DEMO_PASSWORD, demoUsers, isEmpty, seed } from '.';
import { seedMentors } from './mentors';

let handle: Awaited<ReturnType<typeof testDb>>;
let db: Db;

beforeAll(async () => {
	handle = await testDb();
	db = handle.db;
});
afterAll(() => handle?.drop());

async function counts() {
	const [[m], [o], [u], [ms]] = await Promise.all([
		db.select({ n: count() }).from(municipalities),
		db.select({ n: count() }).from(organisations),
		db.select({ n: count() }).from(users),
		db.select({ n: count() }).from(memberships)
	]);
	return { municipalities: m.n, organisations: o.n, users: u.n, memberships: ms.n };
}

// The steps build on each other: an empty database, reference data, then demo data on top.
describe('seed', () => {
	it('finds a fresh database empty', async () => {
		expect(await isEmpty(db)).toBe(true);
	});

	it('loads the 98 municipalities with their three-digit codes and five regions', async () => {
		const report = await seed(db, { demo: false });
		expect(report.municipalities).toBe(98);
		expect(await isEmpty(db)).toBe(false);
		const rows = await db.select().from(municipalities);
		expect(rows).toHaveLength(98);
		for (const row of rows) expect(row.code).toMatch(/^\d{3}$/);
		expect(new Set(rows.map((r) => r.code)).size).toBe(98);
		expect(new Set(rows.map((r) => r.regionName))).toEqual(
			new Set([
				'Region Hovedstaden',
				'Region Sjælland',
				'Region Syddanmark',
				'Region Midtjylland',
				'Region Nordjylland'
			])
		);
		const [kolding] = rows.filter((r) => r.name === 'Kolding');
		expect(kolding).toMatchObject({
			code: '621',
			officialName: 'Kolding Kommune',
			regionName: 'Region Syddanmark'
		});
	});

	it('gives every municipality an approved organisation and adds the partners', async () => {
		const municipal = await db
			.select()
			.from(organisations)
			.where(eq(organisations.kind, 'municipality'));
		expect(municipal).toHaveLength(98);
		expect(municipal.find((o) => o.name === 'Kolding Kommune')).toMatchObject({
			municipalityCode: '621',
			status: 'approved'
		});
		const names = (await db.select({ name: organisations.name }).from(organisations)).map(
			(o) => o.name
		);
		expect(names).toEqual(
			expect.arrayContaining([
				'Videnscenter for Socialøkonomi',
				'Syddansk Universitet (SDU)',
				'Den Sociale Kapitalfond'
			])
		);
		const [{ n: enterprises }] = await db
			.select({ n: count() })
			.from(organisations)
			.where(eq(organisations.kind, 'social_enterprise'));
		expect(enterprises).toBeGreaterThan(0);
	});

	it('creates no users outside demo mode', async () => {
		expect((await counts()).users).toBe(0);
	});

	it('changes no counts when run a second time', async () => {
		const before = await counts();
		const report = await seed(db, { demo: false });
		expect(await counts()).toEqual(before);
		expect(report).toEqual({
			municipalities: before.municipalities,
			organisations: before.organisations,
			users: before.users
		});
	});

	it('adds the fictional demo users with their roles in demo mode', async () => {
		const report = await seed(db, { demo: true, fastHash: true });
		// The demo users plus the fictional mentors of the mentor directory (who cannot sign in).
		expect(report.users).toBe(demoUsers.length + seedMentors.length);
		const rows = await db.select().from(users);
		expect(rows.map((u) => u.email).sort()).toEqual(
			[...demoUsers, ...seedMentors].map((d) => d.email).sort()
		);
		for (const mentor of rows.filter((u) => seedMentors.some((s) => s.email === u.email)))
			expect(mentor.passwordHash).toBeNull();
		const admin = rows.find((u) => u.email === 'admin@videnscenter.example')!;
		expect(admin.role).toBe('admin');
		expect(admin.emailVerifiedAt).not.toBeNull();
		expect(await verify(admin.passwordHash!, DEMO_PASSWORD)).toBe(true);

		const [kolding] = await db
			.select({ role: memberships.role, status: memberships.status })
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.innerJoin(organisations, eq(organisations.id, memberships.organisationId))
			.where(eq(users.email, 'konsulent@kolding.example'));
		expect(kolding).toEqual({ role: 'editor', status: 'active' });
		expect((await counts()).memberships).toBe(
			demoUsers.filter((d) => d.org).length + seedMentors.length
		);
	});

	it('changes no counts when demo mode is seeded again', async () => {
		const before = await counts();
		await seed(db, { demo: true, fastHash: true });
		expect(await counts()).toEqual(before);
	});
});
