/**
 * Appends of all documents that arrive within one tick go to the database in one INSERT of many
 * rows (one round trip, one commit), instead of one statement per document. Each caller's promise
 * resolves once its rows are durable. Should the combined statement fail, each document's rows
 * are retried on their own, so one bad document cannot fail the others.
 */
export type AppendRows = (rows: { documentId: string; update: Uint8Array }[]) => Promise<void>;

interface Pending {
	id: string;
	/** Read when the statement is built; the caller may add to it until `sealed` is called. */
	updates: Uint8Array[];
	sealed?: () => void;
	resolve(): void;
	reject(err: unknown): void;
}

/**
 * `maxInFlight` statements may be in flight at once. While that many are, appends wait in the
 * queue, unsealed, so the documents' batches grow (group commit). One document may have batches
 * in several statements; its outbox relays them in order whatever order they commit in.
 */
export function appendBatcher(write: AppendRows, maxInFlight = 4) {
	let queue: Pending[] = [];
	let scheduled = false;
	let inFlight = 0;

	async function flush(batch: Pending[]): Promise<void> {
		for (const p of batch) p.sealed?.();
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

	return (id: string, updates: Uint8Array[], sealed?: () => void): Promise<void> => {
		if (updates.length === 0) {
			sealed?.();
			return Promise.resolve();
		}
		return new Promise<void>((resolve, reject) => {
			queue.push({ id, updates, sealed, resolve, reject });
			kick();
		});
	};
}
