/**
 * The Yjs endpoint under load, against the stock `@y/websocket-server` in the same run (same
 * clients, same machine). Ours persists every update before relaying it; the stock one keeps
 * documents in memory only.
 *  1. 50 editors on one document, each typing 5 keystrokes a second: relay latency (from an
 *     editor's send to arrival at 5 observers) p50/p99/max.
 *  2. 200 documents open with 2 editors each, both typing 5 keystrokes a second: latency between
 *     the two.
 *  3. Memory for 1,000 idle loaded documents of about 1 KiB each: server RSS, and the JS heap in
 *     use after a full collection (bench/heap-probe.mjs), which PGlite's WASM memory does not blur.
 * Editors are lean clients (a Y.Doc and a raw websocket speaking the y-websocket protocol) so that
 * the bench process spends little CPU on its side; they type into the body fragment as the editor
 * does, so our server renders real HTML and text while it relays. Each server is a child process.
 * Usage: npm run build && npm run bench -- yjs [seconds per scenario]
 * With DATABASE_URL set our server uses PostgreSQL, otherwise embedded PGlite. BENCH_TARGETS
 * (ours,stock; run in that order, repeats allowed: stock,ours,stock,ours) and BENCH_SCENARIOS
 * (1,2,3) narrow a run; BENCH_WARMUP sets the seconds of typing before measuring (1); BENCH_KEYS
 * the keystrokes per second of each editor (5);
 * BENCH_TIMELINE=1 prints p50/p99/max per measured second; CPU_PROFILE_FILE writes our server's
 * CPU profile at the end (see bench/heap-probe.mjs). Each latency scenario also reports the
 * server's CPU use (serverCpu, cores) and the bench's own (benchCpu).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { startApp } from '../tests/helpers/server';
import { Client } from '../tests/helpers/http';
import { cookieOf } from '../tests/helpers/yjs';

const SECONDS = Number(process.argv[2] ?? 10);
/** Seconds of typing before the measurement starts (BENCH_WARMUP, default 1). */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
/** Keystrokes a second per editor (BENCH_KEYS; 5 as the issue asks, more to find where a server saturates). */
const KEYS = Number(process.env.BENCH_KEYS ?? 5);
const rssOf = (pid: number) =>
	Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const pct = (xs: number[], p: number) => {
	if (xs.length === 0) return NaN;
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
/** CPU seconds (user + system) a process has used so far. */
const cpuOf = (pid: number) => {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
};
/** CPU seconds per thread of a process, summed by thread name (main, workers, V8 and libuv helpers). */
const threadCpuOf = (pid: number) => {
	const byName: Record<string, number> = {};
	for (const tid of readdirSync(`/proc/${pid}/task`)) {
		try {
			const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
			const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const label = tid === String(pid) ? 'main' : name;
			byName[label] = (byName[label] ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100;
		} catch {
			// the thread ended meanwhile
		}
	}
	return byName;
};
/** Cores used per thread name between two readings. */
const threadCpuDelta = (a: Record<string, number>, b: Record<string, number>, seconds: number) =>
	Object.fromEntries(
		Object.entries(b)
			.map(([k, v]) => [k, Number(((v - (a[k] ?? 0)) / seconds).toFixed(3))] as const)
			.filter(([, v]) => v > 0)
	);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const probeDir = mkdtempSync(join(tmpdir(), 'vc-heap-'));
/** Environment that loads the heap probe into a server process. */
const probeEnv = {
	NODE_OPTIONS: `--expose-gc --import=${resolve('bench/heap-probe.mjs')}`,
	HEAP_PROBE_DIR: probeDir
};
/** JS heap in use after a full collection, from the probe. */
async function heapOf(pid: number): Promise<number> {
	const file = join(probeDir, String(pid));
	rmSync(file, { force: true });
	process.kill(pid, 'SIGUSR2');
	for (let i = 0; i < 200 && !existsSync(file); i++) await sleep(25);
	await sleep(25);
	return Number(readFileSync(file, 'utf8'));
}
const MB = 1024 * 1024;

/** Send times of every keystroke, by struct id. */
const sent = new Map<string, number>();
/** Keystrokes typed so far (to compare with what the observers received). */
let typed = 0;

function updateMessage(update: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 2);
	encoding.writeVarUint8Array(e, update);
	return encoding.toUint8Array(e);
}

function step1(doc: Y.Doc): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
	return encoding.toUint8Array(e);
}

interface Lean {
	ws: WebSocket;
	doc: Y.Doc;
	latencies: number[];
	/** Arrival time of each latency sample (for BENCH_TIMELINE). */
	arrivals: number[];
	close(): void;
}

/** A lean client: opens, sends its state vector, optionally records latencies of updates. */
function lean(url: string, headers: Record<string, string>, measure: boolean): Promise<Lean> {
	const doc = new Y.Doc();
	const latencies: number[] = [];
	const arrivals: number[] = [];
	const ws = new WebSocket(url, { headers, perMessageDeflate: false });
	ws.binaryType = 'nodebuffer';
	doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin === 'remote') return;
		if (ws.readyState === WebSocket.OPEN) ws.send(updateMessage(update));
	});
	ws.on('message', (data: Buffer) => {
		if (!measure) return;
		const now = performance.now();
		const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.length));
		if (decoding.readVarUint(d) !== 0) return;
		const sub = decoding.readVarUint(d);
		if (sub !== 2 && sub !== 1) return;
		const update = decoding.readVarUint8Array(d);
		for (const s of Y.decodeUpdate(update).structs) {
			// The stock server echoes an update to its sender too: only others' updates count.
			if (s.id.client === doc.clientID) continue;
			const t = sent.get(`${s.id.client}:${s.id.clock}`);
			if (t === undefined) continue;
			latencies.push(now - t);
			arrivals.push(now);
		}
	});
	return new Promise((resolve, reject) => {
		ws.once('open', () => {
			ws.send(step1(doc));
			resolve({ ws, doc, latencies, arrivals, close: () => ws.close() });
		});
		ws.once('error', reject);
		ws.once('unexpected-response', (_q, res) => reject(new Error(`upgrade ${res.statusCode}`)));
	});
}

/** Types KEYS characters a second (5 unless BENCH_KEYS says) at the start of its paragraph, recording send times. */
function type(editor: Lean): () => void {
	// As the editor does: the body is the XmlFragment `default` (ProseMirror content), and each
	// editor types into a paragraph of its own, so the server renders real HTML and text from it.
	const paragraph = new Y.XmlElement('paragraph');
	const text = new Y.XmlText();
	paragraph.insert(0, [text]);
	editor.doc.getXmlFragment('default').insert(0, [paragraph]);
	const timer = setInterval(() => {
		const clock = Y.getState(editor.doc.store, editor.doc.clientID);
		sent.set(`${editor.doc.clientID}:${clock}`, performance.now());
		typed++;
		text.insert(0, 'x');
	}, 1000 / KEYS);
	return () => clearInterval(timer);
}

/** With BENCH_TIMELINE set: p50/p99/max of each second of the measurement, to see where a tail lies. */
function timeline(name: string, clients: Lean[], start: number): void {
	if (!process.env.BENCH_TIMELINE) return;
	const seconds: number[][] = [];
	for (const c of clients) {
		c.latencies.forEach((l, i) =>
			(seconds[Math.floor((c.arrivals[i] - start) / 1000)] ??= []).push(l)
		);
	}
	const f = (x: number) => x.toFixed(1).padStart(6);
	for (const [i, xs] of seconds.entries()) {
		if (xs)
			console.log(
				`${name} second ${i}: p50 ${f(pct(xs, 50))} p99 ${f(pct(xs, 99))} max ${f(Math.max(...xs))} (${xs.length})`
			);
	}
}

interface Target {
	name: string;
	pid: number;
	url(doc: string): string;
	headers: Record<string, string>;
	docs: string[];
}

async function scenarioOne(target: Target) {
	const url = target.url(target.docs[0]);
	const editors = await Promise.all(
		Array.from({ length: 50 }, () => lean(url, target.headers, false))
	);
	const observers = await Promise.all(
		Array.from({ length: 5 }, () => lean(url, target.headers, true))
	);
	await sleep(500);
	const stops: (() => void)[] = [];
	for (const e of editors) {
		await sleep(4);
		stops.push(type(e));
	}
	await sleep(WARMUP * 1000);
	for (const o of observers) o.latencies.length = o.arrivals.length = 0;
	const typed0 = typed;
	const start = performance.now();
	const cpu0 = process.cpuUsage();
	const server0 = cpuOf(target.pid);
	const threads0 = threadCpuOf(target.pid);
	await sleep(SECONDS * 1000);
	const cpu = process.cpuUsage(cpu0);
	const serverCpu = (cpuOf(target.pid) - server0) / SECONDS;
	const serverThreads = threadCpuDelta(threads0, threadCpuOf(target.pid), SECONDS);
	for (const s of stops) s();
	const keystrokes = typed - typed0;
	await sleep(500);
	const lat = observers.flatMap((o) => o.latencies);
	timeline(target.name, observers, start);
	const rss = rssOf(target.pid);
	for (const c of [...editors, ...observers]) c.close();
	return {
		samples: lat.length,
		// Keystrokes typed while measuring, times the observers: what should have arrived (those
		// typed just before the start and arriving after it are counted too, so it can be exceeded).
		expected: keystrokes * observers.length,
		p50: pct(lat, 50),
		p99: pct(lat, 99),
		max: Math.max(...lat),
		rssMB: rss / MB,
		serverCpu,
		serverThreads,
		benchCpu: (cpu.user + cpu.system) / 1e6 / SECONDS
	};
}

async function scenarioTwo(target: Target) {
	const pairs: Lean[][] = [];
	for (let i = 0; i < 200; i++) {
		const url = target.url(target.docs[i]);
		pairs.push(
			await Promise.all([lean(url, target.headers, true), lean(url, target.headers, true)])
		);
	}
	await sleep(500);
	const stops: (() => void)[] = [];
	for (const pair of pairs) {
		for (const e of pair) stops.push(type(e));
		await sleep(1);
	}
	await sleep(WARMUP * 1000);
	for (const pair of pairs) for (const e of pair) e.latencies.length = e.arrivals.length = 0;
	const start = performance.now();
	const cpu0 = process.cpuUsage();
	const server0 = cpuOf(target.pid);
	const threads0 = threadCpuOf(target.pid);
	await sleep(SECONDS * 1000);
	const cpu = process.cpuUsage(cpu0);
	const serverCpu = (cpuOf(target.pid) - server0) / SECONDS;
	const serverThreads = threadCpuDelta(threads0, threadCpuOf(target.pid), SECONDS);
	for (const s of stops) s();
	await sleep(500);
	const lat = pairs.flatMap((p) => p.flatMap((e) => e.latencies));
	timeline(target.name, pairs.flat(), start);
	const rss = rssOf(target.pid);
	for (const pair of pairs) for (const e of pair) e.close();
	return {
		samples: lat.length,
		p50: pct(lat, 50),
		p99: pct(lat, 99),
		max: Math.max(...lat),
		rssMB: rss / MB,
		serverCpu,
		serverThreads,
		benchCpu: (cpu.user + cpu.system) / 1e6 / SECONDS
	};
}

async function scenarioThree(target: Target) {
	await sleep(1500);
	const before = rssOf(target.pid);
	const heapBefore = await heapOf(target.pid);
	const body = 'Socialøkonomisk virksomhed i Kolding. '.repeat(28);
	for (let i = 0; i < 1000; i += 20) {
		await Promise.all(
			target.docs.slice(200 + i, 220 + i).map(async (id) => {
				const c = await lean(target.url(id), target.headers, false);
				c.doc.getText('body').insert(0, body);
				await sleep(50);
				c.close();
			})
		);
	}
	await sleep(3000);
	const after = rssOf(target.pid);
	const heapAfter = await heapOf(target.pid);
	return {
		beforeMB: before / MB,
		afterMB: after / MB,
		perDocKB: (after - before) / 1000 / 1024,
		heapBeforeMB: heapBefore / MB,
		heapAfterMB: heapAfter / MB,
		heapPerDocKB: (heapAfter - heapBefore) / 1000 / 1024
	};
}

async function startStock(): Promise<{ child: ChildProcess; port: number }> {
	const port = 20000 + Math.floor(Math.random() * 20000);
	const child = spawn(process.execPath, ['node_modules/@y/websocket-server/src/server.js'], {
		env: { ...process.env, ...probeEnv, PORT: String(port), HOST: '127.0.0.1', GC: 'true' },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
	return { child, port };
}

async function main() {
	const backend = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
	const commit =
		backend === 'PGlite' ? 'n/a' : (process.env.YJS_SYNCHRONOUS_COMMIT ?? 'off (default)');
	console.log(
		`# Yjs endpoint benchmark (${backend}, ${SECONDS} s per scenario, ${KEYS} keys/s per editor, synchronous_commit ${commit}, load ${loadavg()
			.map((x) => x.toFixed(2))
			.join(' ')})`
	);
	const app = await startApp({
		users: [
			{ email: 'bench@yjs.example', password: 'bench-password-123', org: 'Bench', role: 'editor' }
		],
		env: {
			...probeEnv,
			LOG_LEVEL: 'info',
			YJS_IDLE_UNLOAD_MS: '600000',
			YJS_RENDER_DEBOUNCE_MS: '2000'
		}
	});
	const client = new Client(app.url);
	await client.signIn('bench@yjs.example', 'bench-password-123');
	const docs: string[] = [];
	const scenarioList = (process.env.BENCH_SCENARIOS ?? '1,2,3').split(',');
	const needed = scenarioList.includes('3') ? 1200 : scenarioList.includes('2') ? 200 : 1;
	for (let i = 0; i < needed; i += 8) {
		const ids = await Promise.all(
			Array.from({ length: Math.min(8, needed - i) }, async (_, j) => {
				const res = await client.json('POST', '/api/v1/cases', {
					kind: 'method_note',
					title: `Benchmark ${i + j}`,
					summary: 'Last.'
				});
				if (res.status !== 201) throw new Error(`create failed: ${res.status}`);
				return ((await res.json()) as { id: string }).id;
			})
		);
		docs.push(...ids);
	}
	const ours: Target = {
		name: 'ours',
		pid: app.child.pid!,
		url: (d) => `${app.url.replace(/^http/, 'ws')}/yjs/${d}`,
		headers: { cookie: cookieOf(client) },
		docs
	};
	const stock = await startStock();
	const theirs: Target = {
		name: 'stock',
		pid: stock.child.pid!,
		url: (d) => `ws://127.0.0.1:${stock.port}/${d}`,
		headers: {},
		docs
	};
	const results: Record<string, Record<string, unknown>> = {};
	// BENCH_TARGETS=ours and BENCH_SCENARIOS=1,2 narrow a run while profiling. Targets run in the
	// order given and may repeat (stock,ours,stock): whoever runs first also meets the machine
	// right after the setup, so a repeat shows how much of a difference is order.
	const byName = { ours, stock: theirs } as Record<string, Target>;
	const targets = (process.env.BENCH_TARGETS ?? 'ours,stock').split(',').map((name) => {
		const t = byName[name.trim()];
		if (!t) throw new Error(`BENCH_TARGETS: unknown target "${name}"`);
		return t;
	});
	const scenarios = scenarioList;
	const runs = [
		['one', '1', scenarioOne],
		['two', '2', scenarioTwo],
		['three', '3', scenarioThree]
	] as const;
	try {
		for (const [key, n, run] of runs) {
			if (!scenarios.includes(n)) continue;
			const seen = new Map<string, number>();
			for (const t of targets) {
				const round = (seen.get(t.name) ?? 0) + 1;
				seen.set(t.name, round);
				const label = round === 1 ? t.name : `${t.name}#${round}`;
				results[label] ??= {};
				results[label][key] = await run(t);
				console.log(label, `scenario ${n}`, results[label][key]);
			}
		}
		// With CPU_PROFILE_FILE set, the probe writes our server's profile now.
		if (process.env.CPU_PROFILE_FILE) await heapOf(ours.pid);
	} finally {
		stock.child.kill('SIGTERM');
		await app.stop();
		rmSync(probeDir, { recursive: true, force: true });
	}
	console.log(
		`load average at the end: ${loadavg()
			.map((x) => x.toFixed(2))
			.join(' ')}`
	);
	console.log(JSON.stringify(results));
}

await main();
process.exit(0);
