/** A UUID as PostgreSQL's `uuid` type accepts it (any version, any case). */
// Shared by server and browser: the route matcher `src/params/uuid.ts` runs in both.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a value can be compared with a `uuid` column. Check before a query: PostgreSQL answers a
 * malformed uuid with an error (a 500), not with "no row".
 */
export function isUuid(value: unknown): value is string {
	return typeof value === 'string' && UUID.test(value);
}
