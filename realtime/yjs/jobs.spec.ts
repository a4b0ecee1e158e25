import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Worker } from 'node:worker_threads';
import pino from 'pino';
import * as Y from 'yjs';
import { htmlToState, jsonToDoc } from '../../src/lib/server/documents/prosemirror';
import { inlineJobs, workerJobs, type DocumentJobs } from './jobs';

/**
 * Every Worker jobs.ts starts, with the replies it posted back: so the tests can tell a job done on
 * the worker thread from one that silently fell back to running inline.
 */
const started = vi.hoisted(() => [] as { worker: Worker; replies: number; exited: boolean }[]);
vi.mock('node:worker_threads', async (importOriginal) => {
	const actual = await importOriginal<typeof import('node:worker_threads')>();
	class RecordedWorker extends actual.Worker {
		constructor(...args: ConstructorParameters<typeof actual.Worker>) {
			super(...args);
			const entry = { worker: this as Worker, replies: 0, exited: false };
			started.push(entry);
			this.on('message', () => entry.replies++);
			this.on('exit', () => (entry.exited = true));
		}
	}
	return { ...actual, Worker: RecordedWorker, default: { ...actual, Worker: RecordedWorker } };
});

const warnings: string[] = [];
const log = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });

let jobs: DocumentJobs;
beforeAll(() => {
	jobs = workerJobs(log);
});
afterAll(() => jobs?.close());

/** Updates of two clients typing into the same text, in the order they were made. */
function edits(): Uint8Array[] {
	const a = new Y.Doc();
	const b = new Y.Doc();
	const updates: Uint8Array[] = [];
	a.on('update', (u: Uint8Array) => updates.push(u));
	b.on('update', (u: Uint8Array) => updates.push(u));
	a.getText('t').insert(0, 'hello');
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
	b.getText('t').insert(5, ' world');
	a.getText('t').insert(0, '> ');
	b.getMap('m').set('k', 1);
	return updates;
}

function textOf(update: Uint8Array): string {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, update);
	return doc.getText('t').toString();
}

/** The worker that serves the jobs, after checking that exactly one was started. */
function theWorker() {
	expect(started).toHaveLength(1);
	return started[0];
}

describe('workerJobs', () => {
	it('merges on the worker thread, with the same result as Y.mergeUpdates', async () => {
		const parts = edits();
		const before = theWorker().replies;
		const merged = await jobs.merge(parts);
		expect(theWorker().replies).toBe(before + 1);
		expect(merged).toBeInstanceOf(Uint8Array);
		const expected = Y.mergeUpdates(parts);
		expect(textOf(merged)).toBe(textOf(expected));
		expect(textOf(merged)).toBe('> hello world');
		const doc = new Y.Doc();
		Y.applyUpdate(doc, merged);
		expect(doc.getMap('m').get('k')).toBe(1);
		expect(Y.encodeStateVectorFromUpdate(merged)).toEqual(Y.encodeStateVectorFromUpdate(expected));
		expect(warnings).toEqual([]);
	});

	it('renders sanitised HTML and plain text on the worker, as the inline renderer does', async () => {
		const state = htmlToState(
			'<h2>Title</h2><p>Read <a href="https://example.org/x">this</a><script>alert(1)</script></p>'
		);
		const before = theWorker().replies;
		const rendered = await jobs.render(state);
		expect(theWorker().replies).toBe(before + 1);
		expect(rendered).toEqual(await inlineJobs.render(state));
		expect(rendered.html).toContain('<h2>Title</h2>');
		expect(rendered.html).toContain('href="https://example.org/x"');
		expect(rendered.html).not.toContain('script');
		expect(rendered.text).toBe('Title\n\nRead this');
	});

	it('drops unsafe link targets and image sources that are in the document itself', async () => {
		// htmlToState already drops them on import, so the document is built from JSON: the render
		// is what must sanitise it (a client can write any attribute into the Yjs document).
		const link = (text: string, href: string) => ({
			type: 'text',
			text,
			marks: [{ type: 'link', attrs: { href } }]
		});
		const doc = jsonToDoc({
			type: 'doc',
			content: [
				{
					type: 'paragraph',
					content: [
						link('click', 'javascript:alert(1)'),
						link(' here', '//evil.example/x'),
						link(' safe', 'https://example.org/')
					]
				},
				{ type: 'image', attrs: { src: 'javascript:alert(2)' } },
				{ type: 'image', attrs: { src: 'data:image/svg+xml,<svg onload=alert(3)>' } },
				{ type: 'image', attrs: { src: 'https://example.org/a.png' } }
			]
		});
		const state = Y.encodeStateAsUpdate(doc);
		const rendered = await jobs.render(state);
		expect(rendered).toEqual(await inlineJobs.render(state));
		expect(rendered.html).not.toMatch(/javascript|evil\.example|data:|onload/i);
		expect(rendered.html.match(/href="[^"]*"/g)).toEqual(['href="https://example.org/"']);
		expect(rendered.html.match(/<img [^>]*>/g)).toEqual(['<img src="https://example.org/a.png">']);
		expect(rendered.text).toBe('click here safe');
	});

	it('rejects an invalid job with an Error and goes on serving the next ones', async () => {
		const worker = theWorker();
		const garbage = new Uint8Array([255, 255, 255]);
		// Y.mergeUpdates returns a single part as it is, undecoded: two parts make it decode them.
		await expect(jobs.merge([garbage, garbage])).rejects.toThrow(Error);
		await expect(jobs.render(garbage)).rejects.toThrow(/unexpected end of array/i);
		expect(worker.exited).toBe(false);

		const parts = edits();
		const before = worker.replies;
		expect(textOf(await jobs.merge(parts))).toBe('> hello world');
		expect((await jobs.render(htmlToState('<p>still here</p>'))).text).toBe('still here');
		// Served by the same thread: no restart, no fallback to running inline.
		expect(worker.replies).toBe(before + 2);
		expect(started).toHaveLength(1);
		expect(warnings).toEqual([]);
	});

	it('serves jobs posted at once, each with its own result', async () => {
		const states = ['one', 'two', 'three', 'four'].map((w) => htmlToState(`<p>${w}</p>`));
		const rendered = await Promise.all(states.map((s) => jobs.render(s)));
		expect(rendered.map((r) => r.text)).toEqual(['one', 'two', 'three', 'four']);
	});

	it('close() ends the thread; later jobs run inline without starting another', async () => {
		const worker = theWorker();
		await jobs.close();
		expect(worker.exited).toBe(true);
		const parts = edits();
		expect(textOf(await jobs.merge(parts))).toBe('> hello world');
		expect(started).toHaveLength(1);
		expect(worker.exited).toBe(true);
	});
});
