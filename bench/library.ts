/**
 * Library search benchmark. `npm run bench -- library [--n 100000]` on PGlite (no DATABASE_URL) or
 * on PostgreSQL (DATABASE_URL: a fresh database is created on that server and dropped after).
 * Measures search (the module call the pages and API make) and the index page's server work
 * (viewer + search + facet labels) for anonymous and signed-in viewers.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { createDb, queryRows } from '../db/client';
import { seed } from '../scripts/seed';
import * as library from '../src/lib/server/library';
import { generate } from './library-generate';

const argN = process.argv.indexOf('--n');
const n = argN > 0 ? Number(process.argv[argN + 1]) : 100_000;
const base = process.env.DATABASE_URL;
let url: string | undefined;
let dropName: string | undefined;
/** BENCH_KEEP=<name>: reuse (or create and keep) that database, to measure again without regenerating. */
const keep = process.env.BENCH_KEEP;
if (base) {
	const name = keep ?? `lib_bench_${randomBytes(4).toString('hex')}`;
	if (!/^[a-z0-9_]+$/.test(name)) throw new Error('BENCH_KEEP: lower-case letters, digits and _');
	const admin = postgres(base, { max: 1, onnotice: () => {} });
	const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
	if (!exists) await admin.unsafe(`create database "${name}"`);
	await admin.end();
	if (!keep) dropName = name;
	const u = new URL(base);
	u.pathname = `/${name}`;
	url = u.toString();
}
const handle = await createDb({ databaseUrl: url, dataDir: 'memory://', max: 10 });
const db = handle.db;
try {
	const [{ existing }] = await queryRows<{ existing: number }>(
		db,
		sql`select count(*)::int as existing from cases`
	);
	const t0 = performance.now();
	if (existing < n) {
		await seed(db, { demo: false });
		await generate(db, n - existing);
	}
	const genSeconds = (performance.now() - t0) / 1000;
	const [{ count }] = await queryRows<{ count: number }>(
		db,
		sql`select count(*)::int as count from cases`
	);

	// A signed-in viewer: member of Kolding Kommune (a network member).
	const [kolding] = await queryRows<{ id: string }>(
		db,
		sql`select id from organisations where name = 'Kolding Kommune'`
	);
	const viewer: library.Viewer = {
		id: '00000000-0000-4000-8000-000000000001',
		admin: false,
		roles: new Map([[kolding.id, 'editor']])
	};

	const queries = [
		'',
		'q=fleksjob',
		'q=fleksjob+café',
		'q=ressourceforløb',
		'q=virksomheder',
		'q=Jamerbugt',
		'q=genbrug&municipality=330',
		'theme=fleksjob&year=2015',
		'q=kantine&sort=date&page=3',
		'q=socialøkonomisk+partnerskab+landdistrikter'
	];
	const ITER = Number(process.env.BENCH_ITER ?? 20);
	const pct = (xs: number[], p: number) =>
		xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
	const rows: string[][] = [];
	const all: Record<string, number[]> = { search: [], page: [] };
	for (const who of ['anonymous', 'member'] as const) {
		const v = who === 'anonymous' ? null : viewer;
		for (const q of queries) {
			const params = library.parseSearchParams(new URLSearchParams(q));
			if (!params.ok) throw new Error(q);
			await library.search(db, v, params.value); // warm
			const s: number[] = [];
			const pg: number[] = [];
			let total = 0;
			for (let i = 0; i < ITER; i++) {
				let t = performance.now();
				total = (await library.search(db, v, params.value)).total;
				s.push(performance.now() - t);
				t = performance.now();
				await Promise.all([library.search(db, v, params.value), library.facetLabels(db)]);
				pg.push(performance.now() - t);
			}
			all.search.push(...s);
			all.page.push(...pg);
			rows.push([
				who,
				q || '(all)',
				String(total),
				pct(s, 50).toFixed(1),
				pct(s, 95).toFixed(1),
				pct(pg, 95).toFixed(1)
			]);
		}
	}
	console.log(
		`\nLibrary search on ${handle.driver}, ${count} entries (generated in ${genSeconds.toFixed(0)} s), ${ITER} runs each\n`
	);
	console.log('| viewer | query | hits | search p50 ms | search p95 ms | index page p95 ms |');
	console.log('|---|---|---:|---:|---:|---:|');
	for (const r of rows) console.log(`| ${r.join(' | ')} |`);
	console.log(
		`\nAll queries: search p95 ${pct(all.search, 95).toFixed(1)} ms, index page p95 ${pct(all.page, 95).toFixed(1)} ms`
	);
} finally {
	await handle.close();
	if (dropName) {
		const admin = postgres(base!, { max: 1, onnotice: () => {} });
		await admin.unsafe(`drop database if exists "${dropName}" with (force)`);
		await admin.end();
	}
}
