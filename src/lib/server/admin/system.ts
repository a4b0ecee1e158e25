/**
 * What an operator needs to see on /admin/system: what is running (version, commit, build time),
 * the database (kind, size, migrations), live connections and loaded documents, Redis, the mail
 * outbox, scheduled jobs, the attachment store and the process's memory.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { and, count, gt, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../../db/client';
import { emailOutbox } from '../../../../db/schema';
import { config } from '../config';
import { ops, type OpsProbe } from '../ops';

export interface SystemStatus {
	version: string;
	commit: string | null;
	builtAt: string | null;
	node: string;
	uptimeSeconds: number;
	database: {
		driver: 'postgres' | 'pglite';
		bytes: number;
		migrations: number;
		latest: string | null;
	};
	realtime: ReturnType<NonNullable<OpsProbe['realtime']>> | null;
	redis: Record<string, 'ok' | 'error'> | null;
	outbox: { pending: number; failing: number };
	jobs: ReturnType<NonNullable<OpsProbe['jobs']>>;
	attachments: { store: 'disk' | 's3'; files: number; bytes: number };
	memory: NodeJS.MemoryUsage;
}

function built(): { version: string; commit: string | null; builtAt: string | null } {
	const file = resolve(process.cwd(), process.env.BUILD_DIR ?? 'build', 'version.json');
	try {
		return JSON.parse(readFileSync(file, 'utf8'));
	} catch {
		return { version: 'unknown', commit: null, builtAt: null };
	}
}

function folderSize(dir: string): { files: number; bytes: number } {
	if (!existsSync(dir)) return { files: 0, bytes: 0 };
	let files = 0;
	let bytes = 0;
	for (const name of readdirSync(dir)) {
		const full = join(dir, name);
		const s = statSync(full);
		if (s.isDirectory()) {
			const inner = folderSize(full);
			files += inner.files;
			bytes += inner.bytes;
		} else {
			files += 1;
			bytes += s.size;
		}
	}
	return { files, bytes };
}

export async function systemStatus(db: Db): Promise<SystemStatus> {
	const c = config();
	const [size] = await queryRows<{ bytes: string | number }>(
		db,
		sql`select pg_database_size(current_database())::bigint as bytes`
	);
	const migrations = await queryRows<{ n: number; latest: string | number | null }>(
		db,
		sql`select count(*)::int as n, max(created_at) as latest from drizzle.__drizzle_migrations`
	);
	const [pending] = await db
		.select({ n: count() })
		.from(emailOutbox)
		.where(isNull(emailOutbox.sentAt));
	const [failing] = await db
		.select({ n: count() })
		.from(emailOutbox)
		.where(and(isNull(emailOutbox.sentAt), gt(emailOutbox.attempts, 0)));
	const probe = ops();
	const latest = migrations[0]?.latest;
	return {
		...built(),
		node: process.version,
		uptimeSeconds: Math.round(process.uptime()),
		database: {
			driver: c.databaseUrl ? 'postgres' : 'pglite',
			bytes: Number(size?.bytes ?? 0),
			migrations: migrations[0]?.n ?? 0,
			latest: latest ? new Date(Number(latest)).toISOString() : null
		},
		realtime: probe?.realtime?.() ?? null,
		redis: c.redisUrl ? (probe?.redisConnections?.() ?? {}) : null,
		outbox: { pending: pending.n, failing: failing.n },
		jobs: probe?.jobs?.() ?? [],
		attachments: c.s3
			? { store: 's3', files: 0, bytes: 0 }
			: { store: 'disk', ...folderSize(resolve(c.dataDir, 'attachments')) },
		memory: process.memoryUsage()
	};
}
