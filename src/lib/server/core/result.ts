/**
 * What a domain function answers: a value, or a refusal code the route turns into a status and a
 * message (and, for a form, the field it concerns).
 */
export type Result<T = undefined, Code extends string = string> =
	{ ok: true; value: T } | { ok: false; code: Code; field?: string };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const refuse = <Code extends string>(
	code: Code,
	field?: string
): { ok: false; code: Code; field?: string } =>
	field ? { ok: false, code, field } : { ok: false, code };
