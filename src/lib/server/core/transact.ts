import type { Db } from '../../../../db/client';
import {
	afterCommit,
	inCommitScope,
	onEffectError,
	type Effect
} from '../../../../db/after-commit';
import { log } from '../log';

export { afterCommit, runEffects, type Effect } from '../../../../db/after-commit';

onEffectError((err) => log.warn({ err }, 'an effect after commit failed'));

/** The transaction handle Drizzle gives a `db.transaction` callback; usable wherever a `Db` is. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

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
 * Runs `work` in one transaction and then, only if it committed, the effects it queued on `after`
 * (the same queue as `afterCommit`), in order. A `Refusal` thrown by the work rolls back and answers
 * `{ ok: false, code }`. An effect that fails is logged and the others still run: the change is
 * committed and a page shows it on reload. Inside another transaction (`db` is itself one) the work
 * runs in a savepoint and its effects wait for the outer commit.
 */
export async function transact<T>(db: Db, work: (tx: Tx, after: After) => Promise<T>): Promise<T> {
	try {
		return await inCommitScope(() => db.transaction((tx) => work(tx, afterCommit)));
	} catch (err) {
		// The refusal's code is one of the outcome codes the caller's result type declares.
		if (err instanceof Refusal)
			return (err.field
				? { ok: false, code: err.code, field: err.field }
				: { ok: false, code: err.code }) as unknown as T;
		throw err;
	}
}
