/**
 * Who may read an entry is decided in two places: `visibleSql` filters lists and search in the
 * database, `canRead` decides one entry's page. They must agree. Over generated worlds (people,
 * organisations with active and pending memberships, networks of people and of organisations,
 * entries of every status and scope with co-authors and network links), every viewer × entry pair
 * gets the same answer from both, for the published entries `visibleSql` speaks of.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../../../../tests/helpers/db';
import type { Db } from '../../../../db/client';
import {
	caseAuthors,
	caseNetworks,
	cases,
	caseScopes,
	caseStatuses,
	memberships,
	membershipRoles,
	networkMembers,
	networks,
	organisations,
	users
} from '../../../../db/schema';
import { canRead, viewerOf, visibleSql, type EntryRef } from './access';

let handle: Awaited<ReturnType<typeof testDb>>;
let db: Db;

beforeAll(async () => {
	handle = await testDb();
	db = handle.db;
}, 120_000);
afterAll(() => handle?.drop());

/** A small deterministic generator (mulberry32), so a failing world can be rebuilt from its seed. */
function random(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		chance: (p: number) => next() < p,
		pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
		some: <T>(list: readonly T[], p: number): T[] => list.filter(() => next() < p)
	};
}

async function world(seed: number) {
	const r = random(seed);
	const tag = `w${seed}`;
	const orgIds = (
		await db
			.insert(organisations)
			.values(
				[0, 1, 2, 3].map((i) => ({
					kind: 'municipality' as const,
					name: `${tag} org ${i}`,
					slug: `${tag}-org-${i}`,
					status: 'approved' as const
				}))
			)
			.returning({ id: organisations.id })
	).map((o) => o.id);
	const people = await db
		.insert(users)
		.values(
			[0, 1, 2, 3, 4, 5, 6].map((i) => ({
				email: `${tag}-p${i}@access.test`,
				name: `${tag} p${i}`,
				role: (i === 0 ? 'admin' : 'user') as 'admin' | 'user'
			}))
		)
		.returning();
	const memberRows = people.flatMap((p) =>
		r.some(orgIds, 0.35).map((org) => ({
			userId: p.id,
			organisationId: org,
			role: r.pick(membershipRoles),
			status: r.chance(0.75) ? ('active' as const) : ('pending' as const)
		}))
	);
	if (memberRows.length) await db.insert(memberships).values(memberRows);
	const netIds = (
		await db
			.insert(networks)
			.values([0, 1].map((i) => ({ name: `${tag} net ${i}`, slug: `${tag}-net-${i}` })))
			.returning({ id: networks.id })
	).map((n) => n.id);
	for (const net of netIds) {
		const rows = [
			...r.some(orgIds, 0.3).map((org) => ({ networkId: net, organisationId: org })),
			...r.some(people, 0.25).map((p) => ({ networkId: net, userId: p.id }))
		];
		if (rows.length) await db.insert(networkMembers).values(rows);
	}
	const entries: EntryRef[] = [];
	for (let i = 0; i < 40; i++) {
		const creator = r.chance(0.8) ? r.pick(people).id : null;
		const [row] = await db
			.insert(cases)
			.values({
				kind: 'case',
				title: `${tag} entry ${i}`,
				// Most entries published: those are the ones the two rules must agree on.
				status: r.chance(0.7) ? 'published' : r.pick(caseStatuses),
				scope: r.pick(caseScopes),
				organisationId: r.pick(orgIds),
				createdBy: creator
			})
			.returning();
		const authors = r.some(people, 0.15);
		if (authors.length)
			await db.insert(caseAuthors).values(authors.map((p) => ({ caseId: row.id, userId: p.id })));
		const linked = r.some(netIds, 0.5);
		if (linked.length)
			await db.insert(caseNetworks).values(linked.map((n) => ({ caseId: row.id, networkId: n })));
		entries.push(row);
	}
	return { tag, people, entries };
}

function rowsOf(result: unknown): Array<{ id: string }> {
	return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as never;
}

describe('visibleSql and canRead', () => {
	it(
		'agree for every viewer and every entry over generated worlds',
		{ timeout: 120_000 },
		async () => {
			const disagreements: string[] = [];
			let published = 0;
			let visible = 0;
			for (const seed of [1, 2, 3, 4]) {
				const { tag, people, entries } = await world(seed);
				for (const person of [null, ...people]) {
					const viewer = await viewerOf(db, person ? { ...person, emailVerified: true } : null);
					const listed = new Set(
						rowsOf(
							await db.execute(
								sql`select c.id from cases c where c.title like ${`${tag} %`} and ${visibleSql(viewer)}`
							)
						).map((x) => x.id)
					);
					for (const entry of entries) {
						const single = await canRead(db, viewer, entry);
						// visibleSql speaks of published entries; canRead also lets editors see their drafts.
						const expected = entry.status === 'published' ? single : false;
						if (entry.status === 'published') {
							published++;
							if (single) visible++;
						}
						if (listed.has(entry.id) !== expected)
							disagreements.push(
								`seed ${seed}, ${person?.name ?? 'anonymous'}, ${entry.scope}/${entry.status}: ` +
									`list ${listed.has(entry.id)}, page ${single}`
							);
					}
				}
			}
			expect(disagreements).toEqual([]);
			// The worlds are varied enough to mean something: some entries seen, some not.
			expect(visible).toBeGreaterThan(published / 5);
			expect(visible).toBeLessThan(published);
		}
	);
});
