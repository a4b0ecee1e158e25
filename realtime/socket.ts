/**
 * The shared socket.io layer. One socket.io server on the app's HTTP server, at /socket.io:
 *
 * - every connection, in every namespace made with `authedNamespace`, is authenticated with the same
 *   session cookie as the pages before any event is handled; anonymous or cross-site sockets are
 *   refused;
 * - every socket joins `user:<id>`, so `emitToUser()` (src/lib/server/core/emit.ts) reaches all of a user's
 *   tabs, e.g. for live notices;
 * - features plug in as `SocketModule`s: a function that receives the server and the database and
 *   adds its handlers, on the default namespace (rooms such as `mentorship:<id>`) or on a namespace
 *   of its own (`/meetings`).
 *
 * `destroyUpgrade: false` leaves upgrades for other paths (the Yjs endpoint at /yjs) alone.
 * With REDIS_URL the Redis adapter fans events out between processes.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import type { Db } from '../db/client';
import { tokenFromCookieHeader, validateSessionToken } from '../src/lib/server/auth/session';
import { log } from '../src/lib/server/log';
import { rooms, setEmitter } from '../src/lib/server/core/emit';
import {
	type ClientToServerEvents,
	type InterServerEvents,
	type ServerToClientEvents,
	type SocketData
} from './events';
import type { SessionRegistry } from './sessions';
import { sameOrigin } from './origin';

export type { SocketData } from './events';

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
	/** A Redis connection for commands (several processes), absent in single-process mode. */
	redis?: import('ioredis').Redis;
	/** Runs when socket.io closes, before the Redis connections go. */
	onClose(fn: () => Promise<void> | void): void;
}

export type SocketModule = (io: AppServer, db: Db, context?: SocketContext) => void;

export interface SocketOptions {
	db: Db;
	/** The features (rooms) to register; the composition root passes realtime/compose.ts's list. */
	modules: SocketModule[];
	/** Redis URL for the multi-process adapter; none → in-process only. */
	redisUrl?: string;
	/** Disconnects sockets whose session ends or whose user loses a room (realtime/sessions.ts). */
	sessions?: SessionRegistry;
	/** The site's public origin (ORIGIN): a browser Origin must match it; unset → the Host. */
	origin?: string;
}

/** The registry every authenticated socket is put in (set by attachSocketIo). */
let registry: SessionRegistry | undefined;

export interface AttachedSocketIo {
	io: AppServer;
	/**
	 * Each Redis connection socket.io depends on (none in single-process mode): the adapter's
	 * publisher, which meeting presence also uses for its commands, and its subscriber.
	 */
	redisConnections(): Record<string, 'ok' | 'error'>;
	close(): Promise<void>;
}

/** The site's configured origin (ORIGIN), set by attachSocketIo; the Host is compared without it. */
let allowedOrigin: string | undefined;

/** Middleware: the session cookie must name a live session; the user goes to `socket.data.user`. */
export function authenticate(db: Db) {
	return async (socket: Socket, next: (err?: Error) => void) => {
		try {
			if (!sameOrigin(socket.handshake.headers, allowedOrigin))
				return next(new Error('forbidden_origin'));
			const token = tokenFromCookieHeader(socket.handshake.headers.cookie);
			if (!token) return next(new Error('unauthorized'));
			const result = await validateSessionToken(db, token);
			if (!result.user) return next(new Error('unauthorized'));
			const { id, name, role, locale } = result.user;
			(socket.data as SocketData).user = { id, name, role, locale };
			(socket.data as SocketData).session = {
				id: result.session.id,
				expiresAt: result.session.expiresAt
			};
			next();
		} catch (err) {
			log.error({ err }, 'socket authentication failed');
			next(new Error('unavailable'));
		}
	};
}

/** Makes a namespace authenticated and puts every socket in its user's room. */
export function authedNamespace(io: Server | AppServer, db: Db, name: string): Namespace {
	const nsp = (io as Server).of(name);
	nsp.use(authenticate(db));
	nsp.on('connection', (socket) => {
		const data = socket.data as SocketData;
		void socket.join(rooms.user(data.user.id));
		if (!registry) return;
		const unregister = registry.register({
			sessionId: data.session?.id ?? null,
			userId: data.user.id,
			expiresAt: data.session?.expiresAt ?? null,
			// The reason first, then the disconnect: the client does not reconnect after a server
			// disconnect, and knows why.
			close: (reason) => {
				socket.emit('session:ended', { reason });
				socket.disconnect(true);
			},
			recheck: () => data.recheck?.()
		});
		socket.once('disconnect', unregister);
	});
	return nsp;
}

export async function attachSocketIo(
	httpServer: HttpServer,
	options: SocketOptions
): Promise<AttachedSocketIo> {
	const io: AppServer = new Server(httpServer, {
		path: '/socket.io',
		transports: ['websocket', 'polling'],
		destroyUpgrade: false,
		serveClient: false,
		maxHttpBufferSize: 64 * 1024
	});

	let closeRedis = async () => {};
	let redisConnections = (): Record<string, 'ok' | 'error'> => ({});
	const closers: Array<() => Promise<void> | void> = [];
	const context: SocketContext = { onClose: (fn) => void closers.push(fn) };
	if (options.redisUrl) {
		const [{ createAdapter }, { Redis }] = await Promise.all([
			import('@socket.io/redis-adapter'),
			import('ioredis')
		]);
		const pub = new Redis(options.redisUrl, { lazyConnect: false });
		const sub = pub.duplicate();
		for (const client of [pub, sub])
			client.on('error', (err) => log.warn({ err: err.message }, 'socket.io redis'));
		io.adapter(createAdapter(pub, sub));
		context.redis = pub;
		redisConnections = () => ({
			socketioPublish: pub.status === 'ready' ? 'ok' : 'error',
			socketioSubscribe: sub.status === 'ready' ? 'ok' : 'error'
		});
		closeRedis = async () => {
			await Promise.allSettled([pub.quit(), sub.quit()]);
		};
	}

	registry = options.sessions;
	allowedOrigin = options.origin;
	authedNamespace(io, options.db, '/');
	for (const module of options.modules) module(io, options.db, context);

	setEmitter(io as unknown as Parameters<typeof setEmitter>[0]);
	log.info({ path: '/socket.io', redis: Boolean(options.redisUrl) }, 'socket.io attached');
	return {
		io,
		redisConnections: () => redisConnections(),
		close: async () => {
			setEmitter(undefined);
			// Closing the transports (not disconnecting the sockets) reads as "transport close" to
			// the clients, so they reconnect, to another process when this one is gone.
			// io.close() would also close the HTTP server, which realtime/server.ts owns.
			io.engine.close();
			// Leave handlers of the sockets just disconnected run first.
			await new Promise((r) => setTimeout(r, 50));
			for (const fn of closers) await fn();
			await closeRedis();
		}
	};
}
