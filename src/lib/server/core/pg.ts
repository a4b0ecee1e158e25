/**
 * PostgreSQL error codes as both drivers report them. postgres.js puts `code` on the error; PGlite
 * and Drizzle may wrap it in one or more `cause`s.
 */
function* chain(err: unknown): Generator<Record<string, unknown>> {
	let e = err as Record<string, unknown> | undefined;
	for (let i = 0; e && typeof e === 'object' && i < 5; i++) {
		yield e;
		e = e.cause as Record<string, unknown> | undefined;
	}
}

/** The SQLSTATE of a database error (e.g. '23505'), or null when the error is not one. */
export function pgErrorCode(err: unknown): string | null {
	for (const e of chain(err)) {
		if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
	}
	return null;
}

/** The constraint a unique violation broke ('unique' when the driver does not say), or null. */
export function uniqueViolation(err: unknown): string | null {
	for (const e of chain(err)) {
		if (e.code === '23505') return String(e.constraint_name ?? e.constraint ?? 'unique');
	}
	return null;
}

export function isUniqueViolation(err: unknown): boolean {
	return uniqueViolation(err) !== null;
}
