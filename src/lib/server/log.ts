import pino from 'pino';
import { LOG_LEVELS } from './config';

// Read before the configuration is checked (modules import the logger first): an unknown level
// falls back to info here, and loadConfig then stops the process with one line naming LOG_LEVEL.
const level = process.env.LOG_LEVEL?.trim();

/** Structured JSON logs (pino). Requests get a child logger carrying their request id. */
export const log = pino({
	level: level && LOG_LEVELS.includes(level) ? level : 'info',
	base: { service: 'videnscenter' },
	redact: ['password', '*.password', 'token', '*.token']
});
