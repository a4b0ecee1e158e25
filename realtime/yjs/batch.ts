/**
 * Appends of all documents that arrive within one tick go to the database in one INSERT of many
 * rows (one round trip, one commit), instead of one statement per document. Each caller's promise
 * resolves once its rows are durable. Should the combined statement fail, each document's rows
 * are retried on their own, so one bad document cannot fail the others.
 */
export type AppendRows = (rows: { documentId: string; update: Uint8Array }[]) => Promise<void>;

interface Pending {
	id: string;
	updates: Uint8Array[];
	resolve(): void;
	reject(err: unknown): void;
}

export function appendBatcher(write: AppendRows) {
	let queue: Pending[] = [];
	let scheduled = false;
	let inFlight: Promise<void> = Promise.resolve();

	async function flush(batch: Pending[]): Promise<void> {
		const rows = batch.flatMap((p) => p.updates.map((update) => ({ documentId: p.id, update })));
		try {
			await write(rows);
			for (const p of batch) p.resolve();
		} catch {
			await Promise.all(
				batch.map(async (p) => {
					try {
						await write(p.updates.map((update) => ({ documentId: p.id, update })));
						p.resolve();
					} catch (err) {
						p.reject(err);
					}
				})
			);
		}
	}

	return (id: string, updates: Uint8Array[]): Promise<void> => {
		if (updates.length === 0) return Promise.resolve();
		return new Promise<void>((resolve, reject) => {
			queue.push({ id, updates, resolve, reject });
			if (scheduled) return;
			scheduled = true;
			setImmediate(() => {
				// One batch at a time: what arrives while a batch is written goes into the next one.
				inFlight = inFlight.then(() => {
					scheduled = false;
					const batch = queue;
					queue = [];
					return flush(batch);
				});
			});
		});
	};
}
