/**
 * Open realtime connections (Yjs websockets, socket.io sockets) follow the session they were opened
 * with. The realtime server registers every connection with its session and user
 * (realtime/sessions.ts); the app calls these when a session ends or a user's rights change, and the
 * realtime server closes the affected connections on every process. The bundled SvelteKit app and
 * the realtime server load separate copies of this module, so the handle lives on globalThis.
 */
const KEY = Symbol.for('videnscenter.live-sessions');

/** Why a connection was closed: its session is over, or the user may no longer be there. */
export type EndReason = 'session_ended' | 'access_lost';

export interface LiveSessions {
	/** These sessions ended (sign-out, expiry): close their connections. */
	sessionsEnded(sessionIds: string[]): void;
	/** Every session of the user ended, or every one but `exceptSessionId` (password change). */
	userSessionsEnded(userId: string, exceptSessionId?: string): void;
	/** Rights of these users (or everyone's) changed: rooms re-decide who may stay. */
	usersChanged(users: string[] | 'all'): void;
}

type Holder = { [KEY]?: LiveSessions };

export function setLiveSessions(live: LiveSessions | undefined): void {
	if (live) (globalThis as Holder)[KEY] = live;
	else delete (globalThis as Holder)[KEY];
}

function live(): LiveSessions | null {
	return (globalThis as Holder)[KEY] ?? null;
}

export function liveSessionsEnded(sessionIds: string[]): void {
	if (sessionIds.length) live()?.sessionsEnded(sessionIds);
}

export function liveUserSessionsEnded(userId: string, exceptSessionId?: string): void {
	live()?.userSessionsEnded(userId, exceptSessionId);
}

export function liveUsersChanged(users: string[] | 'all'): void {
	if (users === 'all' || users.length) live()?.usersChanged(users);
}
