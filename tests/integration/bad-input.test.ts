/**
 * Bad input never makes a 500. Walks every form action (`+page.server.ts` actions) and every API
 * handler (`+server.ts`) found under src/routes, so a new route is covered without editing this
 * file, as an admin and anonymously, sending impossible dates, out-of-range numbers, NUL bytes, lone
 * surrogates and over-long values in every field the route reads (plus common field names), in the
 * query string and in the body. Route parameters come from links the app itself shows (real ids of
 * the seeded data) and from made-up values.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http';
import { startApp, type TestApp } from '../helpers/server';

const ROUTES = join(process.cwd(), 'src/routes');
const admin = { email: 'admin@bad-input.test', password: 'bad-input-test-pw-1', admin: true };

interface Handler {
	file: string;
	/** Route id, e.g. /library/[id]/edit (groups and matchers removed). */
	route: string;
	kind: 'action' | 'endpoint';
	/** Action name ('default' posts to the page itself) or HTTP method. */
	name: string;
	fields: string[];
	/** Whether the route's parameters are matched as uuids ([id=uuid]): anything else is a 404. */
	uuidOnly: boolean;
}

function walk(dir: string): string[] {
	return readdirSync(dir).flatMap((f) => {
		const p = join(dir, f);
		return statSync(p).isDirectory() ? walk(p) : [p];
	});
}

const COMMON = [
	'id',
	'email',
	'password',
	'name',
	'title',
	'body',
	'text',
	'date',
	'start',
	'end',
	'from',
	'to',
	'q',
	'page',
	'limit',
	'year',
	'month',
	'count',
	'amount',
	'number',
	'value',
	'token',
	'next',
	'role',
	'status',
	'scope',
	'slug',
	'url',
	'description',
	'summary',
	'time',
	'duration',
	'capacity',
	'message'
];

function handlers(): Handler[] {
	const out: Handler[] = [];
	for (const file of walk(ROUTES)) {
		const base = file.split('/').pop();
		if (base !== '+page.server.ts' && base !== '+server.ts') continue;
		const src = readFileSync(file, 'utf8');
		const uuidOnly = relative(ROUTES, file).includes('=uuid]');
		const route =
			'/' +
			relative(ROUTES, file)
				.split('/')
				.slice(0, -1)
				.filter((s) => !/^\(.*\)$/.test(s))
				.join('/')
				// Parameter matchers ([id=uuid]) do not change which paths the walk fills in.
				.replace(/\[(\w+)=\w+\]/g, '[$1]');
		// Every identifier-like string literal the file mentions is a field it may read.
		const fields = [
			...new Set([...src.matchAll(/['"`]([a-zA-Z][\w.[\]-]{0,40})['"`]/g)].map((m) => m[1]))
		].filter((f) => !f.includes('/') && !f.startsWith('$'));
		const all = [...new Set([...fields, ...COMMON])];
		const rel = relative(process.cwd(), file);
		if (base === '+page.server.ts') {
			const at = src.indexOf('export const actions');
			if (at < 0) continue;
			const body = src.slice(at);
			const names = [...body.matchAll(/^\t(?:async\s+)?([A-Za-z_]\w*)\s*[:(]/gm)].map((m) => m[1]);
			for (const name of new Set(names))
				out.push({ file: rel, route, kind: 'action', name, fields: all, uuidOnly });
		} else {
			const methods = [
				...src.matchAll(
					/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g
				)
			].map((m) => m[1]);
			for (const name of new Set(methods))
				out.push({ file: rel, route, kind: 'endpoint', name, fields: all, uuidOnly });
		}
	}
	return out;
}

const LONG = 'x'.repeat(120_000);
/** Each set is sent in every field at once. */
const BAD: Record<string, string> = {
	'impossible date': '2024-02-30',
	'month 13': '2024-13-01',
	'year 0': '0000-01-01',
	'year 9999 with bad time': '9999-12-31T25:61',
	'integer overflow': '99999999999',
	'negative overflow': '-99999999999999999999',
	'huge float': '1e400',
	'NUL byte': 'a\u0000b',
	'lone surrogate': 'x\uD800y',
	'over-long': LONG
};

const FAKE_PARAMS = ['00000000-0000-4000-8000-000000000000', 'x', '99999999999', '2024-02-30'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function paramNames(route: string) {
	return [...route.matchAll(/\[(?:\.\.\.)?(\w+)\]/g)].map((m) => m[1]);
}

/** The route as a regex over paths, capturing its parameters. */
function routeRegex(route: string) {
	const esc = route
		.split(/(\[(?:\.\.\.)?\w+\])/)
		.map((part) => (/^\[/.test(part) ? '([^/?#"]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
		.join('');
	return new RegExp(`^${esc}$`);
}

function fill(route: string, values: string[]) {
	let i = 0;
	return route.replace(/\[(?:\.\.\.)?\w+\]/g, () => encodeURIComponent(values[i++] ?? 'x'));
}

let app: TestApp;
const seen = new Set<string>();

async function harvest(client: Client, start: string[]) {
	const queue = [...start];
	let pages = 0;
	while (queue.length && pages < 60) {
		const path = queue.shift()!;
		if (seen.has(path)) continue;
		seen.add(path);
		pages++;
		const res = await client.get(path);
		if (!(res.headers.get('content-type') ?? '').includes('html')) continue;
		const html = await res.text();
		for (const m of html.matchAll(/href="(\/[^"?#]*)/g)) {
			if (!seen.has(m[1]) && !m[1].startsWith('/logout')) queue.push(m[1]);
		}
	}
}

describe('bad input on every route', { timeout: 900_000 }, () => {
	const list = handlers();
	let adminClient: Client;

	beforeAll(async () => {
		app = await startApp({ users: [admin] });
		adminClient = new Client(app.url);
		await adminClient.signIn(admin.email, admin.password);
		await harvest(adminClient, [
			'/',
			'/library',
			'/library/drafts',
			'/library/review',
			'/meetings',
			'/meetings/networks',
			'/mentors',
			'/mentors/requests',
			'/park',
			'/park/advice',
			'/park/advice/inbox',
			'/park/rooms',
			'/organisations',
			'/impact',
			'/notifications',
			'/admin',
			'/admin/users',
			'/admin/organisations'
		]);
	}, 300_000);
	afterAll(async () => {
		await app?.stop();
	});

	it('finds the routes to walk', () => {
		expect(list.filter((h) => h.kind === 'action').length).toBeGreaterThan(20);
		expect(list.filter((h) => h.kind === 'endpoint').length).toBeGreaterThan(15);
		expect(list.some((h) => h.route === '/library/[id]/edit' && h.name === 'body')).toBe(true);
	});

	it('answers a malformed id with 404 on every route whose id is a uuid, before any query', async () => {
		const files = walk(ROUTES).filter(
			(f) => /\/\+(page\.svelte|server\.ts)$/.test(f) && f.includes('=uuid]')
		);
		expect(files.length).toBeGreaterThan(15);
		const wrong: string[] = [];
		for (const file of files) {
			const route = relative(ROUTES, file)
				.split('/')
				.slice(0, -1)
				.filter((s) => !/^\(.*\)$/.test(s))
				.join('/');
			// 36 dashes once passed the looser checks and reached a uuid column.
			for (const bad of ['-'.repeat(36), 'x', '1%27%20or%20%271%27=%271']) {
				let seenBad = false;
				const path =
					'/' +
					route.replace(/\[(\w+)(=uuid)?\]/g, (_, _name, matcher) => {
						// One malformed uuid at a time; the other ids stay well-formed.
						if (matcher && !seenBad) {
							seenBad = true;
							return bad;
						}
						return '00000000-0000-4000-8000-000000000000';
					});
				for (const method of ['GET', 'POST']) {
					const res =
						method === 'GET' ? await adminClient.get(path) : await adminClient.post(path, {});
					await res.arrayBuffer();
					if (res.status !== 404) wrong.push(`${method} ${path} → ${res.status}`);
				}
			}
		}
		expect(wrong).toEqual([]);
	});

	it('answers every action and API route with no 500, as admin and anonymous', async () => {
		const failures: string[] = [];
		const paths = [...seen];
		for (const h of list) {
			const names = paramNames(h.route);
			const urls = new Set<string>();
			if (names.length === 0) urls.add(h.route);
			else {
				// Real ids: links the app showed whose path starts like this route up to its last parameter.
				const head = h.route.slice(0, h.route.lastIndexOf(']') + 1);
				const re = new RegExp(`${routeRegex(head).source.slice(0, -1)}(?:/|$)`);
				const reals = [
					...new Set(
						paths
							.map((p) => re.exec(p))
							.filter((m): m is RegExpExecArray => !!m)
							.map((m) => JSON.stringify(m.slice(1).map(decodeURIComponent)))
					)
				]
					.map((j) => JSON.parse(j) as string[])
					.sort(
						(x, y) => Number(/[0-9a-f]{8}-/.test(y.join())) - Number(/[0-9a-f]{8}-/.test(x.join()))
					);
				for (const values of reals.slice(0, 2)) urls.add(fill(h.route, values));
				// A made-up id the route's matcher refuses never reaches the handler (the test above
				// checks that 404); sending every bad value there would only test the router again.
				for (const v of FAKE_PARAMS.filter((p) => !h.uuidOnly || UUID.test(p)))
					urls.add(
						fill(
							h.route,
							names.map(() => v)
						)
					);
			}
			for (const signedIn of [true, false]) {
				let client: Client;
				if (signedIn) {
					// A fresh session per route: an action may sign the admin out.
					client = new Client(app.url);
					await client.signIn(admin.email, admin.password);
				} else client = new Client(app.url);
				for (const url of urls) {
					for (const [label, value] of Object.entries(BAD)) {
						const form: Record<string, string> = {};
						for (const f of h.fields) form[f] = value;
						const query = new URLSearchParams(
							Object.fromEntries(h.fields.slice(0, 20).map((f) => [f, value.slice(0, 200)]))
						).toString();
						let res: Response;
						try {
							if (h.kind === 'action') {
								const target = `${url}?${h.name === 'default' ? '' : `/${h.name}&`}${query}`;
								res = await client.post(target, form);
							} else if (h.name === 'GET') {
								res = await client.get(`${url}?${query}`);
							} else {
								res = await client.json(h.name, `${url}?${query}`, form);
								await res.arrayBuffer();
								if (res.status >= 500)
									failures.push(
										`${signedIn ? 'admin' : 'anon'} ${h.name} ${url} (json) [${label}] → ${res.status}`
									);
								res = await client.post(`${url}`, form);
							}
							await res.arrayBuffer();
						} catch (err) {
							failures.push(
								`${signedIn ? 'admin' : 'anon'} ${h.name} ${url} [${label}] → ${String(err)}`
							);
							continue;
						}
						if (res.status >= 500 && res.status !== 503)
							failures.push(
								`${signedIn ? 'admin' : 'anon'} ${h.kind} ${h.name} ${url} [${label}] → ${res.status}`
							);
					}
				}
			}
		}
		expect(app.child.exitCode).toBeNull();
		expect(failures).toEqual([]);
	});
});
