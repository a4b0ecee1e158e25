/**
 * The document-jobs thread (see jobs.ts): folds Yjs updates together and renders a document's HTML
 * and plain text, so that neither stalls the relay of keystrokes on the main thread. Stateless:
 * every job brings what it needs.
 */
import { parentPort } from 'node:worker_threads';
import { runJob, type JobRequest } from './jobs';

if (!parentPort) throw new Error('jobs-worker.ts runs as a worker thread');
const port = parentPort;

port.on('message', (request: JobRequest & { id: number }) => {
	try {
		const result = runJob(request);
		const transfer = result instanceof Uint8Array ? [result.buffer as ArrayBuffer] : [];
		port.postMessage({ id: request.id, ok: true, result }, transfer);
	} catch (err) {
		port.postMessage({
			id: request.id,
			ok: false,
			error: err instanceof Error ? err.message : String(err)
		});
	}
});
