/**
 * Which external services the run has. With REQUIRE_SERVICES=1 (CI) a missing service is an error,
 * not a skip.
 */
export const requireServices = process.env.REQUIRE_SERVICES === '1';
export const databaseUrl = process.env.DATABASE_URL || undefined;
export const redisUrl = process.env.REDIS_URL || undefined;

export function assertServicesWhenRequired(): void {
	if (!requireServices) return;
	const missing = [!databaseUrl && 'DATABASE_URL', !redisUrl && 'REDIS_URL'].filter(Boolean);
	if (missing.length) throw new Error(`REQUIRE_SERVICES=1 but ${missing.join(' and ')} not set`);
}
