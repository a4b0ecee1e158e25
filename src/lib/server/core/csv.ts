/**
 * The one CSV writer of every export: RFC 4180 (comma, CRLF, quotes only where a cell needs them),
 * UTF-8 with a byte-order mark so spreadsheet programs read the Danish letters, and cells that a
 * spreadsheet would run as a formula (starting with = + - @ tab or CR) defused with a leading
 * apostrophe. Dates are written as ISO 8601, null and undefined as an empty cell.
 */
export function csvCell(value: unknown): string {
	let text = value instanceof Date ? value.toISOString() : value == null ? '' : String(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",;\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(
	header: readonly string[],
	rows: Iterable<readonly unknown[]>,
	{ bom = true }: { bom?: boolean } = {}
): string {
	const lines = [header.map(csvCell).join(',')];
	for (const row of rows) lines.push(row.map(csvCell).join(','));
	return `${bom ? '\ufeff' : ''}${lines.join('\r\n')}\r\n`;
}
