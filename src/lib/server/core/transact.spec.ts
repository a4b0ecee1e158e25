import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../../../../tests/helpers/db';
import { municipalities } from '../../../../db/schema';
import type { Db } from '../../../../db/client';
import { afterCommit, Refusal, transact } from './transact';

let handle: Awaited<ReturnType<typeof testDb>>;
let db: Db;
let n = 0;

beforeAll(async () => {
	handle = await testDb();
	db = handle.db;
}, 120_000);
afterAll(() => handle?.drop());

const place = () => {
	const code = `T${++n}`;
	return { code, name: code, officialName: code, regionCode: 'R', regionName: 'R' };
};
const exists = async (code: string) =>
	(await db.select().from(municipalities).where(eq(municipalities.code, code))).length === 1;

describe('transact', () => {
	it('runs the queued effects in order once the work committed, and sees its rows', async () => {
		const row = place();
		const seen: string[] = [];
		const result = await transact(db, async (tx, after) => {
			await tx.insert(municipalities).values(row);
			after(async () => {
				seen.push(`first:${await exists(row.code)}`);
			});
			after(() => {
				seen.push('second');
			});
			// Nothing has run yet: the transaction is still open.
			expect(seen).toEqual([]);
			return { ok: true as const, value: row.code };
		});
		expect(result).toEqual({ ok: true, value: row.code });
		expect(seen).toEqual(['first:true', 'second']);
	});

	it('runs no effect when the work fails, and the change is rolled back', async () => {
		const row = place();
		let ran = false;
		await expect(
			transact(db, async (tx, after) => {
				await tx.insert(municipalities).values(row);
				after(() => {
					ran = true;
				});
				throw new Error('boom');
			})
		).rejects.toThrow('boom');
		expect(ran).toBe(false);
		expect(await exists(row.code)).toBe(false);
	});

	it('answers a Refusal with its code and field, rolled back and without effects', async () => {
		const row = place();
		let ran = false;
		const result = await transact(db, async (tx, after) => {
			await tx.insert(municipalities).values(row);
			after(() => {
				ran = true;
			});
			throw new Refusal('at_capacity', 'seats');
		});
		expect(result).toEqual({ ok: false, code: 'at_capacity', field: 'seats' });
		expect(ran).toBe(false);
		expect(await exists(row.code)).toBe(false);
	});

	it('goes on with the other effects when one fails', async () => {
		const seen: number[] = [];
		await transact(db, async (_tx, after) => {
			after(() => {
				throw new Error('socket gone');
			});
			after(async () => {
				throw new Error('rejected');
			});
			after(() => {
				seen.push(3);
			});
		});
		expect(seen).toEqual([3]);
	});

	it('holds afterCommit back in any transaction of the handle, through savepoints too', async () => {
		const row = place();
		const seen: string[] = [];
		await db.transaction(async (tx) => {
			await tx.insert(municipalities).values(row);
			await tx.transaction(async () => {
				afterCommit(() => void seen.push('from a savepoint'));
			});
			afterCommit(() => void seen.push('from the transaction'));
			expect(seen).toEqual([]);
		});
		expect(seen).toEqual(['from a savepoint', 'from the transaction']);

		const lost: string[] = [];
		await expect(
			db.transaction(async () => {
				afterCommit(() => void lost.push('rolled back'));
				throw new Error('rollback');
			})
		).rejects.toThrow('rollback');
		expect(lost).toEqual([]);

		// Outside a transaction the write before it has committed: the effect runs at once.
		afterCommit(() => void lost.push('now'));
		await new Promise((r) => setTimeout(r, 0));
		expect(lost).toEqual(['now']);
	});
});
