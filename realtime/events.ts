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

// ---------------------------------------------------------------------------------------------
// The meeting room (`/meetings` namespace, realtime/rooms/meetings.ts; the page is
// src/routes/meetings/[id=uuid]/room)

export interface RoomPerson {
	userId: string;
	name: string;
}

export interface RoomChatMessage {
	id: number;
	userId: string | null;
	name: string;
	body: string;
	at: string;
}

export interface RoomAgendaItem {
	id: string;
	title: string;
	/** `HH:MM`, or '' when the item has no set time. */
	startTime: string;
	presenter: string;
}

/** A refused room event: the reason, and where it helps, the limit or the field. */
export interface RoomRefusal {
	ok: false;
	error: string;
	max?: number;
	retryAfterMs?: number;
	field?: string;
}

export type RoomAck<T = unknown> = (reply: ({ ok: true } & T) | RoomRefusal) => void;

export interface RoomJoined {
	role: 'chair' | 'member';
	me: RoomPerson;
	presence: RoomPerson[];
	hands: RoomPerson[];
	currentItemId: string | null;
	agenda: RoomAgendaItem[];
	messages: RoomChatMessage[];
}

export interface RoomServerToClientEvents {
	'presence:joined': (person: RoomPerson) => void;
	'presence:left': (person: RoomPerson) => void;
	chat: (message: RoomChatMessage) => void;
	hands: (queue: RoomPerson[]) => void;
	'hand:called': (person: RoomPerson) => void;
	'agenda:current': (update: { itemId: string | null }) => void;
	agenda: (update: { agenda: RoomAgendaItem[]; currentItemId: string | null }) => void;
	cancelled: (info: { meetingId: string }) => void;
	'session:ended': ServerToClientEvents['session:ended'];
}

export interface RoomClientToServerEvents {
	/** `since`: the last chat id the client has; the reply holds every message after it. */
	join: (payload: { meetingId: string; since: number | null }, ack: RoomAck<RoomJoined>) => void;
	leave: (payload: { meetingId: string }, ack: RoomAck) => void;
	chat: (payload: { meetingId: string; body: string }, ack: RoomAck<{ id: number }>) => void;
	'hand:raise': (payload: { meetingId: string }, ack: RoomAck) => void;
	'hand:lower': (payload: { meetingId: string }, ack: RoomAck) => void;
	/** The chair only: gives the floor to the first raised hand. */
	'hand:next': (
		payload: { meetingId: string },
		ack: RoomAck<{ called: RoomPerson | null }>
	) => void;
	/** The chair only: the agenda item being discussed, or none. */
	'agenda:set': (payload: { meetingId: string; itemId: string | null }, ack: RoomAck) => void;
}

/** What the auth middleware puts on every socket. */
export interface SocketData {
	user: { id: string; name: string; role: 'user' | 'admin'; locale: string };
	/** The session the socket was opened with. */
	session?: { id: string; expiresAt: Date };
	/** Set by a room module: re-decides the socket's rights after a change (realtime/sessions.ts). */
	recheck?: () => Promise<void>;
}
