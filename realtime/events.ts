/**
 * The socket.io event contract between the server (realtime/socket.ts and its room modules) and the
 * browser (src/lib/realtime/socket.ts). Types only: safe to import from either side.
 */

/** A live notice for one user (mirrors an in-app notification). */
export interface Notice {
	kind: string;
	title: string;
	body?: string;
	link?: string | null;
}

export interface MentorshipMessageWire {
	id: string;
	requestId: string;
	authorId: string;
	authorName: string;
	body: string;
	createdAt: string;
}

export type Ack<T> = (result: ({ ok: true } & T) | { ok: false; error: string }) => void;

export interface ServerToClientEvents {
	notice: (notice: Notice) => void;
	'mentorship:message': (message: MentorshipMessageWire) => void;
	'mentorship:status': (update: { id: string; status: string }) => void;
	/**
	 * Sent just before the server disconnects the socket: its session ended (sign-out, expiry,
	 * password change) or the user lost the right to be where it was (a room, a meeting).
	 */
	'session:ended': (info: { reason: 'session_ended' | 'access_lost'; meetingId?: string }) => void;
}

export interface ClientToServerEvents {
	/** Joins `mentorship:<id>` if the user is one of the pair (or an admin); acks the history. */
	'mentorship:join': (id: string, ack: Ack<{ messages: MentorshipMessageWire[] }>) => void;
	'mentorship:leave': (id: string) => void;
	/** Stores the message, then broadcasts it to the room; acks the stored message. */
	'mentorship:send': (
		id: string,
		body: string,
		ack: Ack<{ message: MentorshipMessageWire }>
	) => void;
}

export type InterServerEvents = Record<string, never>;

/** What the auth middleware puts on every socket. */
export interface SocketData {
	user: { id: string; name: string; role: 'user' | 'admin'; locale: string };
	/** The session the socket was opened with. */
	session?: { id: string; expiresAt: Date };
	/** Set by a room module: re-decides the socket's rights after a change (realtime/sessions.ts). */
	recheck?: () => Promise<void>;
}
