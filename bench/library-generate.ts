/**
 * Generates library entries for benchmarks: realistic Danish-ish titles, summaries and bodies,
 * 1–2 municipalities, themes, target groups and partners, mostly published and public.
 * Rows only (no Yjs documents): search reads the row's text columns.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client';
import { caseMunicipalities, casePartners, caseTerms, cases, caseNetworks } from '../db/schema';

const words =
	`socialøkonomisk virksomhed virksomheder fleksjob ressourceforløb café kantine jobcenter kommune
borgere udsatte unge ledige partnerskab netværk indkøb udbud afknopning landdistrikter genbrug
rengøring catering gartneri værksted cykler tekstil redesign butik hotel købmand bibliotek
beskæftigelse opkvalificering praktik mentor rådgivning iværksætter forretningsplan effekt måling
samarbejde frivillige forening fond investering overskud arbejdsidentitet kompetencer uddannelse
boligområde helhedsplan integration flygtninge handicap sårbare inklusion arbejdsmarked`.split(
		/\s+/
	);
const places = [
	'Korsør',
	'Vejle',
	'Skive',
	'Randers',
	'Horsens',
	'Næstved',
	'Greve',
	'Lejre',
	'Nyborg'
];

function rng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

export async function generate(db: Db, n: number, seed = 42): Promise<void> {
	const r = rng(seed);
	const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
	// A large pseudo-vocabulary with the domain words mixed in at about one word in twelve, so a
	// domain term matches roughly a tenth of the entries, as in a real library.
	const syllables = [
		'ka',
		'lo',
		'ber',
		'sk',
		'vin',
		'ter',
		'ud',
		'mø',
		'rå',
		'dan',
		'sel',
		'gå',
		'hus',
		'fi',
		'nor',
		'le'
	];
	const filler = Array.from({ length: 6000 }, () =>
		Array.from({ length: 2 + Math.floor(r() * 3) }, () => pick(syllables)).join('')
	);
	const sentence = (len: number) =>
		Array.from({ length: len }, () => (r() < 0.08 ? pick(words) : pick(filler))).join(' ');
	const munis = await queryRows<{ code: string; org: string }>(
		db,
		sql`select m.code, o.id as org from municipalities m join organisations o on o.municipality_code = m.code and o.kind = 'municipality'`
	);
	const enterprises = await queryRows<{ id: string; name: string }>(
		db,
		sql`select id, name from organisations where kind <> 'municipality'`
	);
	const terms = await queryRows<{ id: string; vocabulary: string; label_da: string }>(
		db,
		sql`select id, vocabulary, label_da from library_terms`
	);
	const themes = terms.filter((t) => t.vocabulary === 'theme');
	const targets = terms.filter((t) => t.vocabulary === 'target_group');
	const [network] = await queryRows<{ id: string }>(db, sql`select id from networks limit 1`);
	const BATCH = 500;
	for (let start = 0; start < n; start += BATCH) {
		const rows: (typeof cases.$inferInsert)[] = [];
		const extra: {
			municipalities: string[];
			terms: string[];
			partners: { id: string; name: string }[];
			network: boolean;
		}[] = [];
		for (let i = start; i < Math.min(n, start + BATCH); i++) {
			const m = pick(munis);
			const m2 = r() < 0.3 ? pick(munis) : null;
			const ts = [...new Set([pick(themes), pick(themes), ...(r() < 0.5 ? [pick(themes)] : [])])];
			const tg = [pick(targets)];
			const partners =
				r() < 0.7 ? [pick(enterprises), ...(r() < 0.4 ? [pick(enterprises)] : [])] : [];
			const year = 2012 + Math.floor(r() * 13);
			const statusRoll = r();
			const scopeRoll = r();
			const scope =
				scopeRoll < 0.7
					? 'public'
					: scopeRoll < 0.85
						? 'members'
						: scopeRoll < 0.95
							? 'network'
							: 'organisation';
			const title = `${pick(places)}: ${sentence(4)} ${i}`;
			const body = Array.from({ length: 6 }, () => sentence(14)).join('. ');
			rows.push({
				kind: r() < 0.8 ? 'case' : r() < 0.9 ? 'method_note' : 'meeting_minutes',
				title: title.slice(0, 200),
				summary: sentence(25),
				status: statusRoll < 0.92 ? 'published' : statusRoll < 0.97 ? 'draft' : 'in_review',
				scope,
				organisationId: m.org,
				year,
				periodStart: `${year}-0${1 + Math.floor(r() * 9)}-01`,
				publishedAt: new Date(Date.UTC(year, Math.floor(r() * 12), 1 + Math.floor(r() * 27))),
				bodyHtml: `<p>${body}</p>`,
				bodyText: body,
				searchTerms: [...ts, ...tg]
					.map((t) => t.label_da)
					.concat(partners.map((p) => p.name))
					.join(' '),
				flexJobs: r() < 0.4 ? Math.floor(r() * 30) : null,
				jobsCreated: r() < 0.4 ? Math.floor(r() * 50) : null
			});
			extra.push({
				municipalities: [...new Set([m.code, ...(m2 ? [m2.code] : [])])],
				terms: [...ts, ...tg].map((t) => t.id),
				partners,
				network: scope === 'network'
			});
		}
		const inserted = await db.insert(cases).values(rows).returning({ id: cases.id });
		const cm: (typeof caseMunicipalities.$inferInsert)[] = [];
		const ct: (typeof caseTerms.$inferInsert)[] = [];
		const cp: (typeof casePartners.$inferInsert)[] = [];
		const cn: (typeof caseNetworks.$inferInsert)[] = [];
		inserted.forEach(({ id }, k) => {
			for (const code of extra[k].municipalities) cm.push({ caseId: id, municipalityCode: code });
			for (const termId of extra[k].terms) ct.push({ caseId: id, termId });
			extra[k].partners.forEach((p, position) =>
				cp.push({ caseId: id, organisationId: p.id, name: p.name, role: 'partner', position })
			);
			if (extra[k].network && network) cn.push({ caseId: id, networkId: network.id });
		});
		await db.insert(caseMunicipalities).values(cm);
		await db.insert(caseTerms).values(ct).onConflictDoNothing();
		if (cp.length) await db.insert(casePartners).values(cp);
		if (cn.length) await db.insert(caseNetworks).values(cn);
		if ((start / BATCH) % 20 === 0)
			process.stderr.write(`  generated ${start + rows.length}/${n}\n`);
	}
	await db.execute(sql`analyze`);
}
