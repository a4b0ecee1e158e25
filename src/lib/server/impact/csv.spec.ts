import { describe, expect, it } from 'vitest';
import { parseSnapshotCsv } from './csv';

const codes = new Map([
	['621', 'Kolding'],
	['740', 'Silkeborg'],
	['849', 'Jammerbugt'],
	['330', 'Slagelse']
]);
const bytes = (text: string) => new TextEncoder().encode(text);

describe('snapshot CSV', () => {
	it('reads a comma-separated UTF-8 file with the report’s founded_in_2015 header', () => {
		const file = parseSnapshotCsv(
			bytes(
				'municipality_code,municipality,enterprises_total,registered,founded_in_2015,pipeline\n621,Kolding,7,3,3,13\n740,Silkeborg,9,4,6,4\n'
			),
			codes
		);
		expect(file.valid).toBe(true);
		expect(file.rows.map((r) => r.values)).toEqual([
			{ enterprises_total: 7, registered: 3, founded_in_year: 3, pipeline: 13 },
			{ enterprises_total: 9, registered: 4, founded_in_year: 6, pipeline: 4 }
		]);
	});

	it('reads a semicolon-separated Windows-1252 file from Danish Excel with a decimal comma', () => {
		// "Kommunekode;Kommune;...;SROI" with "Næstved"-style letters encoded as single bytes.
		const text =
			'Kommunekode;Kommune;enterprises_total;registered;founded_in_year;pipeline;sroi\r\n849;Jammerbugt Kommune (Aabybro);7;2;1;2;8,5\r\n330;Slagelse Kommune Æ;6;4;4;4;\r\n';
		const latin1 = Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
		const file = parseSnapshotCsv(latin1, codes);
		expect(file.encoding).toBe('windows-1252');
		expect(file.delimiter).toBe(';');
		expect(file.valid).toBe(true);
		expect(file.rows[0].values.sroi).toBe(8.5);
	});

	it('names each bad row: unknown code, negative count, duplicate, text in a count', () => {
		const file = parseSnapshotCsv(
			bytes(
				'municipality_code,enterprises_total,registered,founded_in_year,pipeline\n621,7,3,3,13\n999,1,1,1,1\n740,-2,0,0,0\n621,1,1,1,1\n849,fem,0,0,0\n330,1,1,1\n'
			),
			codes
		);
		expect(file.valid).toBe(false);
		const byLine = Object.fromEntries(
			file.rows.map((r) => [r.line, r.problems.map((p) => p.code)])
		);
		expect(byLine).toEqual({
			2: [],
			3: ['unknown_municipality'],
			4: ['negative'],
			5: ['duplicate_row'],
			6: ['not_a_count'],
			7: ['wrong_cell_count', 'missing_value']
		});
	});

	it('refuses a file with the wrong columns before reading any row', () => {
		const file = parseSnapshotCsv(bytes('kode,antal,farve\n621,7,blå\n'), codes);
		expect(file.valid).toBe(false);
		expect(file.fileProblems).toEqual([
			{ code: 'missing_columns', columns: ['registered', 'founded_in_year', 'pipeline'] },
			{ code: 'unknown_columns', columns: ['farve'] }
		]);
		expect(file.rows).toEqual([]);
	});
});
