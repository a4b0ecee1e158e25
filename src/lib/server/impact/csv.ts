/**
 * Reading a snapshot CSV: the encodings and separators a municipality's spreadsheet produces
 * (UTF-8 with or without BOM, Windows-1252 from older Danish Excel, UTF-16 "Unicode text"; comma,
 * semicolon or tab), then a check of every row. Nothing is imported unless every row is valid;
 * the preview names each bad row with its line number. Pure: no database, no SvelteKit.
 */
import { impactMetrics, type ImpactMetric } from '../../../../db/schema';

export const MAX_BYTES = 1024 * 1024;
export const MAX_ROWS = 500;

export interface RowProblem {
	code:
		| 'wrong_cell_count'
		| 'unknown_municipality'
		| 'missing_value'
		| 'not_a_count'
		| 'negative'
		| 'not_a_number'
		| 'duplicate_row';
	column?: string;
	value?: string;
	/** For duplicates: the line of the first row with this municipality. */
	firstLine?: number;
}

export interface ParsedRow {
	line: number;
	municipalityCode: string;
	municipality: string;
	values: Partial<Record<ImpactMetric, number>>;
	problems: RowProblem[];
}

export type FileProblem =
	| { code: 'empty' }
	| { code: 'too_large' }
	| { code: 'too_many_rows'; max: number }
	| { code: 'missing_columns'; columns: string[] }
	| { code: 'unknown_columns'; columns: string[] }
	| { code: 'duplicate_columns'; columns: string[] };

export interface ParsedFile {
	encoding: 'utf-8' | 'windows-1252' | 'utf-16le';
	delimiter: ',' | ';' | '\t';
	columns: string[];
	rows: ParsedRow[];
	fileProblems: FileProblem[];
	/** True when the file and every row are valid. */
	valid: boolean;
}

export const REQUIRED_COLUMNS = [
	'municipality_code',
	'enterprises_total',
	'registered',
	'founded_in_year',
	'pipeline'
] as const;
export const OPTIONAL_COLUMNS = ['municipality', 'jobs', 'flex_jobs', 'sroi'] as const;

/** Header spellings we accept, lower-cased, mapped to our column names. */
const ALIASES: Record<string, string> = {
	kommunekode: 'municipality_code',
	kode: 'municipality_code',
	code: 'municipality_code',
	kommune: 'municipality',
	i_alt: 'enterprises_total',
	antal: 'enterprises_total',
	registrerede: 'registered',
	rsv: 'registered',
	stiftet_i_aaret: 'founded_in_year',
	stiftet: 'founded_in_year',
	founded: 'founded_in_year',
	undervejs: 'pipeline',
	job: 'jobs',
	fleksjob: 'flex_jobs'
};

/** Decodes bytes the way the file was most likely written. */
export function decode(bytes: Uint8Array): { text: string; encoding: ParsedFile['encoding'] } {
	if (bytes[0] === 0xff && bytes[1] === 0xfe)
		return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
	const body =
		bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
	} catch {
		return { text: new TextDecoder('windows-1252').decode(body), encoding: 'windows-1252' };
	}
}

/** Splits CSV text into rows of cells; quoted cells may hold separators, quotes and newlines. */
export function splitCsv(
	text: string,
	delimiter: string
): Array<{ line: number; cells: string[] }> {
	const rows: Array<{ line: number; cells: string[] }> = [];
	let cells: string[] = [];
	let cell = '';
	let quoted = false;
	let line = 1;
	let rowLine = 1;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"') {
				if (text[i + 1] === '"') {
					cell += '"';
					i++;
				} else quoted = false;
			} else {
				if (c === '\n') line++;
				cell += c;
			}
		} else if (c === '"' && cell === '') quoted = true;
		else if (c === delimiter) {
			cells.push(cell);
			cell = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			cells.push(cell);
			rows.push({ line: rowLine, cells });
			cells = [];
			cell = '';
			line++;
			rowLine = line;
		} else cell += c;
	}
	if (cell !== '' || cells.length) {
		cells.push(cell);
		rows.push({ line: rowLine, cells });
	}
	return rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

function detectDelimiter(headerLine: string): ParsedFile['delimiter'] {
	const count = (d: string) => headerLine.split(d).length - 1;
	const candidates: Array<ParsedFile['delimiter']> = [';', '\t', ','];
	return candidates.reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

function normaliseHeader(raw: string): string {
	const h = raw
		.trim()
		.toLowerCase()
		.replace(/æ/g, 'ae')
		.replace(/ø/g, 'oe')
		.replace(/å/g, 'aa')
		.replace(/[\s-]+/g, '_');
	if (/^founded_in_\d{4}$/.test(h) || /^stiftet_i_\d{4}$/.test(h)) return 'founded_in_year';
	return ALIASES[h] ?? h;
}

/** Parses and checks a snapshot file against the known municipality codes. */
export function parseSnapshotCsv(
	bytes: Uint8Array,
	municipalityCodes: Map<string, string>
): ParsedFile {
	const { text, encoding } = decode(bytes);
	const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
	const delimiter = detectDelimiter(firstLine);
	const result: ParsedFile = {
		encoding,
		delimiter,
		columns: [],
		rows: [],
		fileProblems: [],
		valid: false
	};
	if (bytes.byteLength > MAX_BYTES) {
		result.fileProblems.push({ code: 'too_large' });
		return result;
	}
	const table = splitCsv(text, delimiter);
	if (table.length < 2) {
		result.fileProblems.push({ code: 'empty' });
		return result;
	}
	const [header, ...body] = table;
	const columns = header.cells.map(normaliseHeader);
	result.columns = columns;
	const known = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);
	const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
	const unknown = columns.filter((c) => !known.has(c));
	const duplicated = columns.filter((c, i) => columns.indexOf(c) !== i);
	if (missing.length) result.fileProblems.push({ code: 'missing_columns', columns: missing });
	if (unknown.length)
		result.fileProblems.push({
			code: 'unknown_columns',
			columns: unknown.map((c, i) => c || `#${i + 1}`)
		});
	if (duplicated.length)
		result.fileProblems.push({ code: 'duplicate_columns', columns: duplicated });
	if (body.length > MAX_ROWS) result.fileProblems.push({ code: 'too_many_rows', max: MAX_ROWS });
	if (result.fileProblems.length) return result;

	const firstLineOf = new Map<string, number>();
	for (const { line, cells } of body) {
		const problems: RowProblem[] = [];
		const cell = (name: string) => (cells[columns.indexOf(name)] ?? '').trim();
		if (cells.length !== columns.length)
			problems.push({ code: 'wrong_cell_count', value: String(cells.length) });
		const code = cell('municipality_code');
		const name = municipalityCodes.get(code);
		if (!code) problems.push({ code: 'missing_value', column: 'municipality_code' });
		else if (!name) problems.push({ code: 'unknown_municipality', value: code });
		else if (firstLineOf.has(code))
			problems.push({ code: 'duplicate_row', value: code, firstLine: firstLineOf.get(code) });
		else firstLineOf.set(code, line);
		const values: ParsedRow['values'] = {};
		for (const metric of impactMetrics) {
			if (!columns.includes(metric)) continue;
			const raw = cell(metric);
			const required = (REQUIRED_COLUMNS as readonly string[]).includes(metric);
			if (!raw) {
				if (required) problems.push({ code: 'missing_value', column: metric });
				continue;
			}
			if (metric === 'sroi') {
				const n = Number(raw.replace(',', '.'));
				if (!Number.isFinite(n))
					problems.push({ code: 'not_a_number', column: metric, value: raw });
				else if (n < 0) problems.push({ code: 'negative', column: metric, value: raw });
				else values[metric] = n;
				continue;
			}
			if (/^-\d+$/.test(raw)) problems.push({ code: 'negative', column: metric, value: raw });
			else if (!/^\d+$/.test(raw))
				problems.push({ code: 'not_a_count', column: metric, value: raw });
			else values[metric] = Number(raw);
		}
		result.rows.push({
			line,
			municipalityCode: code,
			municipality: name ?? cell('municipality'),
			values,
			problems
		});
	}
	result.valid = result.rows.length > 0 && result.rows.every((r) => r.problems.length === 0);
	return result;
}
