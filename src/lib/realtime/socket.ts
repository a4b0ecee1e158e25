/**
 * The browser's socket.io connection: one per tab, opened on first use, sending the session cookie
 * (same origin) and typed with the server's events.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../realtime/events';

export type AppClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: AppClientSocket | undefined;

export function getSocket(): AppClientSocket {
	socket ??= io({
		path: '/socket.io',
		transports: ['websocket', 'polling'],
		withCredentials: true
	});
	return socket;
}
