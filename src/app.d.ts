import type { Logger } from 'pino';
import type { Db } from '../db/client';
import type { Session, SessionUser } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Locals {
			requestId: string;
			log: Logger;
			db: Db;
			user: SessionUser | null;
			session: Session | null;
			/** Set when a request failed on a value the database could not take (→ 422). */
			badValue?: { code: string; field: string | null };
		}
		interface Error {
			message: string;
			requestId?: string;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
