/**
 * The shared socket.io layer. One socket.io server on the app's HTTP server, at /socket.io:
 *
 * - every connection (in every namespace that uses `authenticate`) is authenticated with the same
 *   session cookie as the pages, before any event is handled; anonymous sockets are refused;
 * - every socket joins `user:<id>`, so `emitToUser()` (realtime/emit.ts) reaches all of a user's
 *   tabs, e.g. for live notices;
 * - features plug in as `SocketModule`s: a function that receives the server and adds its handlers,
 *   on the default namespace (rooms such as `mentorship:<id>`) or on a namespace of its own:
 *
 *       export const meetings: SocketModule = (io, { db }) => {
 *         const ns = io.of('/meetings');
 *         ns.use(authenticate(db));
 *         ns.on('connection', (socket) => { … });
 *       };
 *
 *   and are listed in `defaultModules` below (or passed as `options.modules`).
 *
 * `destroyUpgrade: false` leaves upgrades for other paths (the Yjs endpoint at /yjs) alone.
 * With REDIS_URL the Redis adapter fans events out between processes.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import type { Db } from '../db/client';
import { getDatabasePromise } from '../db/global';
import { tokenFromCookieHeader, validateSessionToken } from '../src/lib/server/auth/session';
import { log } from '../src/lib/server/log';
import { setEmitter } from './emit';
import {
	rooms,
	type ClientToServerEvents,
	type InterServerEvents,
	type ServerToClientEvents,
	type SocketData
} from './events';
import { mentorshipRooms } from './rooms/mentorship';

export { emitToRoom, emitToUser } from './emit';
export { rooms } from './events';

export type AppServer = Server<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;
export type AppSocket = Socket<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;
export type AppNamespace = Namespace<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;

export interface SocketContext {
	/** The process database (opened by server.ts). */
	db: () => Promise<Db>;
}

export type SocketModule = (io: AppServer, context: SocketContext) => void;

export const defaultModules: SocketModule[] = [mentorshipRooms];

export interface SocketOptions {
	/** Defaults to the process database from db/global.ts. */
	db?: () => Promise<Db>;
	modules?: SocketModule[];
	/** Redis URL for the multi-process adapter; none → in-process only. */
	redisUrl?: string;
	/** Origins allowed to connect cross-site (same-origin needs nothing). */
	cors?: string[];
}

export interface AttachedSocketIo {
	io: AppServer;
	close(): Promise<void>;
}

async function processDb(): Promise<Db> {
	const handle = getDatabasePromise();
	if (!handle) throw new Error('database not opened');
	return (await handle).db;
}

/** Middleware: the session cookie must name a live session; the user goes to `socket.data.user`. */
export function authenticate(db: () => Promise<Db>) {
	return async (socket: AppSocket, next: (err?: Error) => void) => {
		try {
			const token = tokenFromCookieHeader(socket.handshake.headers.cookie);
			if (!token) return next(new Error('unauthorized'));
			const result = await validateSessionToken(await db(), token);
			if (!result.user) return next(new Error('unauthorized'));
			const { id, name, role, locale } = result.user;
			socket.data.user = { id, name, role, locale };
			next();
		} catch (err) {
			log.error({ err }, 'socket authentication failed');
			next(new Error('unavailable'));
		}
	};
}

export async function attachSocketIo(
	httpServer: HttpServer,
	options: SocketOptions = {}
): Promise<AttachedSocketIo> {
	const db = options.db ?? processDb;
	const io: AppServer = new Server(httpServer, {
		path: '/socket.io',
		transports: ['websocket', 'polling'],
		destroyUpgrade: false,
		serveClient: false,
		cors: options.cors?.length ? { origin: options.cors, credentials: true } : undefined
	});

	let closeRedis = async () => {};
	if (options.redisUrl) {
		const [{ createAdapter }, { Redis }] = await Promise.all([
			import('@socket.io/redis-adapter'),
			import('ioredis')
		]);
		const pub = new Redis(options.redisUrl, { lazyConnect: false });
		const sub = pub.duplicate();
		io.adapter(createAdapter(pub, sub));
		closeRedis = async () => {
			await Promise.allSettled([pub.quit(), sub.quit()]);
		};
	}

	io.use(authenticate(db));
	io.on('connection', (socket) => {
		void socket.join(rooms.user(socket.data.user.id));
	});
	for (const module of options.modules ?? defaultModules) module(io, { db });

	setEmitter(io);
	log.info({ path: '/socket.io', redis: Boolean(options.redisUrl) }, 'socket.io attached');
	return {
		io,
		close: async () => {
			setEmitter(undefined);
			io.disconnectSockets(true);
			// io.close() would also close the HTTP server, which realtime/server.ts owns.
			io.engine.close();
			await closeRedis();
		}
	};
}
