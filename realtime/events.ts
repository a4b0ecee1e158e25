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
}

/** Room names, in one place so emitters and joiners agree. */
export const rooms = {
	user: (userId: string) => `user:${userId}`,
	mentorship: (id: string) => `mentorship:${id}`,
	meeting: (id: string) => `meeting:${id}`
} as const;
