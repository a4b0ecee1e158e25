import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docToHtml, docToText, FRAGMENT, htmlToState, isSafeUrl, jsonToHtml } from './prosemirror';
import { markdownToHtml } from './import';

function docOf(state: Uint8Array): Y.Doc {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return doc;
}

describe('body conversions', () => {
	it('keeps headings, lists, links, tables and images through HTML → Yjs → HTML', () => {
		const html =
			'<h2>Mål</h2><ul><li><p>16 job</p></li></ul><p>Se <a href="https://example.org">rapporten</a></p>' +
			'<table><tbody><tr><th><p>År</p></th><th><p>Job</p></th></tr><tr><td><p>2015</p></td><td><p>16</p></td></tr></tbody></table>' +
			'<img src="https://example.org/a.png" alt="Foto">';
		const doc = docOf(htmlToState(html));
		expect(doc.getXmlFragment(FRAGMENT).length).toBeGreaterThan(0);
		const out = docToHtml(doc);
		expect(out).toContain('<h2>Mål</h2>');
		expect(out).toContain('<li><p>16 job</p></li>');
		expect(out).toContain('href="https://example.org"');
		expect(out).toMatch(/<table[^>]*>/);
		expect(out).toContain('<th');
		expect(out).toContain('src="https://example.org/a.png"');
	});

	it('drops scripts, event handlers and javascript: links', () => {
		const html =
			'<p onclick="alert(1)">Hej<script>alert(2)</script></p><a href="javascript:alert(3)">klik</a><img src="javascript:alert(4)"><iframe src="https://evil"></iframe>';
		const out = docToHtml(docOf(htmlToState(html)));
		expect(out).not.toMatch(/script|onclick|javascript|iframe/i);
		expect(out).toContain('Hej');
		expect(out).toContain('klik');
	});

	it('gives plain text with blocks on their own lines', () => {
		const text = docToText(docOf(htmlToState('<h1>Titel</h1><p>Første afsnit.</p><p>Andet.</p>')));
		expect(text).toBe('Titel\n\nFørste afsnit.\n\nAndet.');
	});

	it('imports Markdown with headings, lists and tables', () => {
		const html = markdownToHtml(
			'## Resultater\n\n- 16 job\n- 3 fleksjob\n\n| a | b |\n|---|---|\n| 1 | 2 |\n'
		);
		const out = docToHtml(docOf(htmlToState(html)));
		expect(out).toContain('<h2>Resultater</h2>');
		expect(out).toContain('3 fleksjob');
		expect(out).toMatch(/<table/);
	});

	it('renders an empty document as one empty paragraph', () => {
		const doc = new Y.Doc();
		expect(docToText(doc)).toBe('');
		expect(docToHtml(doc)).toBe('<p></p>');
	});
});

describe('link and image addresses', () => {
	it.each([
		['https://example.org/a?b=c#d', true],
		['http://example.org', true],
		['mailto:info@example.org', true],
		['/library/123', true],
		['#mål', true],
		['//evil.example/x', false],
		['/\\evil.example', false],
		['\\\\evil.example', false],
		['/\t/evil.example', false],
		['java\nscript:alert(1)', false],
		[' javascript:alert(1)', false],
		['javascript:alert(1)', false],
		['JaVaScRiPt:alert(1)', false],
		['data:text/html,<script>alert(1)</script>', false],
		['vbscript:msgbox', false],
		['https:evil.example', false],
		['https://', false],
		['evil.html', false],
		['/%2e%2e/%2f%2fevil.example', true],
		['ftp://example.org', false]
	])('%j → %s', (url, ok) => {
		expect(isSafeUrl(url)).toBe(ok);
	});

	it('takes no mailto or fragment as an image source', () => {
		expect(isSafeUrl('mailto:x@example.org', 'image')).toBe(false);
		expect(isSafeUrl('#x', 'image')).toBe(false);
		expect(isSafeUrl('https://example.org/a.png', 'image')).toBe(true);
	});

	it('renders links without client classes or targets, and with rel noopener noreferrer', () => {
		const html = jsonToHtml({
			type: 'doc',
			content: [
				{
					type: 'paragraph',
					content: [
						{
							type: 'text',
							text: 'rapporten',
							marks: [
								{
									type: 'link',
									attrs: {
										href: 'https://example.org',
										target: '_top',
										class: 'admin-button',
										rel: 'opener'
									}
								}
							]
						},
						{
							type: 'text',
							text: ' og ',
							marks: [{ type: 'link', attrs: { href: '/\\evil.example' } }]
						}
					]
				}
			]
		});
		expect(html).toContain('href="https://example.org"');
		expect(html).toContain('rel="noopener noreferrer nofollow"');
		expect(html).not.toMatch(/target=|class=|evil\.example/);
	});
});
