import { describe, expect, it } from 'vitest';
import { field, safeNext, textField } from './forms';

describe('safeNext', () => {
	it('keeps a same-site path with its query', () => {
		expect(safeNext('/x?y')).toBe('/x?y');
		expect(safeNext('/library/case-1?tab=impact#top')).toBe('/library/case-1?tab=impact#top');
	});

	it.each(['//evil', '//evil.example/path', 'https://evil', 'http://evil.example', '/\\evil'])(
		'refuses %s, which would leave the site',
		(next) => {
			expect(safeNext(next)).toBe('/');
			expect(safeNext(next, '/account')).toBe('/account');
		}
	);

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
