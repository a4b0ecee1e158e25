/**
 * What a domain function answers: a value, or a refusal code the route turns into a status and a
 * message (and, for a form, the field it concerns).
 */
export type Result<T = undefined, Code extends string = string> =
	{ ok: true; value: T } | { ok: false; code: Code; field?: string };
