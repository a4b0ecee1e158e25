import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { IMPORT_LIMITS, importDocx, importMarkdown, zipDeclaredSize } from './import';

function docx(body: string, extra: Record<string, Uint8Array> = {}) {
	return zipSync({
		'[Content_Types].xml': strToU8(
			'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
		),
		'_rels/.rels': strToU8(
			'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
		),
		'word/document.xml': strToU8(
			`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${body}</w:t></w:r></w:p></w:body></w:document>`
		),
		...extra
	});
}

/** Largest gap between timer ticks (ms) while `work` runs: the event loop's responsiveness. */
async function maxLag<T>(work: () => Promise<T>): Promise<{ lag: number; value: T }> {
	let last = performance.now();
	let lag = 0;
	const tick = setInterval(() => {
		const now = performance.now();
		lag = Math.max(lag, now - last);
		last = now;
	}, 5);
	const value = await work();
	clearInterval(tick);
	return { lag, value };
}

describe('body imports', { timeout: 60_000 }, () => {
	it('converts Markdown and a .docx in a worker', async () => {
		expect(await importMarkdown('# Titel\n\nTekst med **fed**.')).toEqual({
			ok: true,
			html: expect.stringContaining('<strong>fed</strong>')
		});
		const result = await importDocx(docx('Hej fra Word'));
		expect(result).toEqual({ ok: true, html: '<p>Hej fra Word</p>' });
	});

	it('refuses a zip bomb from its central directory, before inflating', async () => {
		const bomb = docx('x', { 'word/media/zeros.bin': new Uint8Array(150 * 1024 * 1024) });
		expect(bomb.byteLength).toBeLessThan(1024 * 1024);
		expect(zipDeclaredSize(bomb)!.bytes).toBeGreaterThan(150 * 1024 * 1024);
		const { lag, value } = await maxLag(() => importDocx(bomb));
		expect(value).toEqual({ ok: false, code: 'unzipped_too_big' });
		expect(lag).toBeLessThan(200);
	});

	it('caps inflation when the central directory lies about sizes', async () => {
		const bomb = docx('x', { 'word/media/zeros.bin': new Uint8Array(150 * 1024 * 1024) });
		// Rewrite every declared uncompressed size (local headers and central directory) to 10 bytes.
		const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
		for (let i = 0; i + 4 <= bomb.length; i++) {
			const sig = view.getUint32(i, true);
			if (sig === 0x04034b50 && view.getUint32(i + 22, true) > 1024)
				view.setUint32(i + 22, 10, true);
			if (sig === 0x02014b50 && view.getUint32(i + 24, true) > 1024)
				view.setUint32(i + 24, 10, true);
		}
		expect(zipDeclaredSize(bomb)!.bytes).toBeLessThan(1024 * 1024);
		const result = await importDocx(bomb);
		// Inflating stops at the declared size: the worker never holds 150 MB, and the body is read.
		expect(result.ok).toBe(true);
	});

	it('refuses deep nesting, over-long texts and files, and a non-zip as .docx', async () => {
		expect(await importMarkdown('>'.repeat(5000) + ' dyb')).toEqual({
			ok: false,
			code: 'too_deep'
		});
		const lists = Array.from({ length: 300 }, (_, i) => ' '.repeat(i * 2) + '- punkt').join('\n');
		expect(await importMarkdown(lists)).toEqual({ ok: false, code: 'too_deep' });
		expect(await importMarkdown('a'.repeat(IMPORT_LIMITS.maxChars + 1))).toEqual({
			ok: false,
			code: 'too_long'
		});
		expect(await importDocx(docx('b'.repeat(IMPORT_LIMITS.maxChars + 10)))).toEqual({
			ok: false,
			code: 'too_long'
		});
		expect(await importDocx(new Uint8Array(IMPORT_LIMITS.maxBytes + 1))).toEqual({
			ok: false,
			code: 'too_big'
		});
		expect(await importDocx(strToU8('not a zip'))).toEqual({ ok: false, code: 'invalid' });
	});

	it('keeps the event loop responsive during a large import and stops one that runs too long', async () => {
		const big = Array.from({ length: 12_000 }, (_, i) => `- **punkt** ${i} [link](/x) _k_`).join(
			'\n'
		);
		const { lag, value } = await maxLag(() => importMarkdown(big));
		expect(value.ok).toBe(true);
		expect(lag).toBeLessThan(200);
		const before = IMPORT_LIMITS.timeoutMs;
		IMPORT_LIMITS.timeoutMs = 20;
		try {
			expect(await importMarkdown(big)).toEqual({ ok: false, code: 'timeout' });
		} finally {
			IMPORT_LIMITS.timeoutMs = before;
		}
	});
});
