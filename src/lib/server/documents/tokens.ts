/**
 * Short-lived tokens for a document's websocket (`?token=` on /yjs/<document>), for clients that
 * cannot send the session cookie. Valid for one document and a few minutes; only the hash is kept.
 */
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { realtimeTokens } from '../../../../db/schema';
import { generateToken, hashToken } from '../auth/session';

export const TOKEN_LIFETIME_MS = 10 * 60 * 1000;

/** YJS_TOKEN_LIFETIME_MS (milliseconds; 10 minutes unless set to a positive whole number). */
export function tokenLifetimeMs(env: Record<string, string | undefined> = process.env): number {
	const raw = env.YJS_TOKEN_LIFETIME_MS?.trim();
	return raw && /^\d+$/.test(raw) && Number(raw) > 0 ? Number(raw) : TOKEN_LIFETIME_MS;
}

export async function issueToken(
	db: Db,
	userId: string,
	documentId: string,
	now = new Date()
): Promise<{ token: string; expiresAt: Date }> {
	const token = generateToken();
	const expiresAt = new Date(now.getTime() + tokenLifetimeMs());
	await db.delete(realtimeTokens).where(lt(realtimeTokens.expiresAt, now));
	await db.insert(realtimeTokens).values({ id: hashToken(token), userId, documentId, expiresAt });
	return { token, expiresAt };
}

/** The user id the token was issued to, if it is unexpired and for this document. */
export async function verifyToken(
	db: Db,
	token: string,
	documentId: string,
	now = new Date()
): Promise<string | null> {
	const [row] = await db
		.select({ userId: realtimeTokens.userId })
		.from(realtimeTokens)
		.where(
			and(
				eq(realtimeTokens.id, hashToken(token)),
				eq(realtimeTokens.documentId, documentId),
				gt(realtimeTokens.expiresAt, now)
			)
		);
	return row?.userId ?? null;
}
