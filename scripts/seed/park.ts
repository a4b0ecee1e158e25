/**
 * The business park from the Kolding documents: Staldgården's meeting rooms, the adviser groups of
 * the one entrance with their routing rules, Kolding's annex-1 enterprises as virtual members, and
 * the dated dialogue with a national enterprise considering Kolding (Kolding slides, 2018). No
 * person from the documents becomes a user or an adviser: groups start empty outside demo mode.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
	adviceRoutingRules,
	adviserGroupMembers,
	adviserGroups,
	organisations,
	parkDialogue,
	parkEnterprises,
	parkRooms,
	users,
	type AdviceTopic
} from '../../db/schema';
import { slugify } from '../../src/lib/slug';
import { annex1 } from './organisations';

export const parkRoomsSeed = [
	{ name: 'Mødelokale Stalden', capacity: 12, description: 'Bord til 12, skærm og whiteboard.' },
	{ name: 'Mødelokale Høloftet', capacity: 6, description: 'Lille mødelokale til samtaler.' },
	{ name: 'Salen i nordfløjen', capacity: 40, description: 'Til netværksmøder og workshops.' }
];

export const adviserGroupsSeed = [
	{
		name: 'Erhvervsservice Kolding',
		description: 'Opstart, forretningsudvikling og salg til kommunen.'
	},
	{
		name: 'Jobcenter Kolding',
		description: 'Fleksjob, ressourceforløb og ansættelse på særlige vilkår.'
	},
	{
		name: 'Videnscenter for Socialøkonomi',
		description: 'Registrering som socialøkonomisk virksomhed, finansiering og alt andet.'
	}
];

/** Topic × municipality (null = any) → group name. The last rule is the fallback. */
export const routingSeed: Array<{
	topic: AdviceTopic | null;
	municipality: string | null;
	group: string;
}> = [
	{ topic: 'starting', municipality: '621', group: 'Erhvervsservice Kolding' },
	{ topic: 'procurement', municipality: '621', group: 'Erhvervsservice Kolding' },
	{ topic: 'premises', municipality: '621', group: 'Erhvervsservice Kolding' },
	{ topic: 'employment', municipality: '621', group: 'Jobcenter Kolding' },
	{ topic: null, municipality: null, group: 'Videnscenter for Socialøkonomi' }
];

export const PIPELINE_ENTERPRISE = 'National socialøkonomisk virksomhed (i dialog med Kolding)';

/** The dialogue from the Kolding slides ("Konkrete dialoger – konkret handling"). */
export const koldingDialogue = [
	{ occurredOn: '2018-04-11', kind: 'meeting', title: 'Første møde / indledende dialog' },
	{ occurredOn: '2018-04-25', kind: 'meeting', title: 'Første møde i Kolding' },
	{ occurredOn: '2018-04-26', kind: 'meeting', title: 'Møde med direktøren og jobcenterchefen' },
	{
		occurredOn: '2018-05-01',
		kind: 'meeting',
		title: 'Møde med jobcenterchefen samt to fagchefer'
	},
	{ occurredOn: '2018-06-03', kind: 'decision', title: 'Politisk behandling' }
] as const;

export async function seedPark(db: Db, options: { demo: boolean }): Promise<void> {
	await db
		.insert(parkRooms)
		.values(parkRoomsSeed.map((r) => ({ ...r, slug: slugify(r.name) })))
		.onConflictDoNothing();

	await db.insert(adviserGroups).values(adviserGroupsSeed).onConflictDoNothing();
	const groups = await db
		.select({ id: adviserGroups.id, name: adviserGroups.name })
		.from(adviserGroups);
	const groupId = (name: string) => groups.find((g) => g.name === name)!.id;
	for (const rule of routingSeed) {
		const [exists] = await db
			.select({ id: adviceRoutingRules.id })
			.from(adviceRoutingRules)
			.where(
				and(
					rule.topic ? eq(adviceRoutingRules.topic, rule.topic) : isNull(adviceRoutingRules.topic),
					rule.municipality
						? eq(adviceRoutingRules.municipalityCode, rule.municipality)
						: isNull(adviceRoutingRules.municipalityCode)
				)
			);
		if (!exists)
			await db.insert(adviceRoutingRules).values({
				topic: rule.topic,
				municipalityCode: rule.municipality,
				groupId: groupId(rule.group)
			});
	}

	// Kolding's enterprises from annex 1 join the virtual park.
	const kolding = annex1.find((g) => g.municipality === 'Kolding')?.names ?? [];
	const members = await db
		.select({ id: organisations.id, name: organisations.name })
		.from(organisations)
		.where(eq(organisations.kind, 'social_enterprise'));
	const koldingIds = members.filter((o) => kolding.includes(o.name)).map((o) => o.id);
	if (koldingIds.length) {
		await db
			.insert(parkEnterprises)
			.values(
				koldingIds.map((id) => ({
					organisationId: id,
					membership: 'virtual' as const,
					stage: 'operating' as const
				}))
			)
			.onConflictDoNothing();
	}

	// The enterprise of the slides' dialogue, unnamed there, in the pipeline.
	await db
		.insert(organisations)
		.values({
			kind: 'social_enterprise',
			name: PIPELINE_ENTERPRISE,
			slug: slugify(PIPELINE_ENTERPRISE),
			municipalityCode: '621',
			description:
				'En af fem nationale socialøkonomiske virksomheder, Kolding Kommune er i dialog med om etablering i Kolding.',
			status: 'approved'
		})
		.onConflictDoNothing();
	const [pipeline] = await db
		.select({ id: organisations.id })
		.from(organisations)
		.where(eq(organisations.slug, slugify(PIPELINE_ENTERPRISE)));
	if (pipeline) {
		await db
			.insert(parkEnterprises)
			.values({ organisationId: pipeline.id, membership: 'virtual', stage: 'starting' })
			.onConflictDoNothing();
		const [has] = await db
			.select({ id: parkDialogue.id })
			.from(parkDialogue)
			.where(eq(parkDialogue.organisationId, pipeline.id))
			.limit(1);
		if (!has)
			await db
				.insert(parkDialogue)
				.values(koldingDialogue.map((d) => ({ ...d, organisationId: pipeline.id })));
	}

	if (options.demo) {
		// Fictional demo advisers: the Kolding consultant in the two Kolding groups, the admin in
		// the knowledge centre's group.
		const demoAdvisers: Array<[string, string]> = [
			['konsulent@kolding.example', 'Erhvervsservice Kolding'],
			['konsulent@kolding.example', 'Jobcenter Kolding'],
			['admin@videnscenter.example', 'Videnscenter for Socialøkonomi']
		];
		for (const [email, group] of demoAdvisers) {
			const [user] = await db
				.select({ id: users.id })
				.from(users)
				.where(sql`lower(${users.email}) = ${email}`);
			if (user)
				await db
					.insert(adviserGroupMembers)
					.values({ groupId: groupId(group), userId: user.id })
					.onConflictDoNothing();
		}
	}
}
