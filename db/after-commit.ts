/**
 * Work that must wait for a commit. Every top-level `db.transaction` of a handle from `createDb`
 * opens a scope; `afterCommit(effect)` called anywhere inside it (however deep, through savepoints
 * too) queues the effect, which runs once that transaction committed and never after a rollback.
 * Outside any transaction the write before it has already committed, so the effect runs at once.
 * Domains reach this through `transact`'s `after` or directly (the notification centre does).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type Effect = () => void | Promise<void>;

const scope = new AsyncLocalStorage<Effect[]>();

let report: (err: unknown) => void = (err) => console.warn('an effect after commit failed', err);

/** Where failing effects are reported (the app sets its logger). */
export function onEffectError(handler: (err: unknown) => void): void {
	report = handler;
}

/** Runs effects in order; one that throws or rejects is reported and does not stop the rest. */
export async function runEffects(effects: readonly Effect[]): Promise<void> {
	for (const effect of effects) {
		try {
			await effect();
		} catch (err) {
			report(err);
		}
	}
}

export function afterCommit(effect: Effect): void {
	const queue = scope.getStore();
	if (queue) queue.push(effect);
	else void runEffects([effect]);
}

/** Runs `work` in a scope of its own; its queued effects run once it resolved, in order. */
export async function inCommitScope<T>(work: () => Promise<T>): Promise<T> {
	const queue: Effect[] = [];
	const result = await scope.run(queue, work);
	await runEffects(queue);
	return result;
}

/** Makes every top-level transaction of `db` a commit scope. */
export function withCommitScopes<D extends { transaction: (...args: never[]) => Promise<unknown> }>(
	db: D
): D {
	const original = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
	(db as { transaction: unknown }).transaction = (...args: unknown[]) =>
		inCommitScope(() => original(...args));
	return db;
}
