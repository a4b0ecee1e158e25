import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase } from './db';
import { templateLocation } from './template';

export interface TestApp {
	url: string;
	port: number;
	/** Environment the server runs with (DATABASE_URL or DATA_DIR), for scripts run beside it. */
	env: Record<string, string>;
	logs: string[];
	child: ChildProcess;
	/** Graceful stop (SIGTERM), then cleanup. */
	stop(): Promise<void>;
	/** Graceful stop that keeps the data (to run operator commands on the embedded database). */
	halt(): Promise<void>;
	/** Starts the same app again on the same data (after stop or a kill). */
	restart(): Promise<void>;
}

export interface StartOptions {
	env?: Record<string, string>;
	/** Users created with the operator command before the server starts. */
	users?: Array<{
		email: string;
		password: string;
		name?: string;
		admin?: boolean;
		org?: string;
		role?: string;
	}>;
	demo?: boolean;
	/**
	 * Another app whose PostgreSQL database this one shares (several processes of one install).
	 * The database is dropped by whichever of them is stopped last.
	 */
	shareDatabaseWith?: TestApp;
}

const dropOwner = new Map<string, () => Promise<void>>();

/** How many running apps share each database URL (dropped when the last one stops). */
const sharers = new Map<string, number>();

const ROOT = process.cwd();

/** Runs `npm run admin -- …` against the app's data (the server must be stopped on PGlite). */
export function runAdmin(env: Record<string, string>, args: string[]) {
	return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
		cwd: ROOT,
		env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
		encoding: 'utf8'
	});
}

function launch(
	env: Record<string, string>,
	logs: string[]
): Promise<{ child: ChildProcess; port: number }> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`server did not start in 60 s:\n${logs.join('\n')}`));
		}, 60_000);
		let buffer = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			buffer += chunk.toString();
			let nl;
			while ((nl = buffer.indexOf('\n')) >= 0) {
				const line = buffer.slice(0, nl);
				buffer = buffer.slice(nl + 1);
				logs.push(line);
				if (line.includes('"msg":"listening"')) {
					clearTimeout(timer);
					resolve({ child, port: JSON.parse(line).port });
				}
			}
		});
		child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code}:\n${logs.join('\n')}`));
		});
	});
}

/** Starts the built server on a free port with its own database (PostgreSQL or embedded). */
export async function startApp(options: StartOptions = {}): Promise<TestApp> {
	let db: Awaited<ReturnType<typeof freshDatabase>>;
	const shared = options.shareDatabaseWith?.env.DATABASE_URL;
	if (options.shareDatabaseWith && !shared) {
		throw new Error('shareDatabaseWith needs PostgreSQL (DATABASE_URL)');
	}
	if (shared) {
		db = { url: shared, drop: async () => {} };
	} else {
		// Demo data is seeded only into an empty database: a demo server starts empty.
		db = await freshDatabase(!options.demo);
	}
	if (db.url) sharers.set(db.url, (sharers.get(db.url) ?? 0) + 1);
	let dropped = false;
	const dropDatabase = async () => {
		if (dropped || !db.url) return;
		dropped = true;
		const left = (sharers.get(db.url) ?? 1) - 1;
		sharers.set(db.url, left);
		if (left > 0) return;
		sharers.delete(db.url);
		if (shared) await dropOwner.get(db.url)?.();
		else await db.drop();
	};
	if (db.url && !shared) dropOwner.set(db.url, db.drop);
	const dataDir = mkdtempSync(join(tmpdir(), 'vc-test-'));
	const template = templateLocation();
	if (!db.url && template && !options.demo) {
		cpSync(template, join(dataDir, 'pglite'), { recursive: true });
	}
	const env: Record<string, string> = {
		PORT: '0',
		HOST: '127.0.0.1',
		DATA_DIR: dataDir,
		DEMO: options.demo ? '1' : '0',
		LOG_LEVEL: 'info',
		NODE_ENV: 'production',
		...(db.url ? { DATABASE_URL: db.url } : {}),
		...options.env
	};
	if (options.users?.length) {
		// One operator process for all users: each process opens (and on PGlite migrates) the database.
		const file = join(dataDir, 'users.json');
		writeFileSync(file, JSON.stringify(options.users));
		const result = runAdmin(env, ['create-users', '--file', file]);
		rmSync(file);
		if (result.status !== 0) throw new Error(`admin create-users failed: ${result.stderr}`);
	}
	const logs: string[] = [];
	let { child, port } = await launch(env, logs);
	/** Stops the process but keeps its data, so `restart` finds it again. */
	const halt = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((done) => child.once('exit', done));
			child.kill('SIGTERM');
			await exited;
		}
	};
	return {
		get url() {
			return `http://127.0.0.1:${port}`;
		},
		get port() {
			return port;
		},
		env,
		logs,
		get child() {
			return child;
		},
		halt,
		async stop() {
			await halt();
			rmSync(dataDir, { recursive: true, force: true });
			if (db.url) await dropDatabase();
			else await db.drop();
		},
		async restart() {
			await halt();
			({ child, port } = await launch({ ...env, PORT: String(port) }, logs));
		}
	};
}
