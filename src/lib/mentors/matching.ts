/**
 * Matching a mentee's needs against mentor profiles. Pure functions, shared by the directory (to
 * narrow, order results and say why) and the tests.
 *
 * The directory's choices do two things. As filters they narrow the list: a mentor must meet
 * every filter that has a choice (AND across filters), and one of its chosen values is enough
 * (OR within a filter). As needs they drive the order: every chosen value the mentor meets adds
 * its weight and a reason, and so does every word of the free-text description that their
 * profile contains. Mentors who cannot take anyone now sink below every available mentor.
 */
export interface Needs {
	tags: string[];
	sectors?: string[];
	regionCodes?: string[];
	languages?: string[];
}

export interface Candidate {
	expertise: string[];
	sectors: string[];
	languages: string[];
	regionCode: string;
	/** Accepting requests and with an open slot. */
	available: boolean;
	/** Words of the mentee's free-text description that the profile contains. */
	textMatches?: string[];
}

export type Reason =
	| { kind: 'tag'; value: string }
	| { kind: 'region'; value: string }
	| { kind: 'language'; value: string }
	| { kind: 'sector'; value: string }
	| { kind: 'text'; value: string };

/**
 * Expertise counts most: it is what the mentee asks for; place and language make meeting easy; a
 * word of the description is a hint. Sector, region and language count once however many of the
 * chosen values a mentor meets: one shared language is enough to talk.
 */
export const WEIGHTS = { tag: 3, region: 2, language: 2, sector: 1, text: 1 } as const;

const some = (chosen: readonly string[] | undefined, has: readonly string[]) =>
	!chosen?.length || chosen.some((value) => has.includes(value));

/** Whether a mentor passes every filter that has a choice (one chosen value per filter suffices). */
export function meetsFilters(candidate: Candidate, needs: Needs): boolean {
	return (
		some(needs.tags, candidate.expertise) &&
		some(needs.sectors, candidate.sectors) &&
		some(needs.regionCodes, [candidate.regionCode]) &&
		some(needs.languages, candidate.languages)
	);
}

export function score(candidate: Candidate, needs: Needs): { score: number; reasons: Reason[] } {
	const reasons: Reason[] = [];
	let total = 0;
	for (const tag of new Set(needs.tags)) {
		if (candidate.expertise.includes(tag)) {
			total += WEIGHTS.tag;
			reasons.push({ kind: 'tag', value: tag });
		}
	}
	const once = (
		kind: 'sector' | 'region' | 'language',
		chosen: string[] | undefined,
		has: string[]
	) => {
		const met = [...new Set(chosen ?? [])].filter((value) => has.includes(value));
		if (met.length) total += WEIGHTS[kind];
		for (const value of met) reasons.push({ kind, value });
	};
	once('sector', needs.sectors, candidate.sectors);
	once('region', needs.regionCodes, [candidate.regionCode]);
	once('language', needs.languages, candidate.languages);
	for (const word of new Set(candidate.textMatches ?? [])) {
		total += WEIGHTS.text;
		reasons.push({ kind: 'text', value: word });
	}
	return { score: total, reasons };
}

export interface Ranked<T> {
	item: T;
	score: number;
	reasons: Reason[];
}

/**
 * Leaves out candidates that fail a filter and orders the rest: available before unavailable,
 * then by score, then by full-text rank, then by `name`.
 */
export function rank<T extends Candidate & { name: string; textRank?: number }>(
	items: T[],
	needs: Needs
): Ranked<T>[] {
	const collator = new Intl.Collator('da');
	return items
		.filter((item) => meetsFilters(item, needs))
		.map((item) => ({ item, ...score(item, needs) }))
		.sort(
			(a, b) =>
				Number(b.item.available) - Number(a.item.available) ||
				b.score - a.score ||
				(b.item.textRank ?? 0) - (a.item.textRank ?? 0) ||
				collator.compare(a.item.name, b.item.name)
		);
}

/** The words of a free-text description worth matching: distinct, lower-case, at most `max`. */
export function descriptionWords(text: string, max = 12): string[] {
	const words = text
		.toLocaleLowerCase('da')
		.split(/[^\p{L}\p{N}-]+/u)
		.map((w) => w.replace(/^-+|-+$/g, ''))
		.filter((w) => w.length >= 2);
	return [...new Set(words)].slice(0, max);
}
