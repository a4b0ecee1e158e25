/**
 * The one composition root: everything the app runs beside SvelteKit's handler, wired the same way
 * in production (realtime/server.ts) and under `vite dev` (realtime/vite-plugin.ts) — the mailer,
 * the Yjs endpoint with its append path and Redis fan-out, socket.io, the live-session registry,
 * the operator probe and metrics sources, and the periodic jobs.
 */
import type { Server } from 'node:http';
import type { DbHandle } from '../db/client';
import type { Config } from '../src/lib/server/config';
import { log } from '../src/lib/server/log';
import { startMailer } from '../src/lib/server/mail';
import { ops, setOps } from '../src/lib/server/ops';
import { httpSeconds, registerSources } from './metrics';
import { startPeriodicJobs } from './periodic';
import { createSessionRegistry } from './sessions';
import { mentorshipRooms } from './rooms/mentorship';
import { registerMeetingRooms } from './rooms/meetings';
import { attachSocketIo, type SocketModule } from './socket';
import { asyncCommitAppends, attachYjs, createAppYjs, pgliteAppends } from './yjs';
import { documentIdOf } from './yjs/endpoint';
import { createRedisFanout, type YjsFanout } from './yjs/fanout';
import { limitsFromEnv } from './yjs/limits';

/** The socket.io features every process serves. */
const socketModules: SocketModule[] = [mentorshipRooms, registerMeetingRooms];

export interface Runtime {
	/** Not ready any more: /healthz answers 503 from now on. */
	drain(): void;
	/** Stops the jobs and the mailer, closes every socket and flushes pending writes. */
	close(): Promise<void>;
}

/** Paths that take a websocket upgrade: socket.io's and the Yjs endpoint's. */
function servesUpgrade(url: string | undefined): boolean {
	const path = (url ?? '').split('?')[0];
	return path === '/socket.io' || path.startsWith('/socket.io/') || documentIdOf(url) !== null;
}

/**
 * An upgrade to any other path is answered 404 and closed at once (registered after the
 * endpoints' own listeners, which leave such paths alone), instead of hanging open.
 */
function refuseOtherUpgrades(server: Server): void {
	server.on('upgrade', (req, socket) => {
		if (servesUpgrade(req.url)) return;
		socket.on('error', () => {});
		const body = 'Not Found';
		socket.end(
			`HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`
		);
		setTimeout(() => socket.destroy(), 1000).unref();
	});
}

export async function compose(
	server: Server,
	db: DbHandle,
	config: Config,
	{
		exclusiveUpgrades
	}: {
		/** Production owns every upgrade; Vite dev shares the server with its own HMR socket. */
		exclusiveUpgrades: boolean;
	}
): Promise<Runtime> {
	const stopMailer = config.smtpUrl
		? startMailer(async () => db.db, config.smtpUrl, config.mailFrom)
		: () => {};
	const fanout: YjsFanout | undefined = config.redisUrl
		? await createRedisFanout(config.redisUrl, log.child({ module: 'yjs-fanout' }))
		: undefined;
	// Open sockets follow their session: closed on every process when it ends (realtime/sessions.ts).
	const sessions = createSessionRegistry({
		db: async () => db.db,
		fanout,
		log: log.child({ module: 'live-sessions' })
	});
	// One origin rule for both websocket endpoints (realtime/origin.ts).
	const origin = config.origin ?? process.env.ORIGIN;
	const socketIo = await attachSocketIo(server, {
		db: db.db,
		modules: socketModules,
		redisUrl: config.redisUrl,
		sessions,
		origin
	});
	const appends =
		config.databaseUrl && !limitsFromEnv().synchronousCommit
			? await asyncCommitAppends(config.databaseUrl)
			: undefined;
	const yjs = createAppYjs(async () => db.db, {
		origin,
		fanout,
		appendRows: appends?.write ?? (db.driver === 'pglite' ? pgliteAppends(db.db) : undefined),
		sessions
	});
	attachYjs(server, yjs);
	if (exclusiveUpgrades) refuseOtherUpgrades(server);

	let draining = false;
	// Every Redis connection counts: the Yjs fan-out's, and socket.io's adapter (rooms, notices)
	// whose publisher also carries meeting presence.
	const redisConnections = (): Record<string, 'ok' | 'error'> => ({
		...socketIo.redisConnections(),
		...fanout?.connections()
	});
	setOps({
		redis: () => {
			if (!config.redisUrl) return 'disabled';
			return Object.values(redisConnections()).every((s) => s === 'ok') ? 'ok' : 'error';
		},
		redisConnections,
		draining: () => draining,
		observeHttp: (route, method, status, seconds) =>
			httpSeconds.observe({ route, method, status: String(status) }, seconds)
	});
	const sources = {
		socketConnections: () => socketIo.io.engine.clientsCount,
		meetingRooms: () => {
			let n = 0;
			for (const name of socketIo.io.of('/meetings').adapter.rooms.keys()) {
				if (name.startsWith('meeting:')) n += 1;
			}
			return n;
		},
		yjs: () => yjs.stats()
	};
	registerSources(sources);
	const jobs = startPeriodicJobs(async () => db.db, log.child({ module: 'periodic' }));
	const probe = ops();
	if (probe) {
		probe.realtime = () => {
			const y = sources.yjs();
			return {
				socketConnections: sources.socketConnections(),
				meetingRooms: sources.meetingRooms(),
				documents: y.documents,
				yjsConnections: y.connections
			};
		};
		probe.jobs = () => jobs.states();
	}

	return {
		drain() {
			draining = true;
		},
		async close() {
			stopMailer();
			jobs.stop();
			sessions.close();
			await socketIo.close();
			await yjs.close();
			await appends?.close();
			await fanout?.close();
			setOps(undefined);
		}
	};
}
