/**
 * The live event bus: domains emit to sockets from anywhere in the process (after a commit, from
 * form actions in the bundled app, scheduled jobs) without importing socket.io or realtime/ —
 * realtime/socket.ts registers its server here under a global key, the way db/global.ts shares the
 * database. Before the server is attached (tests calling modules
 * directly, scripts) emits are silently dropped: the database remains the truth.
 */
import type { ServerToClientEvents } from '../../../../realtime/events';

/** Room names, in one place so emitters and joiners agree. */
export const rooms = {
	user: (userId: string) => `user:${userId}`,
	mentorship: (id: string) => `mentorship:${id}`,
	meeting: (id: string) => `meeting:${id}`
} as const;

interface Target {
	emit(event: string, ...args: unknown[]): boolean;
}

export interface Emitter {
	to(room: string | string[]): Target;
	of(namespace: string): { to(room: string | string[]): Target };
}

const KEY = Symbol.for('videnscenter.socketio');
type Holder = { [KEY]?: Emitter };

export function setEmitter(emitter: Emitter | undefined): void {
	if (emitter) (globalThis as Holder)[KEY] = emitter;
	else delete (globalThis as Holder)[KEY];
}

/** Emits to every socket in a room of the default namespace (e.g. `rooms.mentorship(id)`). */
export function emitToRoom<E extends keyof ServerToClientEvents>(
	room: string,
	event: E,
	...args: Parameters<ServerToClientEvents[E]>
): void {
	(globalThis as Holder)[KEY]?.to(room).emit(event, ...args);
}

/** Emits to every open tab of one user (the `user:<id>` room every socket joins). */
export function emitToUser<E extends keyof ServerToClientEvents>(
	userId: string,
	event: E,
	...args: Parameters<ServerToClientEvents[E]>
): void {
	emitToRoom(rooms.user(userId), event, ...args);
}

/** Emits to everyone in a meeting room (the `/meetings` namespace). */
export function emitToMeeting(meetingId: string, event: string, payload: unknown): void {
	(globalThis as Holder)[KEY]?.of('/meetings').to(rooms.meeting(meetingId)).emit(event, payload);
}
