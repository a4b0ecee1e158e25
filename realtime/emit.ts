/**
 * Emitting to sockets from anywhere in the process (form actions in the bundled app, scheduled jobs)
 * without importing socket.io: realtime/socket.ts registers its server here under a global key, the
 * way db/global.ts shares the database. Before the server is attached (tests calling modules
 * directly, scripts) emits are silently dropped: the database remains the truth.
 */
import type { ServerToClientEvents } from './events';
import { rooms } from './events';

type Emitter = {
	to(room: string | string[]): {
		emit<E extends keyof ServerToClientEvents>(
			event: E,
			...args: Parameters<ServerToClientEvents[E]>
		): boolean;
	};
};

const KEY = Symbol.for('videnscenter.socketio');
type Holder = { [KEY]?: Emitter };

export function setEmitter(emitter: Emitter | undefined): void {
	if (emitter) (globalThis as Holder)[KEY] = emitter;
	else delete (globalThis as Holder)[KEY];
}

/** Emits to every socket in a room (e.g. `rooms.mentorship(id)`). */
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
