import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGliteThread } from './pglite-thread';

describe('PGlite on its own thread', () => {
	let db: PGliteThread;

	beforeAll(async () => {
		db = await PGliteThread.create('memory://');
		await db.exec(`
			create table items (id int primary key, name text not null unique, at timestamptz, data bytea);
		`);
	}, 60_000);
	afterAll(async () => {
		await db?.close();
	});

	it('runs queries with parameters, in either row mode, and returns bytes as bytes', async () => {
		await db.query('insert into items (id, name, data) values ($1, $2, $3)', [
			1,
			'første',
			new Uint8Array([0, 39, 92, 255])
		]);
		const objects = await db.query<{ name: string; data: Uint8Array }>(
			'select name, data from items where id = $1',
			[1]
		);
		expect(objects.rows).toEqual([{ name: 'første', data: new Uint8Array([0, 39, 92, 255]) }]);
		const arrays = await db.query<unknown[]>('select id, name from items where id = $1', [1], {
			rowMode: 'array'
		});
		expect(arrays.rows).toEqual([[1, 'første']]);
		expect(arrays.fields.map((f) => f.name)).toEqual(['id', 'name']);
	});

	it("keeps timestamps as PostgreSQL's strings when the caller passes Drizzle's parsers", async () => {
		await db.query(`insert into items (id, name, at) values (2, 'tid', '2026-12-05 10:00:00+00')`);
		const parsed = await db.query<{ at: unknown }>('select at from items where id = 2');
		expect(parsed.rows[0].at).toBeInstanceOf(Date);
		const raw = await db.query<{ at: unknown }>('select at from items where id = 2', [], {
			parsers: { 1184: (v: string) => v }
		});
		expect(raw.rows[0].at).toBe('2026-12-05 10:00:00+00');
	});

	it("carries PostgreSQL's error fields across the thread", async () => {
		const err = await db.query(`insert into items (id, name) values (3, 'første')`).then(
			() => null,
			(e: unknown) => e as Record<string, unknown>
		);
		expect(err).toBeInstanceOf(Error);
		expect(err).toMatchObject({ code: '23505', constraint: 'items_name_key' });
		expect(String(err?.message)).toMatch(/duplicate key/);
	});

	it('commits a transaction whose callback resolves, and rolls back one that throws', async () => {
		const value = await db.transaction(async (tx) => {
			await tx.query(`insert into items (id, name) values (10, 'kept')`);
			return 'done';
		});
		expect(value).toBe('done');
		await expect(
			db.transaction(async (tx) => {
				await tx.query(`insert into items (id, name) values (11, 'dropped')`);
				throw new Error('changed my mind');
			})
		).rejects.toThrow('changed my mind');
		await db.transaction(async (tx) => {
			await tx.query(`insert into items (id, name) values (12, 'also dropped')`);
			await tx.rollback();
			expect(tx.closed).toBe(true);
			await expect(tx.query('select 1')).rejects.toThrow('Transaction is closed');
		});
		const names = await db.query<{ name: string }>(
			'select name from items where id >= 10 order by id'
		);
		expect(names.rows.map((r) => r.name)).toEqual(['kept']);
	});

	it('makes statements outside an open transaction wait until it ends', async () => {
		const order: string[] = [];
		let release!: () => void;
		const held = new Promise<void>((r) => (release = r));
		const tx = db.transaction(async (t) => {
			await t.query(`insert into items (id, name) values (20, 'inside')`);
			order.push('inside written');
			await held;
			order.push('committing');
		});
		// Give the transaction time to begin, then ask from outside it.
		await new Promise((r) => setTimeout(r, 50));
		const outside = db.query<{ n: number }>('select count(*)::int as n from items where id = 20');
		await new Promise((r) => setTimeout(r, 50));
		order.push('released');
		release();
		await tx;
		const { rows } = await outside;
		order.push('outside answered');
		// The outside read ran after the commit, so it saw the row.
		expect(rows[0].n).toBe(1);
		expect(order).toEqual(['inside written', 'released', 'committing', 'outside answered']);
	});

	it('reports a failed commit of an aborted transaction as an error', async () => {
		await expect(
			db.transaction(async (tx) => {
				// The failed statement aborts the transaction; swallowing its error leaves COMMIT to
				// find out, as with PGlite itself.
				await tx.query('select * from no_such_table').catch(() => {});
			})
		).rejects.toThrow();
		const { rows } = await db.query<{ n: number }>('select 1 as n');
		expect(rows[0].n).toBe(1);
	});

	it('runs several statements with exec and answers each one', async () => {
		const results = await db.exec(`select 1 as a; select 'to' as b;`);
		expect(results.map((r) => r.rows[0])).toEqual([{ a: 1 }, { b: 'to' }]);
	});

	it('refuses every call once the database is closed', async () => {
		const other = await PGliteThread.create('memory://');
		await other.close();
		await expect(other.query('select 1')).rejects.toThrow(/database thread stopped/);
	}, 60_000);
});
