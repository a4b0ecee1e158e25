/**
 * Demo meetings: the social-economy network's four meetings of the coming year, chaired by the
 * fictional demo admin, with a Danish agenda. Linked to the network when the networks table exists.
 */
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { meetingAgendaItems, meetings, users } from '../../db/schema';
import { addMonthsLocal, copenhagenToUtc } from '../../src/lib/time';

/** Fixed so running the seed again changes nothing. */
export const DEMO_SERIES_ID = '5e0c1a1e-0000-4000-8000-00000000a001';

const AGENDA = [
	{ title: 'Velkomst og præsentationsrunde', startTime: '13:00', durationMinutes: 20 },
	{
		title: 'Oplæg: Samarbejde mellem socialøkonomiske og ordinære virksomheder',
		startTime: '13:20',
		durationMinutes: 40
	},
	{ title: 'Erfaringsudveksling i grupper', startTime: '14:00', durationMinutes: 60 },
	{ title: 'Fælles opsamling og beslutninger', startTime: '15:00', durationMinutes: 40 },
	{ title: 'Eventuelt og næste møde', startTime: '15:40', durationMinutes: 20 }
];

export async function seedMeetings(db: Db, now = new Date()): Promise<number> {
	const [exists] = await db
		.select({ id: meetings.id })
		.from(meetings)
		.where(eq(meetings.seriesId, DEMO_SERIES_ID))
		.limit(1);
	if (exists) return 0;
	const [chair] = await db
		.select({ id: users.id })
		.from(users)
		.where(sql`lower(${users.email}) = 'admin@videnscenter.example'`);
	if (!chair) return 0;
	let networkId: string | null = null;
	const [table] = await queryRows<{ t: string | null }>(
		db,
		sql`select to_regclass('public.networks')::text as t`
	);
	if (table?.t) {
		const [row] = await queryRows<{ id: string }>(
			db,
			sql`select id from networks where name ilike '%socialøkonomisk%' order by name limit 1`
		);
		networkId = row?.id ?? null;
	}
	// The first meeting: the 15th of next month, 13–16 Copenhagen time; then every three months.
	const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 15));
	const day = next.toISOString().slice(0, 10);
	const first = copenhagenToUtc(day, '13:00')!;
	await db.transaction(async (tx) => {
		for (let i = 0; i < 4; i++) {
			const startsAt = addMonthsLocal(first, i * 3);
			const [row] = await tx
				.insert(meetings)
				.values({
					networkId,
					seriesId: DEMO_SERIES_ID,
					title: `Socialøkonomisk netværk – ${i + 1}. møde ${startsAt.getUTCFullYear()}`,
					description:
						'Kvartalsmøde i det socialøkonomiske netværk: socialøkonomiske og ordinære virksomheder mødes, deler erfaringer og aftaler samarbejder.',
					startsAt,
					endsAt: new Date(startsAt.getTime() + 3 * 60 * 60 * 1000),
					place: 'Videnscenter for Socialøkonomi, mødelokale 1',
					online: true,
					capacity: 40,
					chairId: chair.id,
					createdBy: chair.id
				})
				.returning({ id: meetings.id });
			await tx.insert(meetingAgendaItems).values(
				AGENDA.map((item, position) => ({
					...item,
					meetingId: row.id,
					position: position + 1,
					presenter: ''
				}))
			);
		}
	});
	return 4;
}
