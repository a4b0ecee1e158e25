import { describe, expect, it } from 'vitest';
import { appendBatcher, type AppendRows } from './batch';

const u = (n: number) => new Uint8Array([n]);

describe('appendBatcher', () => {
	it('writes the appends of one tick, of all documents, in one statement and in order', async () => {
		const writes: { documentId: string; update: number }[][] = [];
		const append = appendBatcher(async (rows) => {
			writes.push(rows.map((r) => ({ documentId: r.documentId, update: r.update[0] })));
		});
		await Promise.all([append('a', [u(1), u(2)]), append('b', [u(3)]), append('a', [u(4)])]);
		expect(writes).toEqual([
			[
				{ documentId: 'a', update: 1 },
				{ documentId: 'a', update: 2 },
				{ documentId: 'b', update: 3 },
				{ documentId: 'a', update: 4 }
			]
		]);
	});

	it('queues what arrives while the batches in flight are written into the next batch', async () => {
		let release!: () => void;
		const writes: number[] = [];
		const append = appendBatcher(async (rows) => {
			writes.push(rows.length);
			if (writes.length === 1) await new Promise<void>((r) => (release = r));
		}, 1);
		const first = append('a', [u(1)]);
		await new Promise((r) => setImmediate(r));
		const second = Promise.all([append('a', [u(2)]), append('b', [u(3)])]);
		await new Promise((r) => setTimeout(r, 10));
		expect(writes).toEqual([1]);
		release();
		await Promise.all([first, second]);
		expect(writes).toEqual([1, 2]);
	});

	it('retries each document alone when the batch fails, failing only the bad one', async () => {
		const write: AppendRows = async (rows) => {
			if (rows.some((r) => r.documentId === 'bad')) throw new Error('foreign key');
		};
		const append = appendBatcher(write);
		const results = await Promise.allSettled([append('good', [u(1)]), append('bad', [u(2)])]);
		expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
	});

	it('writes a second batch while the first is in flight, up to the limit', async () => {
		const releases: (() => void)[] = [];
		const writes: number[] = [];
		const append = appendBatcher(async (rows) => {
			writes.push(rows.length);
			await new Promise<void>((r) => releases.push(r));
		}, 2);
		const first = append('a', [u(1)]);
		await new Promise((r) => setImmediate(r));
		const second = append('b', [u(2)]);
		await new Promise((r) => setImmediate(r));
		const third = Promise.all([append('c', [u(3)]), append('d', [u(4)])]);
		await new Promise((r) => setTimeout(r, 10));
		expect(writes).toEqual([1, 1]);
		releases[0]();
		await first;
		await new Promise((r) => setTimeout(r, 10));
		expect(writes).toEqual([1, 1, 2]);
		releases[1]();
		releases[2]();
		await Promise.all([second, third]);
	});
});
