/**
 * Every open realtime connection (a Yjs websocket, a socket.io socket) is registered here with the
 * session and user it was opened with. When a session ends (sign-out, expiry, a password change or
 * reset, account deletion) its connections are closed; when a user's rights change, the rooms
 * that registered a `recheck` decide again. With several processes, each event also goes to the
 * others over the Yjs fan-out's Redis pub/sub (channel `yjs:#sessions`), so it reaches the
 * connection whichever process holds it.
 *
 * Each connection's session expiry is watched too: when the stored expiry passes (it slides forward
 * while the user works over HTTP), the session is looked up again and the connection closed if it
 * is gone or expired.
 */
import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client';
import { sessions } from '../db/schema';
import { setLiveSessions, type EndReason, type LiveSessions } from '../src/lib/server/auth/live';
import type { YjsFanout } from './yjs/fanout';

/** A channel no document id can name (ids have no `#`). */
export const SESSIONS_CHANNEL = '#sessions';
export const KIND_SESSIONS = 5;
/** setTimeout's ceiling (about 24.8 days): a later expiry is checked then, and the timer re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface LiveConnection {
	/** The session it was opened with; null for a document token or an anonymous reader. */
	sessionId: string | null;
	userId: string | null;
	/** The session's expiry when it was opened, watched while it is open. */
	expiresAt?: Date | null;
	/** Closes it, telling the client why. Called at most once. */
	close(reason: EndReason): void;
	/** Re-decides its rights after a change (a room may close it with 'access_lost'). */
	recheck?(): void | Promise<void>;
}

type Message =
	| { t: 's'; ids: string[] }
	| { t: 'u'; user: string; except?: string }
	| { t: 'c'; users: string[] | 'all' };

export interface SessionRegistry extends LiveSessions {
	/** Registers an open connection; returns what to call when it closes. */
	register(conn: LiveConnection): () => void;
	/** Open connections registered (for tests and metrics). */
	size(): number;
	close(): void;
}

export function createSessionRegistry(options: {
	db: () => Promise<Db>;
	fanout?: YjsFanout;
	log: Logger;
}): SessionRegistry {
	const { log, fanout } = options;
	const open = new Map<LiveConnection, { timer?: NodeJS.Timeout; closed: boolean }>();
	/**
	 * Sessions ended in the last minute: a connection whose upgrade was decided just before its
	 * session ended, and registered just after, is closed at once.
	 */
	const recentlyEnded = new Map<string, number>();
	const RECENT_MS = 60_000;
	function noteEnded(ids: string[]): void {
		const now = Date.now();
		for (const [id, at] of recentlyEnded) if (now - at > RECENT_MS) recentlyEnded.delete(id);
		for (const id of ids) recentlyEnded.set(id, now);
	}

	function end(conn: LiveConnection, reason: EndReason): void {
		const state = open.get(conn);
		if (!state || state.closed) return;
		state.closed = true;
		if (state.timer) clearTimeout(state.timer);
		open.delete(conn);
		try {
			conn.close(reason);
		} catch (err) {
			log.warn({ err }, 'could not close a realtime connection');
		}
	}

	function watchExpiry(conn: LiveConnection, expiresAt: Date): void {
		const state = open.get(conn);
		if (!state || state.closed || !conn.sessionId) return;
		const delay = Math.min(Math.max(expiresAt.getTime() - Date.now(), 0), MAX_TIMER_MS);
		state.timer = setTimeout(() => void checkExpiry(conn), delay);
		state.timer.unref();
	}

	async function checkExpiry(conn: LiveConnection): Promise<void> {
		if (!open.has(conn) || !conn.sessionId) return;
		try {
			const [row] = await (
				await options.db()
			)
				.select({ expiresAt: sessions.expiresAt })
				.from(sessions)
				.where(eq(sessions.id, conn.sessionId));
			if (!row || row.expiresAt.getTime() <= Date.now()) end(conn, 'session_ended');
			else watchExpiry(conn, row.expiresAt);
		} catch (err) {
			log.warn({ err }, 'could not check a session expiry; trying again in a minute');
			watchExpiry(conn, new Date(Date.now() + 60_000));
		}
	}

	function apply(message: Message): void {
		if (message.t === 's') noteEnded(message.ids);
		for (const conn of [...open.keys()]) {
			if (message.t === 's') {
				if (conn.sessionId && message.ids.includes(conn.sessionId)) end(conn, 'session_ended');
			} else if (message.t === 'u') {
				if (conn.userId !== message.user) continue;
				// A connection without a session (a document token) cannot tell which session it
				// belongs to: it ends with all of them.
				if (message.except && conn.sessionId === message.except) continue;
				end(conn, 'session_ended');
			} else if (conn.recheck) {
				if (message.users !== 'all' && !(conn.userId && message.users.includes(conn.userId)))
					continue;
				Promise.resolve(conn.recheck()).catch((err) =>
					log.warn({ err }, 'could not re-check a realtime connection')
				);
			}
		}
	}

	function announce(message: Message): void {
		fanout?.publish(
			SESSIONS_CHANNEL,
			KIND_SESSIONS,
			new TextEncoder().encode(JSON.stringify(message))
		);
		apply(message);
	}

	void fanout?.subscribe(SESSIONS_CHANNEL, (kind, payload) => {
		if (kind !== KIND_SESSIONS) return;
		apply(JSON.parse(new TextDecoder().decode(payload)) as Message);
	});

	const registry: SessionRegistry = {
		register(conn) {
			open.set(conn, { closed: false });
			if (conn.sessionId && recentlyEnded.has(conn.sessionId)) {
				queueMicrotask(() => end(conn, 'session_ended'));
			} else if (conn.expiresAt) watchExpiry(conn, conn.expiresAt);
			return () => {
				const state = open.get(conn);
				if (state?.timer) clearTimeout(state.timer);
				open.delete(conn);
			};
		},
		sessionsEnded: (ids) => announce({ t: 's', ids }),
		userSessionsEnded: (user, except) => announce({ t: 'u', user, except }),
		usersChanged: (users) => announce({ t: 'c', users }),
		size: () => open.size,
		close() {
			for (const state of open.values()) if (state.timer) clearTimeout(state.timer);
			open.clear();
			fanout?.unsubscribe(SESSIONS_CHANNEL);
			setLiveSessions(undefined);
		}
	};
	setLiveSessions(registry);
	return registry;
}
