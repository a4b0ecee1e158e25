/**
 * Backup and restore of a whole install: the database and the attachments on disk, in one
 * `.tar.gz` with a manifest. The embedded database is dumped with PGlite's own data-dir dump
 * (run while the server is stopped: the embedded database is open in one process only); PostgreSQL
 * with `pg_dump --format=custom`, which is consistent while the servers run. Attachments in S3 stay
 * in the bucket (back the bucket up with its own tools); the manifest says so.
 *
 *   npm run admin -- backup --out FILE
 *   npm run admin -- restore --in FILE [--force]
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Config } from '../src/lib/server/config';

export const BACKUP_FORMAT = 'videnscenter-backup/1';

export interface Manifest {
	format: typeof BACKUP_FORMAT;
	createdAt: string;
	driver: 'pglite' | 'postgres';
	/** Files under attachments/ with their SHA-256, or null when they live in S3. */
	attachments: Record<string, string> | null;
}

export class BackupError extends Error {}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
	const result = spawnSync(command, args, { env, encoding: 'utf8' });
	if (result.error) throw new BackupError(`${command}: ${result.error.message}`);
	if (result.status !== 0)
		throw new BackupError(`${command} failed: ${(result.stderr || '').trim().split('\n').pop()}`);
}

function walk(root: string, dir = root): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.sort()
		.flatMap((name) => {
			const full = join(dir, name);
			return statSync(full).isDirectory() ? walk(root, full) : [relative(root, full)];
		});
}

export function sha256(file: string): string {
	return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** SHA-256 of every file under `dir`, by path relative to it. */
export function fileHashes(dir: string): Record<string, string> {
	return Object.fromEntries(walk(dir).map((f) => [f, sha256(join(dir, f))]));
}

function pgEnv(url: string): { env: NodeJS.ProcessEnv; database: string } {
	// libpq reads the whole URL as a connection string; pass it as the database name argument.
	return { env: process.env, database: url };
}

/** Writes a backup of the install described by `config` to `out`. */
export async function backup(config: Config, out: string): Promise<Manifest> {
	const stage = mkdtempSync(join(tmpdir(), 'videnscenter-backup-'));
	try {
		const driver = config.databaseUrl ? 'postgres' : 'pglite';
		if (config.databaseUrl) {
			const { env, database } = pgEnv(config.databaseUrl);
			run(
				'pg_dump',
				['--format=custom', '--no-owner', '--file', join(stage, 'database.pgdump'), database],
				env
			);
		} else {
			const dir = resolve(config.dataDir, 'pglite');
			if (!existsSync(dir)) throw new BackupError(`no embedded database in ${dir}`);
			const { PGlite } = await import('@electric-sql/pglite');
			const pg = await PGlite.create(dir);
			try {
				const dump = await pg.dumpDataDir('gzip');
				writeFileSync(join(stage, 'database.pglite.tar.gz'), Buffer.from(await dump.arrayBuffer()));
			} finally {
				await pg.close();
			}
		}
		const files = resolve(config.dataDir, 'attachments');
		let attachments: Manifest['attachments'] = null;
		if (!config.s3) {
			attachments = fileHashes(files);
			if (existsSync(files)) cpSync(files, join(stage, 'attachments'), { recursive: true });
		}
		const manifest: Manifest = {
			format: BACKUP_FORMAT,
			createdAt: new Date().toISOString(),
			driver,
			attachments
		};
		writeFileSync(join(stage, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
		run('tar', ['-czf', resolve(out), '-C', stage, '.']);
		return manifest;
	} finally {
		rmSync(stage, { recursive: true, force: true });
	}
}

/**
 * Restores a backup into the install described by `config`: an empty embedded data dir (or, with
 * `force`, one whose database is replaced), or the PostgreSQL database in DATABASE_URL (its objects
 * are replaced). Attachment files are checked against the manifest's hashes.
 */
export async function restore(config: Config, input: string, force = false): Promise<Manifest> {
	if (!existsSync(input)) throw new BackupError(`--in: ${input} not found`);
	const stage = mkdtempSync(join(tmpdir(), 'videnscenter-restore-'));
	try {
		run('tar', ['-xzf', resolve(input), '-C', stage]);
		let manifest: Manifest;
		try {
			manifest = JSON.parse(readFileSync(join(stage, 'manifest.json'), 'utf8'));
		} catch {
			throw new BackupError('--in: not a Videnscenter backup (no manifest.json)');
		}
		if (manifest.format !== BACKUP_FORMAT)
			throw new BackupError(`--in: unknown backup format ${String(manifest.format)}`);
		const wanted = config.databaseUrl ? 'postgres' : 'pglite';
		if (manifest.driver !== wanted)
			throw new BackupError(
				`--in: a backup of ${manifest.driver === 'pglite' ? 'the embedded database' : 'PostgreSQL'}; ` +
					(manifest.driver === 'pglite'
						? 'restore it without DATABASE_URL'
						: 'restore it with DATABASE_URL set')
			);
		if (manifest.attachments) {
			const got = fileHashes(join(stage, 'attachments'));
			for (const [file, hash] of Object.entries(manifest.attachments))
				if (got[file] !== hash) throw new BackupError(`--in: attachment ${file} is damaged`);
		}
		if (config.databaseUrl) {
			const { env, database } = pgEnv(config.databaseUrl);
			run(
				'pg_restore',
				[
					'--clean',
					'--if-exists',
					'--no-owner',
					'--exit-on-error',
					'--dbname',
					database,
					join(stage, 'database.pgdump')
				],
				env
			);
		} else {
			const dir = resolve(config.dataDir, 'pglite');
			if (existsSync(dir) && readdirSync(dir).length > 0) {
				if (!force)
					throw new BackupError(`${dir} already holds a database; add --force to replace it`);
				rmSync(dir, { recursive: true, force: true });
			}
			mkdirSync(dir, { recursive: true });
			const { PGlite } = await import('@electric-sql/pglite');
			const dump = new Blob([readFileSync(join(stage, 'database.pglite.tar.gz'))]);
			const pg = await PGlite.create(dir, { loadDataDir: dump });
			await pg.query('select 1');
			await pg.close();
		}
		if (manifest.attachments) {
			const target = resolve(config.dataDir, 'attachments');
			if (existsSync(join(stage, 'attachments')))
				cpSync(join(stage, 'attachments'), target, { recursive: true, force: true });
		}
		return manifest;
	} finally {
		rmSync(stage, { recursive: true, force: true });
	}
}
