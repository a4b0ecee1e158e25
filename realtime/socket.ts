/**
 * The shared socket.io layer on the one HTTP server (path /socket.io). Every namespace checks the
 * session cookie on connect with the same code as the pages; each socket joins its user's room so
 * anything in the process can push to that user (`emitToUser`). Domain handlers register namespaces
 * or rooms on the returned server.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import type { Db } from '../db/client';
import { tokenFromCookieHeader, validateSessionToken } from '../src/lib/server/auth/session';
import { log } from '../src/lib/server/log';
import { emitToUser, setEmitter, userRoom } from './emit';

export { emitToUser, userRoom };

export interface SocketUser {
	id: string;
	name: string;
	role: string;
	locale: string;
}

export interface SocketData {
	user: SocketUser;
}

export type AuthedSocket = Socket<
	Record<string, never>,
	Record<string, never>,
	Record<string, never>,
	SocketData
>;

export interface SocketOptions {
	db: Db;
	/** Extra handlers, e.g. `registerMeetingRooms`. */
	register?: Array<(io: Server, db: Db) => void>;
}

/** A cross-site page must not ride on the user's cookie: the Origin, when sent, must be this host. */
function sameOrigin(headers: Record<string, string | string[] | undefined>): boolean {
	const origin = headers.origin;
	if (!origin || typeof origin !== 'string') return true;
	try {
		return new URL(origin).host === headers.host;
	} catch {
		return false;
	}
}

/** Session-cookie authentication for a namespace; refuses the connection without a valid session. */
export function authenticate(db: Db) {
	return async (socket: Socket, next: (err?: Error) => void) => {
		try {
			if (!sameOrigin(socket.handshake.headers)) return next(new Error('forbidden_origin'));
			const token = tokenFromCookieHeader(socket.handshake.headers.cookie);
			if (!token) return next(new Error('unauthorized'));
			const { user } = await validateSessionToken(db, token);
			if (!user) return next(new Error('unauthorized'));
			socket.data.user = { id: user.id, name: user.name, role: user.role, locale: user.locale };
			next();
		} catch (err) {
			log.error({ err }, 'socket auth failed');
			next(new Error('unavailable'));
		}
	};
}

/** Makes a namespace authenticated and puts every socket in its user's room. */
export function authedNamespace(io: Server, db: Db, name: string): Namespace {
	const nsp = io.of(name);
	nsp.use(authenticate(db));
	nsp.on('connection', (socket) => {
		void socket.join(userRoom((socket.data as SocketData).user.id));
	});
	return nsp;
}

export function attachSocketIo(httpServer: HttpServer, options: SocketOptions): Server {
	const io = new Server(httpServer, {
		path: '/socket.io',
		// Leave upgrades for other paths (/yjs) alone.
		destroyUpgrade: false,
		serveClient: false,
		maxHttpBufferSize: 64 * 1024,
		connectionStateRecovery: undefined
	});
	authedNamespace(io, options.db, '/');
	for (const register of options.register ?? []) register(io, options.db);
	setEmitter({
		toRoom(room, event, payload) {
			if (room.startsWith('meeting:')) io.of('/meetings').to(room).emit(event, payload);
			else io.to(room).emit(event, payload);
		}
	});
	httpServer.once('close', () => setEmitter(undefined));
	return io;
}

/** Disconnects every socket so the HTTP server can close. */
export async function closeSocketIo(io: Server): Promise<void> {
	io.disconnectSockets(true);
	for (const nsp of io._nsps.values()) nsp.disconnectSockets(true);
	io.engine.close();
}
