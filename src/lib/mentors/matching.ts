/**
 * Matching a mentee's needs against mentor profiles. Pure functions, shared by the directory (to
 * order results and say why) and the tests. A need that a mentor meets adds its weight and a
 * reason; mentors who cannot take anyone now sink below every available mentor.
 */
export interface Needs {
	tags: string[];
	sector?: string | null;
	regionCode?: string | null;
	language?: string | null;
}

export interface Candidate {
	expertise: string[];
	sectors: string[];
	languages: string[];
	regionCode: string;
	/** Accepting requests and with an open slot. */
	available: boolean;
}

export type Reason =
	| { kind: 'tag'; value: string }
	| { kind: 'region'; value: string }
	| { kind: 'language'; value: string }
	| { kind: 'sector'; value: string };

/** Expertise counts most: it is what the mentee asks for; place and language make meeting easy. */
export const WEIGHTS = { tag: 3, region: 2, language: 2, sector: 1 } as const;

export function hasNeeds(needs: Needs): boolean {
	return needs.tags.length > 0 || !!needs.sector || !!needs.regionCode || !!needs.language;
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
	if (needs.sector && candidate.sectors.includes(needs.sector)) {
		total += WEIGHTS.sector;
		reasons.push({ kind: 'sector', value: needs.sector });
	}
	if (needs.regionCode && candidate.regionCode === needs.regionCode) {
		total += WEIGHTS.region;
		reasons.push({ kind: 'region', value: needs.regionCode });
	}
	if (needs.language && candidate.languages.includes(needs.language)) {
		total += WEIGHTS.language;
		reasons.push({ kind: 'language', value: needs.language });
	}
	return { score: total, reasons };
}

export interface Ranked<T> {
	item: T;
	score: number;
	reasons: Reason[];
}

/**
 * Orders candidates: available before unavailable, then by score, then by full-text rank, then by
 * `name`. With needs given, candidates that meet none of them are left out.
 */
export function rank<T extends Candidate & { name: string; textRank?: number }>(
	items: T[],
	needs: Needs
): Ranked<T>[] {
	const filtering = hasNeeds(needs);
	const collator = new Intl.Collator('da');
	return items
		.map((item) => ({ item, ...score(item, needs) }))
		.filter((r) => !filtering || r.score > 0)
		.sort(
			(a, b) =>
				Number(b.item.available) - Number(a.item.available) ||
				b.score - a.score ||
				(b.item.textRank ?? 0) - (a.item.textRank ?? 0) ||
				collator.compare(a.item.name, b.item.name)
		);
}
