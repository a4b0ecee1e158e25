import pino from 'pino';

/** Structured JSON logs (pino). Requests get a child logger carrying their request id. */
export const log = pino({
	level: process.env.LOG_LEVEL ?? 'info',
	base: { service: 'videnscenter' },
	redact: ['password', '*.password', 'token', '*.token']
});
