/**
 * Body imports: Markdown and .docx become HTML, which `htmlToState` then sanitises into the schema.
 *
 * Parsing runs in a worker thread, never on the server's event loop, within limits: input bytes,
 * the unzipped size of a .docx (read from the zip's central directory before anything is inflated,
 * and enforced again while inflating), nesting depth, the body's character limit and time (the
 * worker is terminated when it runs over).
 */
import { Worker } from 'node:worker_threads';

export const IMPORT_LIMITS = {
	/** Size of the uploaded file. */
	maxBytes: 20 * 1024 * 1024,
	/** Total uncompressed size of a .docx's parts. */
	maxUnzippedBytes: 50 * 1024 * 1024,
	/** Parts in a .docx. */
	maxZipEntries: 2000,
	/** Characters of Markdown, and characters of text in the result: the body limit. */
	maxChars: 500_000,
	/** Nesting of quotes, lists and elements. */
	maxDepth: 100,
	/** Milliseconds before the worker is terminated. */
	timeoutMs: Number(process.env.IMPORT_TIMEOUT_MS) || 10_000
};

export type ImportError =
	'too_big' | 'unzipped_too_big' | 'too_long' | 'too_deep' | 'timeout' | 'invalid';

export type ImportResult = { ok: true; html: string } | { ok: false; code: ImportError };

/**
 * Reads a zip's central directory: the number of entries and the sum of their declared uncompressed
 * sizes, without inflating anything. Null when the file is not a zip.
 */
export function zipDeclaredSize(buf: Uint8Array): { entries: number; bytes: number } | null {
	const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
	let eocd = -1;
	for (let i = buf.length - 22; i >= 0 && i >= buf.length - 22 - 65535; i--) {
		if (view.getUint32(i, true) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) return null;
	let count = view.getUint16(eocd + 10, true);
	let offset = view.getUint32(eocd + 16, true);
	if (count === 0xffff || offset === 0xffffffff) {
		// ZIP64: no .docx needs it; treat as far too big rather than trust it.
		return { entries: Infinity, bytes: Infinity };
	}
	let bytes = 0;
	for (let n = 0; n < count; n++) {
		if (offset + 46 > buf.length || view.getUint32(offset, true) !== 0x02014b50) return null;
		const size = view.getUint32(offset + 24, true);
		if (size === 0xffffffff) return { entries: Infinity, bytes: Infinity };
		bytes += size;
		offset +=
			46 +
			view.getUint16(offset + 28, true) +
			view.getUint16(offset + 30, true) +
			view.getUint16(offset + 32, true);
	}
	count = Math.max(count, 0);
	return { entries: count, bytes };
}

/** Deepest quote/list nesting a Markdown text asks for, read line by line (cheap, no parsing). */
export function markdownDepth(markdown: string): number {
	let deepest = 0;
	for (const line of markdown.split('\n')) {
		const prefix = /^[\s>*+\-\d.)]*/.exec(line)![0];
		let depth = 0;
		let spaces = 0;
		for (const ch of prefix) {
			if (ch === '>') depth++;
			else if (ch === ' ') spaces++;
			else if (ch === '\t') spaces += 4;
		}
		depth += Math.floor(spaces / 2);
		if (depth > deepest) deepest = depth;
	}
	return deepest;
}

/** Code run in the worker: converts, then measures the result's nesting and text length. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const req = createRequire(workerData.base);
(async () => {
	const { kind, input, limits } = workerData;
	let html;
	if (kind === 'markdown') {
		const { marked } = req('marked');
		html = marked.parse(input, { async: false, gfm: true });
	} else {
		const { unzipSync, zipSync } = req('fflate');
		let total = 0;
		// Inflate into buffers of the declared sizes only (fflate never grows them): a part whose
		// data inflates past its declared size is cut off, so the total stays within the limit.
		const parts = unzipSync(input, {
			filter(file) {
				total += file.originalSize;
				if (total > limits.maxUnzippedBytes) throw Object.assign(new Error('unzipped'), { code: 'unzipped_too_big' });
				return true;
			}
		});
		const stored = zipSync(parts, { level: 0 });
		const mammoth = req('mammoth');
		html = (await mammoth.convertToHtml({ buffer: Buffer.from(stored) })).value;
	}
	let depth = 0, deepest = 0, text = 0;
	const VOID = /^(br|hr|img|input|meta|link|col|area|base|embed|source|track|wbr)$/i;
	const re = /<(\\/?)([a-zA-Z][\\w-]*)[^>]*?(\\/?)>|([^<]+)/g;
	let m;
	while ((m = re.exec(html))) {
		if (m[4] !== undefined) { text += m[4].length; continue; }
		if (m[1]) depth--;
		else if (!m[3] && !VOID.test(m[2])) { depth++; if (depth > deepest) deepest = depth; }
	}
	if (deepest > limits.maxDepth) return parentPort.postMessage({ ok: false, code: 'too_deep' });
	if (text > limits.maxChars) return parentPort.postMessage({ ok: false, code: 'too_long' });
	parentPort.postMessage({ ok: true, html });
})().catch((err) => parentPort.postMessage({ ok: false, code: err && err.code === 'unzipped_too_big' ? 'unzipped_too_big' : 'invalid' }));
`;

function runWorker(kind: 'markdown' | 'docx', input: string | Uint8Array): Promise<ImportResult> {
	return new Promise((resolve) => {
		const worker = new Worker(WORKER, {
			eval: true,
			workerData: {
				kind,
				input,
				limits: IMPORT_LIMITS,
				base: import.meta.url.startsWith('file:')
					? import.meta.url
					: `file://${process.cwd()}/package.json`
			},
			resourceLimits: { maxOldGenerationSizeMb: 512, stackSizeMb: 8 }
		});
		let done = false;
		const finish = (result: ImportResult) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			void worker.terminate();
			resolve(result);
		};
		const timer = setTimeout(() => finish({ ok: false, code: 'timeout' }), IMPORT_LIMITS.timeoutMs);
		worker.once('message', (msg: ImportResult) => finish(msg));
		worker.once('error', () => finish({ ok: false, code: 'invalid' }));
		worker.once('exit', () => finish({ ok: false, code: 'invalid' }));
	});
}

/** Markdown to HTML, off the event loop and within the limits. */
export async function importMarkdown(markdown: string): Promise<ImportResult> {
	if (markdown.length > IMPORT_LIMITS.maxChars) return { ok: false, code: 'too_long' };
	if (markdownDepth(markdown) > IMPORT_LIMITS.maxDepth) return { ok: false, code: 'too_deep' };
	if (!markdown.trim()) return { ok: true, html: '' };
	return runWorker('markdown', markdown);
}

/** A .docx to HTML, off the event loop and within the limits; the zip is checked before parsing. */
export async function importDocx(buffer: Uint8Array): Promise<ImportResult> {
	if (buffer.byteLength > IMPORT_LIMITS.maxBytes) return { ok: false, code: 'too_big' };
	const declared = zipDeclaredSize(buffer);
	if (!declared) return { ok: false, code: 'invalid' };
	if (
		declared.bytes > IMPORT_LIMITS.maxUnzippedBytes ||
		declared.entries > IMPORT_LIMITS.maxZipEntries
	)
		return { ok: false, code: 'unzipped_too_big' };
	return runWorker('docx', buffer);
}

/** Markdown to HTML on the calling thread: only for trusted, small texts (tests, seeds). */
export { markdownToHtmlSync as markdownToHtml };
import { marked } from 'marked';
function markdownToHtmlSync(markdown: string): string {
	return marked.parse(markdown, { async: false, gfm: true }) as string;
}
