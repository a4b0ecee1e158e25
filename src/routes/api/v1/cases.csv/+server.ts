import * as library from '$lib/server/library';
import { apiError, listCsv, publicList, unknownTerms } from '$lib/server/library/api';
import type { RequestHandler } from './$types';

/** The same list as /api/v1/cases, as CSV (UTF-8 with BOM so spreadsheets read æøå). */
export const GET: RequestHandler = async ({ locals, url }) => {
	const parsed = library.parseSearchParams(url.searchParams, true);
	if (!parsed.ok) return apiError(400, 'invalid query parameters', parsed.errors);
	const unknown = await unknownTerms(locals.db, parsed.value);
	if (Object.keys(unknown).length) return apiError(400, 'invalid query parameters', unknown);
	const list = await publicList(locals.db, parsed.value, url.origin);
	return new Response(listCsv(list), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="cases.csv"',
			'access-control-allow-origin': '*'
		}
	});
};
