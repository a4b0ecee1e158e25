/**
 * Table 1 of the 2015 experience report (social-economy enterprises in the 17 municipalities,
 * November 2015) as the first impact snapshot.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { impactFigures, impactSnapshots, type ImpactMetric } from '../../db/schema';
import { readSeedCsv } from './csv';

export const TABLE1_TITLE = 'Erfaringsopsamling, november 2015';

export async function seedImpact(db: Db): Promise<void> {
	const [exists] = await db
		.select({ id: impactSnapshots.id })
		.from(impactSnapshots)
		.where(eq(impactSnapshots.title, TABLE1_TITLE));
	if (exists) return;
	const rows = readSeedCsv('experience-report-2015-table1.csv');
	await db.transaction(async (tx) => {
		const [snap] = await tx
			.insert(impactSnapshots)
			.values({
				title: TABLE1_TITLE,
				takenOn: '2015-11-30',
				source: 'Cabi / Vækstcenter: Erfaringsopsamling (2015), tabel 1'
			})
			.returning({ id: impactSnapshots.id });
		const columns: Array<[string, ImpactMetric]> = [
			['enterprises_total', 'enterprises_total'],
			['registered', 'registered'],
			['founded_in_2015', 'founded_in_year'],
			['pipeline', 'pipeline']
		];
		await tx.insert(impactFigures).values(
			rows.flatMap((r) =>
				columns.map(([column, metric]) => ({
					snapshotId: snap.id,
					municipalityCode: r.municipality_code,
					metric,
					value: Number(r[column])
				}))
			)
		);
	});
}
