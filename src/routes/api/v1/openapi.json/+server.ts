import { json } from '@sveltejs/kit';
import { openapi } from '$lib/server/library/openapi';
import type { RequestHandler } from './$types';

/** The API description; public like the data it describes. */
export const GET: RequestHandler = () =>
	json(openapi, { headers: { 'access-control-allow-origin': '*' } });
