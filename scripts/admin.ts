/**
 * Operator commands for a production install:
 *   npm run admin -- create-user --email E --password P [--name N] [--admin] [--org "Name" --role editor]
 *   npm run admin -- create-users --file users.json   (a JSON array of {email, password, name?, admin?, org?, role?})
 *   npm run admin -- reset-password --email E --password P
 *   npm run admin -- list-users
 *   npm run admin -- backup --out FILE          (database and attachments; see scripts/backup.ts)
 *   npm run admin -- restore --in FILE [--force]
 * On the embedded database, run them while the server is stopped.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { asc, eq, isNull, sql } from 'drizzle-orm';
import { createDb, type Db } from '../db/client';
import {
	memberships,
	membershipRoles,
	organisations,
	users,
	type MembershipRole
} from '../db/schema';
import { isEmpty, seed } from './seed';
import { audit } from '../src/lib/server/audit';
import { isEmail, normaliseEmail } from '../src/lib/server/auth/accounts';
import { hashPassword, passwordProblem } from '../src/lib/server/auth/password';
import { invalidateUserSessions } from '../src/lib/server/auth/session';
import { ConfigError, loadConfig } from '../src/lib/server/config';
import { slugify } from '../src/lib/slug';
import { assertDatabaseFree } from './lock';
import { backup, BackupError, restore } from './backup';

class UsageError extends Error {}

const USAGE = `usage:
  npm run admin -- create-user --email E --password P [--name N] [--admin] [--org "Name" --role member|editor|org_admin]
  npm run admin -- create-users --file users.json
  npm run admin -- reset-password --email E --password P
  npm run admin -- list-users
  npm run admin -- backup --out FILE
  npm run admin -- restore --in FILE [--force]`;

function checkPassword(password: string | undefined, email: string): string {
	if (!password) throw new UsageError('--password is required');
	const problem = passwordProblem(password, email);
	if (problem)
		throw new UsageError(`--password: ${problem.replace(/_/g, ' ')} (at least 10 characters)`);
	return password;
}

async function createUser(
	db: Db,
	args: Record<string, string | boolean | undefined>
): Promise<string> {
	const email = normaliseEmail(String(args.email ?? ''));
	if (!isEmail(email)) throw new UsageError('--email must be an e-mail address');
	const password = checkPassword(args.password as string | undefined, email);
	const role = (args.role as string | undefined) ?? 'member';
	if (!membershipRoles.includes(role as MembershipRole)) {
		throw new UsageError(`--role must be one of ${membershipRoles.join(', ')}`);
	}
	if (args.role && !args.org) throw new UsageError('--role needs --org');
	const name = String(args.name ?? email.split('@')[0]);
	const passwordHash = await hashPassword(password);
	return db.transaction(async (tx) => {
		const [existing] = await tx
			.select()
			.from(users)
			.where(sql`lower(${users.email}) = ${email}`);
		if (existing) throw new UsageError(`a user with e-mail ${email} already exists`);
		const [user] = await tx
			.insert(users)
			.values({
				email,
				name,
				passwordHash,
				role: args.admin ? 'admin' : 'user',
				emailVerifiedAt: new Date()
			})
			.returning();
		let line = `created ${args.admin ? 'admin' : 'user'} ${email}`;
		if (args.org) {
			const orgName = String(args.org).trim();
			let [org] = await tx
				.select()
				.from(organisations)
				.where(sql`lower(${organisations.name}) = lower(${orgName})`);
			if (!org) {
				[org] = await tx
					.insert(organisations)
					.values({ kind: 'enterprise', name: orgName, slug: slugify(orgName), status: 'approved' })
					.returning();
				line += `, created organisation "${orgName}"`;
			}
			await tx.insert(memberships).values({
				userId: user.id,
				organisationId: org.id,
				role: role as MembershipRole,
				status: 'active',
				decidedAt: new Date()
			});
			line += `, ${role} of "${org.name}"`;
		}
		await audit(tx, {
			actorId: null,
			action: 'admin_cli.create_user',
			targetType: 'user',
			targetId: user.id,
			details: { email, admin: Boolean(args.admin), org: args.org ?? null }
		});
		return line;
	});
}

async function createUsers(
	db: Db,
	batch: Array<Record<string, string | boolean | undefined>>
): Promise<string> {
	const lines: string[] = [];
	for (const args of batch) lines.push(await createUser(db, args));
	return lines.join('\n');
}

async function resetPassword(
	db: Db,
	args: Record<string, string | boolean | undefined>
): Promise<string> {
	const email = normaliseEmail(String(args.email ?? ''));
	if (!isEmail(email)) throw new UsageError('--email must be an e-mail address');
	const password = checkPassword(args.password as string | undefined, email);
	const [user] = await db
		.select()
		.from(users)
		.where(sql`lower(${users.email}) = ${email} and ${users.deletedAt} is null`);
	if (!user) throw new UsageError(`no user with e-mail ${email}`);
	await db
		.update(users)
		.set({ passwordHash: await hashPassword(password) })
		.where(eq(users.id, user.id));
	await invalidateUserSessions(db, user.id);
	await audit(db, {
		actorId: null,
		action: 'admin_cli.reset_password',
		targetType: 'user',
		targetId: user.id
	});
	return `password reset for ${email}; their sessions were ended`;
}

async function listUsers(db: Db): Promise<string> {
	const rows = await db
		.select({
			email: users.email,
			name: users.name,
			role: users.role,
			verified: users.emailVerifiedAt,
			createdAt: users.createdAt
		})
		.from(users)
		.where(isNull(users.deletedAt))
		.orderBy(asc(users.createdAt));
	const lines = rows.map(
		(u) =>
			`${u.email}\t${u.name}\t${u.role}\t${u.verified ? 'verified' : 'unverified'}\t${u.createdAt.toISOString()}`
	);
	return [`${rows.length} users`, ...lines].join('\n');
}

/** Reads a JSON array of users; every entry is checked before anything is written. */
function readUserFile(
	file: string | undefined
): Array<Record<string, string | boolean | undefined>> {
	if (!file) throw new UsageError('--file is required');
	let list: unknown;
	try {
		list = JSON.parse(readFileSync(file, 'utf8'));
	} catch (err) {
		throw new UsageError(`--file: cannot read JSON (${(err as Error).message})`);
	}
	if (!Array.isArray(list)) throw new UsageError('--file must hold a JSON array of users');
	return list.map((entry, i) => {
		if (!entry || typeof entry !== 'object')
			throw new UsageError(`--file: entry ${i} is not an object`);
		const user = entry as Record<string, unknown>;
		const out: Record<string, string | boolean | undefined> = {};
		for (const key of ['email', 'password', 'name', 'org', 'role'])
			if (user[key] !== undefined) out[key] = String(user[key]);
		out.admin = user.admin === true;
		if (!isEmail(normaliseEmail(String(out.email ?? ''))))
			throw new UsageError(`--file: entry ${i} needs an e-mail address`);
		checkPassword(out.password as string | undefined, String(out.email));
		return out;
	});
}

async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	const { values } = parseArgs({
		args: rest,
		options: {
			email: { type: 'string' },
			password: { type: 'string' },
			name: { type: 'string' },
			admin: { type: 'boolean' },
			org: { type: 'string' },
			role: { type: 'string' },
			file: { type: 'string' },
			out: { type: 'string' },
			in: { type: 'string' },
			force: { type: 'boolean' }
		},
		strict: true
	});
	if (
		!command ||
		!['create-user', 'create-users', 'reset-password', 'list-users', 'backup', 'restore'].includes(
			command
		)
	) {
		throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
	}
	if (command === 'backup' || command === 'restore') {
		const config = loadConfig();
		assertDatabaseFree(config);
		if (command === 'backup') {
			if (!values.out) throw new UsageError('--out is required');
			const manifest = await backup(config, values.out);
			const files = manifest.attachments ? Object.keys(manifest.attachments).length : 0;
			console.log(
				`backup of the ${manifest.driver === 'pglite' ? 'embedded database' : 'PostgreSQL database'} and ${manifest.attachments ? `${files} attachment files` : 'no attachment files (S3)'} written to ${values.out}`
			);
		} else {
			if (!values.in) throw new UsageError('--in is required');
			const manifest = await restore(config, values.in, values.force === true);
			console.log(`restored the backup of ${manifest.createdAt}; start the server to migrate it`);
		}
		return 0;
	}
	const batch = command === 'create-users' ? readUserFile(values.file) : [];
	const config = loadConfig();
	assertDatabaseFree(config);
	const handle = await createDb({
		databaseUrl: config.databaseUrl,
		dataDir: config.dataDir,
		max: 2
	});
	try {
		if (await isEmpty(handle.db)) await seed(handle.db, { demo: config.demo });
		const out =
			command === 'create-user'
				? await createUser(handle.db, values)
				: command === 'create-users'
					? await createUsers(handle.db, batch)
					: command === 'reset-password'
						? await resetPassword(handle.db, values)
						: await listUsers(handle.db);
		console.log(out);
		return 0;
	} finally {
		await handle.close();
	}
}

try {
	process.exitCode = await main(process.argv.slice(2));
} catch (err) {
	if (
		err instanceof UsageError ||
		err instanceof BackupError ||
		err instanceof ConfigError ||
		(err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
	) {
		console.error(`admin: ${(err as Error).message}\n${USAGE}`);
		process.exitCode = 2;
	} else {
		throw err;
	}
}
