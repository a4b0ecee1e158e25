import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

describe('the CSV writer', () => {
	it('quotes only the cells that need it and doubles quotes inside', () => {
		expect(csvCell('Kolding')).toBe('Kolding');
		expect(csvCell('Kaffebaren ApS; Jobcenter Kolding')).toBe(
			'"Kaffebaren ApS; Jobcenter Kolding"'
		);
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('sagde "hej"')).toBe('"sagde ""hej"""');
		expect(csvCell('to\nlinjer')).toBe('"to\nlinjer"');
	});

	it('defuses what a spreadsheet would run as a formula', () => {
		for (const formula of ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx'])
			expect(csvCell(formula).replace(/^"/, '')).toMatch(/^'/);
		expect(csvCell('=1+1')).toBe("'=1+1");
	});

	it('writes dates as ISO 8601 and nothing for null', () => {
		expect(csvCell(new Date('2026-12-07T10:00:00Z'))).toBe('2026-12-07T10:00:00.000Z');
		expect(csvCell(null)).toBe('');
		expect(csvCell(undefined)).toBe('');
		expect(csvCell(0)).toBe('0');
	});

	it('starts with a byte-order mark and ends every line with CRLF', () => {
		const csv = toCsv(
			['kommune', 'job'],
			[
				['Kolding', 16],
				['=cmd', null]
			]
		);
		expect(csv).toBe("\ufeffkommune,job\r\nKolding,16\r\n'=cmd,\r\n");
		expect(toCsv(['a'], [], { bom: false })).toBe('a\r\n');
	});
});
