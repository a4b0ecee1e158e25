/**
 * The core every domain builds on: who acts, what a domain function answers, ids, database errors
 * and transactions whose side effects wait for the commit. Free of SvelteKit imports.
 */
export type { Actor, Context, NamedActor } from './actor';
export { csvCell, toCsv } from './csv';
export { isUuid } from '../../uuid';
export { isUniqueViolation, pgErrorCode, uniqueViolation } from './pg';
export type { Result } from './result';
export {
	afterCommit,
	Refusal,
	runEffects,
	transact,
	type After,
	type Effect,
	type Tx
} from './transact';
