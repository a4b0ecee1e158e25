/**
 * Configuration from the environment. Every variable is documented in the README with its default.
 * A missing or malformed value stops the process at start with one line naming the variable.
 * Free of SvelteKit imports: server.ts, scripts and the app read it alike.
 */
export interface Config {
	port: number;
	host: string;
	origin: string | undefined;
	dataDir: string;
	databaseUrl: string | undefined;
	redisUrl: string | undefined;
	smtpUrl: string | undefined;
	mailFrom: string;
	/** Demo mode: demo users get the demo password. On by default only on the embedded database. */
	demo: boolean;
	production: boolean;
	logLevel: string;
	/** S3-compatible storage for attachments; unset: files go under DATA_DIR/attachments. */
	s3: S3Config | undefined;
}

export interface S3Config {
	endpoint: string;
	bucket: string;
	accessKeyId: string;
	secretAccessKey: string;
	region: string;
}

export class ConfigError extends Error {
	constructor(
		readonly variable: string,
		message: string
	) {
		super(`${variable}: ${message}`);
	}
}

type Env = Record<string, string | undefined>;

function value(env: Env, name: string): string | undefined {
	const raw = env[name];
	if (raw === undefined) return undefined;
	const trimmed = raw.trim();
	return trimmed === '' ? undefined : trimmed;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
	const raw = value(env, name);
	if (raw === undefined) return undefined;
	let parsed: URL;
	try {
		parsed = new URL(raw);
	} catch {
		throw new ConfigError(name, `not a URL (expected ${protocols.join(' or ')}//…)`);
	}
	if (!protocols.includes(parsed.protocol)) {
		throw new ConfigError(
			name,
			`unsupported scheme ${parsed.protocol} (expected ${protocols.join(' or ')})`
		);
	}
	return raw;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
	const raw = value(env, name);
	if (raw === undefined) return fallback;
	if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
	if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
	throw new ConfigError(name, `expected true or false, got "${raw}"`);
}

/**
 * Every environment variable the platform reads, for the docs and their tests: those of this module
 * first, then those read where they act (metrics, the built server, adapter-node's own).
 */
export const ENVIRONMENT = [
	'PORT',
	'HOST',
	'ORIGIN',
	'DATA_DIR',
	'DATABASE_URL',
	'REDIS_URL',
	'SMTP_URL',
	'MAIL_FROM',
	'DEMO',
	'LOG_LEVEL',
	'S3_ENDPOINT',
	'S3_BUCKET',
	'S3_ACCESS_KEY_ID',
	'S3_SECRET_ACCESS_KEY',
	'S3_REGION',
	'NODE_ENV',
	'METRICS_TOKEN',
	'BUILD_DIR',
	'BODY_SIZE_LIMIT',
	'PROTOCOL_HEADER',
	'HOST_HEADER',
	'ADDRESS_HEADER',
	'XFF_DEPTH'
] as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env): Config {
	const portRaw = value(env, 'PORT') ?? '3000';
	if (!/^\d+$/.test(portRaw) || Number(portRaw) > 65535) {
		throw new ConfigError('PORT', `expected a port number 0-65535, got "${portRaw}"`);
	}
	const origin = url(env, 'ORIGIN', ['http:', 'https:']);
	if (origin && new URL(origin).pathname !== '/') {
		throw new ConfigError('ORIGIN', 'must be scheme://host[:port] without a path');
	}
	const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
	const logLevel = value(env, 'LOG_LEVEL') ?? 'info';
	if (!LOG_LEVELS.includes(logLevel)) {
		throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}`);
	}
	const mailFrom = value(env, 'MAIL_FROM') ?? 'Videnscenter <noreply@videnscenter.local>';
	if (!mailFrom.includes('@')) throw new ConfigError('MAIL_FROM', 'expected an e-mail address');
	const production = env.NODE_ENV === 'production';
	return {
		s3: s3Config(env),
		port: Number(portRaw),
		host: value(env, 'HOST') ?? '0.0.0.0',
		origin,
		dataDir: value(env, 'DATA_DIR') ?? './data',
		databaseUrl,
		redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
		smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
		mailFrom,
		demo: bool(env, 'DEMO', !databaseUrl),
		production,
		logLevel
	};
}

const S3_VARS = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

/** All of S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, or none (S3_REGION optional). */
function s3Config(env: Env): S3Config | undefined {
	const set = S3_VARS.filter((n) => value(env, n) !== undefined);
	if (set.length === 0) {
		if (value(env, 'S3_REGION') !== undefined)
			throw new ConfigError('S3_REGION', 'set only together with S3_ENDPOINT and S3_BUCKET');
		return undefined;
	}
	const missing = S3_VARS.find((n) => value(env, n) === undefined);
	if (missing) throw new ConfigError(missing, 'required when any S3_ variable is set');
	const endpoint = url(env, 'S3_ENDPOINT', ['http:', 'https:'])!;
	const bucket = value(env, 'S3_BUCKET')!;
	if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
		throw new ConfigError(
			'S3_BUCKET',
			'expected a bucket name (3-63 lower-case letters, digits, dots, hyphens)'
		);
	const region = value(env, 'S3_REGION') ?? 'us-east-1';
	if (!/^[a-z0-9-]{2,40}$/.test(region))
		throw new ConfigError('S3_REGION', `expected a region name like eu-north-1, got "${region}"`);
	return {
		endpoint: endpoint.replace(/\/+$/, ''),
		bucket,
		accessKeyId: value(env, 'S3_ACCESS_KEY_ID')!,
		secretAccessKey: value(env, 'S3_SECRET_ACCESS_KEY')!,
		region
	};
}

let cached: Config | undefined;

/** The process's configuration, read once. */
export function config(): Config {
	cached ??= loadConfig();
	return cached;
}
