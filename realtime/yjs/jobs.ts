/**
 * CPU-heavy work on Yjs documents, off the thread that relays keystrokes: folding the update log into
 * a snapshot (Y.mergeUpdates, linear in the document's size: ~5 ms for a 45 KB document, seconds
 * near the 20 MiB limit) and rendering the body's HTML and text through the Tiptap schema (4 ms for
 * a short note, ~50–100 ms for a long one). On the main thread either stalls every editor's relay
 * for that long; in the worker thread it uses the machine's other core.
 *
 * One worker thread, started with the endpoint and restarted after a crash. Should it be unavailable, a
 * job runs inline instead, so a document is never left unrendered or uncompacted for want of it.
 */
import { Worker } from 'node:worker_threads';
import * as Y from 'yjs';
import type { Logger } from 'pino';
import { docToHtml, docToText } from '../../src/lib/server/documents/prosemirror';
import { mergeParts } from '../../src/lib/server/documents/store';

export type JobRequest =
	{ kind: 'merge'; parts: Uint8Array[]; gc?: boolean } | { kind: 'render'; state: Uint8Array };

export interface Rendered {
	html: string;
	text: string;
}

export interface DocumentJobs {
	/** One update holding all of `parts`; with `gc`, without deleted text (store.ts mergeParts). */
	merge(parts: Uint8Array[], gc?: boolean): Promise<Uint8Array>;
	/** The sanitised HTML and plain text of a document state. */
	render(state: Uint8Array): Promise<Rendered>;
	close(): Promise<void>;
}

/** Runs one job on the calling thread (the worker's body, and the fallback). */
export function runJob(request: JobRequest): Uint8Array | Rendered {
	if (request.kind === 'merge') return mergeParts(request.parts, request.gc);
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, request.state);
		return { html: docToHtml(doc), text: docToText(doc) };
	} finally {
		doc.destroy();
	}
}

/** Jobs on the calling thread: for tests of the modules around them, and the fallback. */
export const inlineJobs: DocumentJobs = {
	merge: async (parts, gc) => runJob({ kind: 'merge', parts, gc }) as Uint8Array,
	render: async (state) => runJob({ kind: 'render', state }) as Rendered,
	close: async () => {}
};

interface Pending {
	resolve(value: unknown): void;
	reject(err: Error): void;
}

class WorkerGone extends Error {}

/** Jobs on a worker thread of their own. */
export function workerJobs(log: Logger): DocumentJobs {
	let worker: Worker | null = null;
	let nextId = 1;
	const pending = new Map<number, Pending>();
	let closed = false;
	/** Consecutive failures to start; after a few, jobs run inline until the process restarts. */
	let failures = 0;

	function start(): Worker | null {
		if (worker) return worker;
		if (closed || failures >= 3) return null;
		const url = new URL('./jobs-worker.mjs', import.meta.url);
		let w: Worker;
		try {
			// jobs-worker.mjs loads the TypeScript through tsx, as the server's is.
			w = new Worker(url, { stdout: false, stderr: false });
		} catch (err) {
			failures++;
			log.warn({ err }, 'document jobs worker could not start; running jobs inline');
			return null;
		}
		w.unref();
		w.on('message', (m: { id: number; ok: boolean; result?: unknown; error?: string }) => {
			const p = pending.get(m.id);
			if (!p) return;
			pending.delete(m.id);
			failures = 0;
			if (m.ok) p.resolve(m.result);
			else p.reject(new Error(m.error));
		});
		const gone = (reason: string) => {
			if (worker !== w) return;
			worker = null;
			for (const [id, p] of pending) {
				pending.delete(id);
				p.reject(new WorkerGone(reason));
			}
		};
		w.on('error', (err) => {
			failures++;
			log.warn({ err }, 'document jobs worker failed');
			gone(err.message);
		});
		w.on('exit', (code) => gone(`exited with ${code}`));
		worker = w;
		return w;
	}

	async function run<T>(request: JobRequest): Promise<T> {
		const w = start();
		if (!w) return runJob(request) as T;
		const id = nextId++;
		try {
			return await new Promise<T>((resolve, reject) => {
				pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
				w.postMessage({ ...request, id });
			});
		} catch (err) {
			// The thread died under the job (not the job's own error): do it here instead.
			if (err instanceof WorkerGone && !closed) return runJob(request) as T;
			throw err;
		}
	}

	// Started now, so that loading its modules (a second or so of CPU) happens at start-up, not
	// in the middle of the first editing session.
	start();
	return {
		merge: (parts, gc) => run<Uint8Array>({ kind: 'merge', parts, gc }),
		render: (state) => run<Rendered>({ kind: 'render', state }),
		async close() {
			closed = true;
			const w = worker;
			worker = null;
			if (w) await w.terminate();
		}
	};
}
