/**
 * A stable caret colour per user: the same person has the same colour in every tab and on every
 * machine. The palette keeps 4.5:1 contrast for white label text.
 */
const PALETTE = [
	'#1d4d4f',
	'#8a3b12',
	'#5b2a86',
	'#1f5f99',
	'#7a1f3d',
	'#2f6b2f',
	'#6b4e00',
	'#005f73'
];

export function colourFor(userId: string): string {
	let hash = 0;
	for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
	return PALETTE[hash % PALETTE.length];
}
