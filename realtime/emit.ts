/**
 * Live pushes from anywhere in the process (SvelteKit actions included) to connected browsers. The
 * socket.io server registers itself here on start; without one (unit tests, scripts) pushes are no-ops.
 */
export interface Emitter {
	toRoom(room: string, event: string, payload: unknown): void;
}

const KEY = Symbol.for('videnscenter.socket-emitter');
type Holder = { [KEY]?: Emitter };

export function setEmitter(emitter: Emitter | undefined): void {
	(globalThis as Holder)[KEY] = emitter;
}

export function userRoom(userId: string): string {
	return `user:${userId}`;
}

/** Sends an event to every open tab of one user. */
export function emitToUser(userId: string, event: string, payload: unknown): void {
	(globalThis as Holder)[KEY]?.toRoom(userRoom(userId), event, payload);
}

/** Sends an event to a socket.io room on the meetings namespace. */
export function emitToMeeting(meetingId: string, event: string, payload: unknown): void {
	(globalThis as Holder)[KEY]?.toRoom(`meeting:${meetingId}`, event, payload);
}
