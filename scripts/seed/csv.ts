import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads a small comma-separated file shipped beside this module (no quoted fields). */
export function readSeedCsv(name: string): Record<string, string>[] {
	const text = readFileSync(fileURLToPath(new URL(`./${name}`, import.meta.url)), 'utf8');
	const [header, ...lines] = text.trim().split(/\r?\n/);
	const columns = header.split(',');
	return lines.map((line) => {
		const cells = line.split(',');
		return Object.fromEntries(columns.map((c, i) => [c, cells[i]?.trim() ?? '']));
	});
}
