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

/**
 * `maxInFlight` batches may be written at once: each document has at most one append in flight
 * (its outbox waits for it), so batches never reorder one document's updates.
 */
export function appendBatcher(write: AppendRows, maxInFlight = 4) {
	let queue: Pending[] = [];
	let scheduled = false;
	let inFlight = 0;

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

	function kick(): void {
		if (scheduled || queue.length === 0 || inFlight >= maxInFlight) return;
		scheduled = true;
		// Wait for the rest of this tick's appends, then write them together.
		setImmediate(() => {
			scheduled = false;
			if (queue.length === 0 || inFlight >= maxInFlight) return;
			const batch = queue;
			queue = [];
			inFlight++;
			void flush(batch).finally(() => {
				inFlight--;
				kick();
			});
		});
	}

	return (id: string, updates: Uint8Array[]): Promise<void> => {
		if (updates.length === 0) return Promise.resolve();
		return new Promise<void>((resolve, reject) => {
			queue.push({ id, updates, resolve, reject });
			kick();
		});
	};
}
