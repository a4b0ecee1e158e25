import { describe, expect, it } from 'vitest';
import { field, safeNext, textField } from './forms';

describe('safeNext', () => {
	it('keeps a same-site path with its query', () => {
		expect(safeNext('/x?y')).toBe('/x?y');
		expect(safeNext('/library/case-1?tab=impact#top')).toBe('/library/case-1?tab=impact#top');
	});

	it.each([
		'//evil',
		'//evil.example/path',
		'https://evil',
		'http://evil.example',
		'/\\evil',
		'/\\/evil.example',
		'\\\\evil.example',
		'/\t/evil.example',
		'/\n/evil.example',
		'/\r/evil.example',
		'\t//evil.example',
		' /evil',
		'/ /evil.example',
		'/%2F/evil.example',
		'/%2f%2fevil.example',
		'/%5Cevil.example',
		'/%5c%5cevil.example',
		'/%252F%252Fevil.example',
		'/%2e%2e/%2e%2e//evil.example',
		'/..//evil.example',
		'/./admin',
		'/%E0%A4%A',
		'/\u0000evil',
		'/\u2028evil',
		'javascript:alert(1)',
		'/javascript:alert(1)//'.slice(1),
		'data:text/html,x',
		'evil.example',
		'http:/evil.example',
		'https:evil.example',
		'/' + 'a'.repeat(2001)
	])('refuses %j, which could leave the site', (next) => {
		expect(safeNext(next)).toBe('/');
		expect(safeNext(next, '/account')).toBe('/account');
		// Whatever it returns, a browser resolves it on this site.
		expect(new URL(safeNext(next), 'https://site.example').origin).toBe('https://site.example');
	});

	it.each([
		['/library', '/library'],
		['/en/library?q=kaffe&page=2', '/en/library?q=kaffe&page=2'],
		['/library/case-1#comments', '/library/case-1#comments'],
		['/search?q=a%20b%2Fc', '/search?q=a%20b%2Fc'],
		['/s?q=100%', '/s?q=100%']
	])('keeps the same-site path %j', (next, expected) => {
		expect(safeNext(next)).toBe(expected);
	});

	it('checks with the WHATWG URL parser: every accepted value stays on the site', () => {
		const probes = ['/a', '/a?b=//c', '/a#//b', '/%41', '/a/b/../c'];
		for (const p of probes) {
			const out = safeNext(p, '/fallback');
			expect(new URL(out, 'https://site.example').host).toBe('site.example');
		}
	});

	it('falls back when there is nothing to go to', () => {
		expect(safeNext(null)).toBe('/');
		expect(safeNext(undefined, '/en')).toBe('/en');
		expect(safeNext('', '/en')).toBe('/en');
		expect(safeNext('relative/path')).toBe('/');
	});
});

describe('form fields', () => {
	it('reads text fields and treats a missing field or a file as empty', () => {
		const data = new FormData();
		data.set('name', '  Kaffe og Job  ');
		data.set('upload', new Blob(['x']), 'x.txt');
		expect(field(data, 'name')).toBe('  Kaffe og Job  ');
		expect(field(data, 'upload')).toBe('');
		expect(field(data, 'missing')).toBe('');
	});

	it('trims a text field and records a required or too-long field as an error', () => {
		const data = new FormData();
		data.set('name', '  Kaffe og Job  ');
		data.set('blank', '   ');
		data.set('long', 'x'.repeat(11));
		const errors: Record<string, string> = {};
		expect(textField(data, 'name', errors, { required: true })).toBe('Kaffe og Job');
		expect(textField(data, 'blank', errors, { required: true })).toBe('');
		expect(textField(data, 'long', errors, { max: 10 })).toBe('x'.repeat(11));
		expect(Object.keys(errors).sort()).toEqual(['blank', 'long']);
	});
});
