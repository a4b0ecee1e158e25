import { count, eq, sql } from 'drizzle-orm';
import { hash } from '@node-rs/argon2';
import type { Db } from '../../db/client';
import { memberships, municipalities, organisations, users } from '../../db/schema';
import { slugify } from '../../src/lib/slug';
import { readSeedCsv } from './csv';
import { annex1, partners } from './organisations';
import { seedPark } from './park';
import { seedImpact } from './impact';
import { seedMeetings } from './meetings';
import { seedLibrary } from './library';
import { seedMentorDirectory } from './mentors';

/** The demo password; demo users exist only when the seed runs in demo mode. */
export const DEMO_PASSWORD = 'videnscenter-demo';

/** Fictional demo people, one per role. */
export const demoUsers = [
	{
		email: 'admin@videnscenter.example',
		name: 'Astrid Holmgaard',
		role: 'admin',
		org: 'Videnscenter for Socialøkonomi',
		orgRole: 'org_admin',
		what: 'knowledge-centre admin'
	},
	{
		email: 'konsulent@kolding.example',
		name: 'Jonas Eskildsen',
		role: 'user',
		org: 'Kolding Kommune',
		orgRole: 'editor',
		what: 'municipal consultant in Kolding'
	},
	{
		email: 'forsker@sdu.example',
		name: 'Sofie Kragh',
		role: 'user',
		org: 'Syddansk Universitet (SDU)',
		orgRole: 'editor',
		what: 'researcher at SDU'
	},
	{
		email: 'ivaerksaetter@videnscenter.example',
		name: 'Emil Nørgaard',
		role: 'user',
		org: null,
		orgRole: null,
		what: 'entrepreneur'
	},
	{
		email: 'mentor@kapitalfond.example',
		name: 'Ida Mølgaard',
		role: 'user',
		org: 'Den Sociale Kapitalfond',
		orgRole: 'member',
		what: 'mentor at a fund'
	}
] as const;

export interface SeedOptions {
	demo: boolean;
	/** Lower argon2 cost for tests; never in production. */
	fastHash?: boolean;
}

export interface SeedReport {
	municipalities: number;
	organisations: number;
	users: number;
}

/** Loads reference and demo data. Running it again changes nothing. */
export async function seed(db: Db, options: SeedOptions): Promise<SeedReport> {
	const rows = readSeedCsv('municipalities.csv');
	await db
		.insert(municipalities)
		.values(
			rows.map((r) => ({
				code: r.code,
				name: r.name,
				officialName: r.official_name,
				regionCode: r.region_code,
				regionName: r.region_name
			}))
		)
		.onConflictDoNothing();
	const codeByName = new Map(rows.map((r) => [r.name, r.code]));

	const orgValues: Array<typeof organisations.$inferInsert> = [];
	for (const r of rows) {
		orgValues.push({
			kind: 'municipality',
			name: r.official_name,
			slug: slugify(r.official_name),
			municipalityCode: r.code,
			status: 'approved'
		});
	}
	const seen = new Set<string>();
	for (const group of annex1) {
		for (const name of group.names) {
			if (seen.has(name.toLowerCase())) continue;
			seen.add(name.toLowerCase());
			orgValues.push({
				kind: 'social_enterprise',
				name,
				slug: slugify(name),
				municipalityCode: group.municipality ? codeByName.get(group.municipality) : null,
				description: group.note ?? '',
				status: 'approved'
			});
		}
	}
	for (const p of partners) {
		orgValues.push({
			kind: p.kind,
			name: p.name,
			slug: slugify(p.name),
			municipalityCode: codeByName.get(p.municipality) ?? null,
			website: p.website,
			status: 'approved'
		});
	}
	await db.insert(organisations).values(orgValues).onConflictDoNothing();

	if (options.demo) {
		const passwordHash = await hash(
			DEMO_PASSWORD,
			options.fastHash ? { memoryCost: 1024, timeCost: 1 } : { memoryCost: 19456, timeCost: 2 }
		);
		for (const demo of demoUsers) {
			await db
				.insert(users)
				.values({
					email: demo.email,
					name: demo.name,
					role: demo.role,
					passwordHash,
					emailVerifiedAt: new Date()
				})
				.onConflictDoNothing();
			if (!demo.org) continue;
			const [user] = await db
				.select({ id: users.id })
				.from(users)
				.where(sql`lower(${users.email}) = ${demo.email}`);
			const [org] = await db
				.select({ id: organisations.id })
				.from(organisations)
				.where(eq(organisations.name, demo.org));
			if (user && org) {
				await db
					.insert(memberships)
					.values({
						userId: user.id,
						organisationId: org.id,
						role: demo.orgRole!,
						status: 'active',
						decidedAt: new Date()
					})
					.onConflictDoNothing();
			}
		}
	}

	await seedPark(db, options);
	await seedImpact(db);
	await seedLibrary(db);
	if (options.demo) await seedMeetings(db);
	await seedMentorDirectory(db, { demo: options.demo });

	const [[m], [o], [u]] = await Promise.all([
		db.select({ n: count() }).from(municipalities),
		db.select({ n: count() }).from(organisations),
		db.select({ n: count() }).from(users)
	]);
	return { municipalities: m.n, organisations: o.n, users: u.n };
}

/** True when the database has no reference data yet (a fresh install). */
export async function isEmpty(db: Db): Promise<boolean> {
	const [row] = await db.select({ n: count() }).from(municipalities);
	return (row?.n ?? 0) === 0;
}
