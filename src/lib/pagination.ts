/** Page numbers from the URL, clamped so a hand-edited `?page=` never breaks a list. */

/** The 1-based page asked for in `?page=`; anything that is not a positive integer is page 1. */
export function pageParam(value: string | null | undefined): number {
	if (!value || !/^\d{1,6}$/.test(value)) return 1;
	return Math.max(1, Number(value));
}

export interface PageInfo {
	page: number;
	pages: number;
	perPage: number;
	offset: number;
	total: number;
}

/** Where a page starts, and how many pages there are (at least one, even for an empty list). */
export function paginate(total: number, page: number, perPage: number): PageInfo {
	const pages = Math.max(1, Math.ceil(total / perPage));
	const current = Math.min(Math.max(1, Math.floor(page)), pages);
	return { page: current, pages, perPage, offset: (current - 1) * perPage, total };
}

/**
 * `search` with `page` set (or removed for page 1), for links to other pages of a filtered list.
 * One-time parameters such as `done` (a notice after a form post) are left out.
 */
export function pageHref(
	pathname: string,
	search: URLSearchParams,
	page: number,
	drop: readonly string[] = ['done']
): string {
	const params = new URLSearchParams(search);
	for (const key of drop) params.delete(key);
	if (page <= 1) params.delete('page');
	else params.set('page', String(page));
	const query = params.toString();
	return query ? `${pathname}?${query}` : pathname;
}

/** The query string without the given keys, e.g. to carry a list's filters into a form action. */
export function queryWithout(search: URLSearchParams, drop: readonly string[]): string {
	const params = new URLSearchParams(search);
	for (const key of drop) params.delete(key);
	return params.toString();
}
