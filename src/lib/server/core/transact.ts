import type { Db } from '../../../../db/client';
import { log } from '../log';

/** The transaction handle Drizzle gives a `db.transaction` callback; usable wherever a `Db` is. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Work that must follow the commit: a notice over socket.io, a mail kick, an access re-check. */
export type Effect = () => void | Promise<void>;
/** Queues an effect; it runs only once the transaction committed, never after a rollback. */
export type After = (effect: Effect) => void;

/** Thrown inside `transact` to roll the transaction back and answer with a refusal code. */
export class Refusal<Code extends string = string> extends Error {
	constructor(
		readonly code: Code,
		readonly field?: string
	) {
		super(code);
	}
}

/**
 * Runs `work` in one transaction and then, only if it committed, the effects it queued on `after`, in
 * order. A `Refusal` thrown by the work rolls back and answers `{ ok: false, code }`. An effect that
 * fails is logged and the others still run: the change is committed and a page shows it on reload.
 *
 * Inside another transaction (`db` is itself a transaction) the work runs in a savepoint and its
 * effects run when the savepoint is released: pass the outer `after` down instead of nesting.
 */
export async function transact<T>(db: Db, work: (tx: Tx, after: After) => Promise<T>): Promise<T> {
	const effects: Effect[] = [];
	let result: T;
	try {
		result = await db.transaction((tx) => work(tx, (e) => effects.push(e)));
	} catch (err) {
		// The refusal's code is one of the outcome codes the caller's result type declares.
		if (err instanceof Refusal)
			return (err.field
				? { ok: false, code: err.code, field: err.field }
				: { ok: false, code: err.code }) as unknown as T;
		throw err;
	}
	await runEffects(effects);
	return result;
}

/** Runs effects in order; one that throws or rejects is logged and does not stop the rest. */
export async function runEffects(effects: Effect[]): Promise<void> {
	for (const effect of effects) {
		try {
			await effect();
		} catch (err) {
			log.warn({ err }, 'an effect after commit failed');
		}
	}
}
