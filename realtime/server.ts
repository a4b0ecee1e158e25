/**
 * The one HTTP server: SvelteKit's adapter-node handler for pages and API, plus the websocket
 * endpoints that later issues attach to the same port. Opens the database once, runs migrations,
 * seeds an empty database, and shuts down cleanly on SIGTERM/SIGINT.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDb, type DbHandle } from '../db/client';
import { setDatabase } from '../db/global';
import { isEmpty, seed } from '../scripts/seed';
import type { Config } from '../src/lib/server/config';
import { log } from '../src/lib/server/log';
import { lockDatabase } from '../scripts/lock';
import { compose } from './compose';
import { serveMetrics } from './metrics';

export interface RunningServer {
	server: Server;
	port: number;
	db: DbHandle;
	close(): Promise<void>;
}

type Handler = (
	req: import('node:http').IncomingMessage,
	res: import('node:http').ServerResponse,
	next?: () => void
) => void;

/** Set by the server itself on every request (any value a client sends is overwritten). */
const SOCKET_PROTOCOL = 'x-videnscenter-socket-protocol';

async function loadHandler(): Promise<Handler> {
	const file = resolve(process.cwd(), process.env.BUILD_DIR ?? 'build', 'handler.js');
	if (!existsSync(file)) {
		throw new Error(`${file} not found: run \`npm run build\` first`);
	}
	// adapter-node refuses request bodies over BODY_SIZE_LIMIT (default 512 KB) with 413. Uploads go
	// up to 20 MB (a .docx body import; attachments 10 MB), so the default here leaves room for
	// those and the multipart framing; the actions answer 422 with a message between their own
	// limit and this one. Read when the handler module loads, so it is set first.
	process.env.BODY_SIZE_LIMIT ??= '21M';
	const mod = (await import(pathToFileURL(file).href)) as { handler: Handler };
	return mod.handler;
}

/** How long shutdown waits for open connections before cutting them off. */
export const SHUTDOWN_GRACE_MS = 5000;

export async function startServer(config: Config): Promise<RunningServer> {
	const unlock = lockDatabase(config);
	const db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
	setDatabase(db);
	if (await isEmpty(db.db)) {
		const report = await seed(db.db, { demo: config.demo });
		log.info({ ...report, demo: config.demo }, 'seeded empty database');
	}
	// adapter-node takes every request for https unless it is told the origin (ORIGIN) or where to
	// read the protocol (PROTOCOL_HEADER). Without either, tell it what the socket really is, so a
	// plain-http install (`npm start` on localhost) passes SvelteKit's same-origin check for forms.
	const markProtocol = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
	if (markProtocol) process.env.PROTOCOL_HEADER = SOCKET_PROTOCOL;
	const handler = await loadHandler();
	const server = createServer((req, res) => {
		if (serveMetrics(req, res)) return;
		if (markProtocol) {
			req.headers[SOCKET_PROTOCOL] = (req.socket as { encrypted?: boolean }).encrypted
				? 'https'
				: 'http';
		}
		handler(req, res);
	});

	const runtime = await compose(server, db, config, { exclusiveUpgrades: true });

	// Every socket, so that shutdown can end those no server method reaches: upgraded websockets,
	// upgrades still being decided, half-open connections.
	const sockets = new Set<import('node:net').Socket>();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});

	await new Promise<void>((done, fail) => {
		server.once('error', fail);
		server.listen(config.port, config.host, () => done());
	});
	const port = (server.address() as AddressInfo).port;
	log.info({ port, host: config.host, database: db.driver, location: db.location }, 'listening');

	let closing: Promise<void> | undefined;
	const close = () =>
		(closing ??= (async () => {
			// Not ready any more (/healthz 503); no new connections; then every websocket is closed
			// with "going away" so clients reconnect to another process, and pending writes flushed.
			// Whatever is still open after SHUTDOWN_GRACE_MS is cut off, so the process exits in
			// bounded time (server.ts exits regardless a little later).
			runtime.drain();
			const stopped = new Promise<void>((done) => server.close(() => done()));
			const cutOff = setTimeout(() => {
				server.closeAllConnections();
				for (const socket of sockets) socket.destroy();
			}, SHUTDOWN_GRACE_MS);
			cutOff.unref();
			await runtime.close();
			server.closeIdleConnections();
			await stopped;
			clearTimeout(cutOff);
			await db.close();
			unlock();
		})());
	return { server, port, db, close };
}
