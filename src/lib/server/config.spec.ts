import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

/** The error loadConfig throws for this environment (fails the test when it throws none). */
function configError(env: Record<string, string>): ConfigError {
	try {
		loadConfig(env);
	} catch (err) {
		if (err instanceof ConfigError) return err;
		throw err;
	}
	throw new Error(`no ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
	it('uses the documented defaults on an empty environment', () => {
		expect(loadConfig({})).toEqual({
			port: 3000,
			host: '0.0.0.0',
			origin: undefined,
			dataDir: './data',
			databaseUrl: undefined,
			redisUrl: undefined,
			smtpUrl: undefined,
			mailFrom: 'Videnscenter <noreply@videnscenter.local>',
			demo: true,
			production: false,
			logLevel: 'info'
		});
	});

	it('treats blank variables as unset', () => {
		expect(loadConfig({ PORT: ' ', DATABASE_URL: '' })).toMatchObject({
			port: 3000,
			databaseUrl: undefined
		});
	});

	it('reads every variable when given', () => {
		const config = loadConfig({
			PORT: '8080',
			HOST: '127.0.0.1',
			ORIGIN: 'https://videnscenter.example',
			DATA_DIR: '/var/lib/videnscenter',
			DATABASE_URL: 'postgres://app@db:5432/videnscenter',
			REDIS_URL: 'redis://cache:6379',
			SMTP_URL: 'smtps://user:pw@mail.example:465',
			MAIL_FROM: 'Videnscenter <post@videnscenter.example>',
			LOG_LEVEL: 'debug',
			NODE_ENV: 'production'
		});
		expect(config).toEqual({
			port: 8080,
			host: '127.0.0.1',
			origin: 'https://videnscenter.example',
			dataDir: '/var/lib/videnscenter',
			databaseUrl: 'postgres://app@db:5432/videnscenter',
			redisUrl: 'redis://cache:6379',
			smtpUrl: 'smtps://user:pw@mail.example:465',
			mailFrom: 'Videnscenter <post@videnscenter.example>',
			demo: false,
			production: true,
			logLevel: 'debug'
		});
	});

	it('turns demo mode on only for the embedded database unless DEMO says otherwise', () => {
		expect(loadConfig({}).demo).toBe(true);
		expect(loadConfig({ DATABASE_URL: 'postgresql://db/x' }).demo).toBe(false);
		expect(loadConfig({ DATABASE_URL: 'postgresql://db/x', DEMO: 'yes' }).demo).toBe(true);
		expect(loadConfig({ DEMO: '0' }).demo).toBe(false);
		expect(loadConfig({ DEMO: 'off' }).demo).toBe(false);
	});

	it.each([
		['PORT', 'abc'],
		['PORT', '70000'],
		['PORT', '-1'],
		['ORIGIN', 'videnscenter.example'],
		['ORIGIN', 'ftp://videnscenter.example'],
		['ORIGIN', 'https://videnscenter.example/app'],
		['DATABASE_URL', 'mysql://x'],
		['DATABASE_URL', 'not a url'],
		['REDIS_URL', 'http://cache:6379'],
		['SMTP_URL', 'mail.example:25'],
		['SMTP_URL', 'https://mail.example'],
		['DEMO', 'maybe'],
		['LOG_LEVEL', 'loud'],
		['MAIL_FROM', 'Videnscenter']
	])('refuses %s=%s with an error naming the variable', (variable, value) => {
		const err = configError({ [variable]: value });
		expect(err.variable).toBe(variable);
		expect(err.message.startsWith(`${variable}: `)).toBe(true);
		expect(err.message).not.toContain('\n');
	});
});

describe('S3 attachment storage', () => {
	const s3 = {
		S3_ENDPOINT: 'https://s3.example',
		S3_BUCKET: 'vc-attachments',
		S3_ACCESS_KEY_ID: 'id',
		S3_SECRET_ACCESS_KEY: 'secret'
	};
	it('is off without S3_ variables and on with all four (region defaults)', () => {
		expect(loadConfig({}).s3).toBeUndefined();
		expect(loadConfig({ ...s3, S3_ENDPOINT: 'https://s3.example/' }).s3).toEqual({
			endpoint: 'https://s3.example',
			bucket: 'vc-attachments',
			accessKeyId: 'id',
			secretAccessKey: 'secret',
			region: 'us-east-1'
		});
	});
	it.each([
		[
			'S3_SECRET_ACCESS_KEY',
			{ S3_ENDPOINT: s3.S3_ENDPOINT, S3_BUCKET: s3.S3_BUCKET, S3_ACCESS_KEY_ID: 'id' }
		],
		['S3_ENDPOINT', { ...s3, S3_ENDPOINT: 'ftp://s3.example' }],
		['S3_BUCKET', { ...s3, S3_BUCKET: 'Not_A_Bucket' }],
		['S3_REGION', { ...s3, S3_REGION: 'eu north 1' }],
		['S3_REGION', { S3_REGION: 'eu-north-1' }]
	])('names %s when the set is incomplete or malformed', (variable, env) => {
		expect(configError(env).variable).toBe(variable);
	});
});
