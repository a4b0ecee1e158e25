/**
 * Who is opening a document's websocket: the session cookie (same-origin browsers) or a token from
 * POST /api/v1/realtime/token in the `token` query parameter. Then resolveAccess decides.
 */
import type { IncomingMessage } from 'node:http';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import {
	tokenFromCookieHeader,
	validateSessionToken,
	type SessionUser
} from '../../src/lib/server/auth/session';
import { resolveAccess } from '../../src/lib/server/documents/access';
import { verifyToken } from '../../src/lib/server/documents/tokens';
import type { Grant } from './endpoint';
import { sameOrigin } from '../origin';

async function userById(db: Db, id: string): Promise<SessionUser | null> {
	const [row] = await db.select().from(users).where(eq(users.id, id));
	if (!row || row.deletedAt) return null;
	return {
		id: row.id,
		email: row.email,
		name: row.name,
		role: row.role,
		emailVerified: row.emailVerifiedAt !== null,
		locale: row.locale
	};
}

export function authenticator(db: () => Promise<Db>, origin: string | undefined) {
	return async (req: IncomingMessage, documentId: string): Promise<Grant | 401 | 403 | 404> => {
		const handle = await db();
		const url = new URL(req.url ?? '/', 'http://localhost');
		let user: SessionUser | null = null;
		let session: Grant['session'] = null;
		const token = url.searchParams.get('token');
		if (token) {
			const userId = await verifyToken(handle, token, documentId);
			if (!userId) return 401;
			user = await userById(handle, userId);
			if (!user) return 401;
		} else {
			const cookie = tokenFromCookieHeader(req.headers.cookie);
			if (cookie && sameOrigin(req.headers, origin)) {
				const result = await validateSessionToken(handle, cookie);
				user = result.user;
				session = result.session;
			}
		}
		const access = await resolveAccess(handle, user, documentId);
		if (!access) return user ? 403 : 401;
		return { access, user: user ? { id: user.id, name: user.name } : null, session };
	};
}

export async function reauthorizer(db: Db, userId: string | null, documentId: string) {
	const user = userId ? await userById(db, userId) : null;
	if (userId && !user) return null;
	return resolveAccess(db, user, documentId);
}
