/**
 * The Yjs websocket endpoint at /yjs/<document>: the standard y-websocket protocol (sync and
 * awareness from y-protocols), so a stock `WebsocketProvider` connects to it. It shares the app's
 * HTTP server: `handleUpgrade` takes only /yjs/ upgrades and leaves every other path (socket.io)
 * alone. Access is decided before the upgrade completes, so a refused client never sees a byte of
 * the document.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { CloseCode, limitsFromEnv, type YjsLimits } from './limits';
import {
	KIND_ACCESS,
	KIND_AWARENESS,
	KIND_REVOKE,
	KIND_UPDATE,
	KIND_USERS,
	USERS_CHANNEL,
	type YjsFanout
} from './fanout';
import {
	MalformedMessage,
	SharedDoc,
	close,
	type Connection,
	type Persistence
} from './shared-doc';

export const YJS_PREFIX = '/yjs/';

export interface Grant {
	access: 'write' | 'read';
	user: { id: string; name: string } | null;
	/** The session the connection is opened with (none for a document token or a reader). */
	session?: { id: string; expiresAt: Date } | null;
}

export interface YjsEndpointOptions {
	log: Logger;
	persistence: Persistence & {
		/** The document's whole state and the length of its update log (creating it if needed). */
		load(documentId: string): Promise<{ state: Uint8Array; logLength: number }>;
	};
	/** Decides access from the upgrade request: a grant, or the HTTP status to refuse with. */
	authenticate(req: IncomingMessage, documentId: string): Promise<Grant | 401 | 403 | 404>;
	/** Re-decides a connected user's access (after a co-author is removed, an entry archived). */
	reauthorize?(userId: string | null, documentId: string): Promise<'write' | 'read' | null>;
	/** Called once changes have settled (debounced) and when the document is unloaded. */
	onSettled?(documentId: string, doc: Y.Doc): Promise<void>;
	limits?: Partial<YjsLimits>;
	/** Several processes: updates and awareness to and from the others (realtime/yjs/fanout.ts). */
	fanout?: YjsFanout;
	/** Called for every connection once attached (realtime/sessions.ts closes it when its session ends). */
	onConnection?(conn: Connection, grant: Grant): void;
}

export interface YjsEndpoint {
	/** Handles an upgrade for /yjs/…; returns false (touching nothing) for any other path. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	/** Re-checks the access of everyone connected to the document; closes refused connections. */
	accessChanged(documentId: string): Promise<void>;
	/** Closes one user's connections to a document. */
	revoke(documentId: string, userId: string): void;
	/** Re-checks the access of these users' connections (or everyone's) on every document. */
	usersChanged(users: string[] | 'all'): void;
	/** The loaded document, if any (for versions and restores while people are editing). */
	loaded(documentId: string): SharedDoc | undefined;
	/** Applies a server-side change (restore) through the same persist-then-relay path. */
	change(documentId: string, update: Uint8Array): Promise<void>;
	/** Runs the render hook now for a loaded document (at publish). */
	flush(documentId: string): Promise<void>;
	stats(): { documents: number; connections: number; updateLog: number };
	close(): Promise<void>;
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	503: 'Service Unavailable'
};

function refuse(socket: Duplex, status: number): void {
	const body = STATUS_TEXT[status] ?? 'Error';
	socket.end(
		`HTTP/1.1 ${status} ${body}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
	);
}

/** The document id of a /yjs/<document> path, or null. */
export function documentIdOf(url: string | undefined): string | null {
	if (!url) return null;
	const path = url.split('?')[0];
	if (!path.startsWith(YJS_PREFIX)) return null;
	let id: string;
	try {
		id = decodeURIComponent(path.slice(YJS_PREFIX.length));
	} catch {
		return '';
	}
	return /^[\w.:-]{1,200}$/.test(id) ? id : '';
}

export function createYjsEndpoint(options: YjsEndpointOptions): YjsEndpoint {
	const limits: YjsLimits = { ...limitsFromEnv(), ...options.limits };
	const log = options.log;
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: limits.maxMessageBytes,
		perMessageDeflate: false
	});
	const docs = new Map<string, SharedDoc>();
	const loading = new Map<string, Promise<SharedDoc>>();
	/** Unloads in progress (their final compaction), which a new load of the id waits for. */
	const unloading = new Map<string, Promise<void>>();
	/**
	 * Documents with changes not yet rendered: one timer each, re-armed only when it fires early,
	 * not on every change (changes arrive hundreds of times a second under load).
	 */
	const renders = new Map<string, { timer: NodeJS.Timeout; last: number; deadline: number }>();
	let closed = false;
	/**
	 * Access changes announced per document (here or by another process). An upgrade notes the
	 * count before it decides access; if it moved by the time the connection is attached, the
	 * decision may be stale and is made again.
	 */
	const accessEpochs = new Map<string, number>();
	const bumpAccess = (id: string) => accessEpochs.set(id, (accessEpochs.get(id) ?? 0) + 1);

	async function render(doc: SharedDoc): Promise<void> {
		const pending = renders.get(doc.id);
		if (pending) clearTimeout(pending.timer);
		renders.delete(doc.id);
		if (!options.onSettled || doc.failed) return;
		try {
			await doc.settled();
			await options.onSettled(doc.id, doc.doc);
		} catch (err) {
			log.warn({ err, doc: doc.id }, 'could not render document');
		}
	}

	/**
	 * Renders a changed document once its changes settle (renderDebounceMs after the last one) and at
	 * the latest renderMaxWaitMs after the first. The latest moment is drawn between 80 and 100 % of
	 * that, so that documents whose editing started together do not all come due in the same instant.
	 */
	function changed(doc: SharedDoc): void {
		if (!options.onSettled) return;
		const now = Date.now();
		const pending = renders.get(doc.id);
		if (pending) {
			pending.last = now;
			return;
		}
		const deadline = now + Math.round(limits.renderMaxWaitMs * (0.8 + 0.2 * Math.random()));
		const entry = { timer: null as unknown as NodeJS.Timeout, last: now, deadline };
		const fire = () => {
			if (renders.get(doc.id) !== entry) return;
			const due = Math.min(entry.last + limits.renderDebounceMs, entry.deadline);
			const left = due - Date.now();
			if (left > 0) {
				entry.timer = setTimeout(fire, left);
				entry.timer.unref();
			} else enqueueRender(doc);
		};
		entry.timer = setTimeout(fire, Math.min(limits.renderDebounceMs, deadline - now));
		entry.timer.unref();
		renders.set(doc.id, entry);
	}

	/**
	 * Debounced renders run one at a time: the rendering itself is on the jobs thread, but each one
	 * also encodes the state and writes the row here, and many documents coming due together must
	 * not stall the relay of everyone's keystrokes.
	 */
	const renderQueue = new Set<SharedDoc>();
	let rendering = false;
	function enqueueRender(doc: SharedDoc): void {
		renderQueue.add(doc);
		if (rendering) return;
		rendering = true;
		void (async () => {
			while (renderQueue.size > 0) {
				const [next] = renderQueue;
				renderQueue.delete(next);
				if (renders.has(next.id)) await render(next);
				// Let relays and appends run between two renders.
				await new Promise((r) => setImmediate(r));
			}
			rendering = false;
		})();
	}

	async function unload(doc: SharedDoc, force = false): Promise<void> {
		if (docs.get(doc.id) !== doc) return;
		await doc.settled();
		// Someone connected while the last writes finished: keep it.
		if (docs.get(doc.id) !== doc || (!force && doc.conns.size > 0)) return;
		docs.delete(doc.id);
		options.fanout?.unsubscribe(doc.id);
		const done = (async () => {
			if (renders.has(doc.id)) await render(doc);
			if (!doc.failed && doc.logLength > 0) await doc.compact();
			doc.destroy();
		})();
		unloading.set(doc.id, done);
		await done;
		if (unloading.get(doc.id) === done) unloading.delete(doc.id);
		log.debug({ doc: doc.id }, 'document unloaded');
	}

	async function load(id: string): Promise<SharedDoc> {
		const existing = docs.get(id);
		if (existing) return existing;
		let promise = loading.get(id);
		if (!promise) {
			promise = (async () => {
				await unloading.get(id);
				const fanout = options.fanout;
				// Subscribed before reading the database, so nothing falls between the two; what
				// arrives meanwhile waits for the document.
				let target: SharedDoc | null = null;
				const early: Array<[number, Uint8Array]> = [];
				const deliver = (d: SharedDoc, kind: number, payload: Uint8Array) => {
					if (kind === KIND_UPDATE) d.applyRemote(payload);
					else if (kind === KIND_AWARENESS) d.applyRemoteAwareness(payload);
					else if (kind === KIND_ACCESS) {
						bumpAccess(d.id);
						void recheck(d);
					} else if (kind === KIND_REVOKE) {
						bumpAccess(d.id);
						revokeLocal(d, new TextDecoder().decode(payload));
					}
				};
				await fanout?.subscribe(id, (kind, payload) => {
					if (target) deliver(target, kind, payload);
					else early.push([kind, payload]);
				});
				let loaded;
				try {
					loaded = await options.persistence.load(id);
				} catch (err) {
					fanout?.unsubscribe(id);
					throw err;
				}
				const { state, logLength } = loaded;
				const doc = new SharedDoc(id, state, logLength, limits, options.persistence, log, {
					onIdle: (d) => void unload(d),
					onFailed: (d) => {
						if (docs.get(d.id) === d) {
							docs.delete(d.id);
							fanout?.unsubscribe(d.id);
						}
						d.destroy();
					},
					onChanged: changed,
					onPersisted: fanout
						? (d, updates) => updates.forEach((u) => fanout.publish(d.id, KIND_UPDATE, u))
						: undefined,
					onAwareness: fanout ? (d, u) => fanout.publish(d.id, KIND_AWARENESS, u) : undefined
				});
				target = doc;
				for (const [kind, payload] of early) deliver(doc, kind, payload);
				docs.set(id, doc);
				return doc;
			})();
			loading.set(id, promise);
			promise.then(
				() => loading.delete(id),
				() => loading.delete(id)
			);
		}
		return promise;
	}

	/** Re-decides each connection's access (or one's): closed when refused, else read or write. */
	async function recheck(doc: SharedDoc, only?: Connection): Promise<void> {
		for (const conn of only ? [only] : [...doc.conns]) {
			let access: 'write' | 'read' | null;
			try {
				access = options.reauthorize ? await options.reauthorize(conn.userId, doc.id) : conn.access;
			} catch (err) {
				// Unable to tell: the safe answer is to let the client reconnect and be decided anew.
				log.warn({ err, doc: doc.id }, 'could not re-check access');
				access = null;
			}
			if (access === null) close(conn, CloseCode.revoked, 'access revoked');
			else conn.access = access;
		}
	}

	/** Re-checks the connections of these users (or all) on every loaded document. */
	function usersChangedLocal(users: string[] | 'all'): void {
		const wanted = users === 'all' ? null : new Set(users);
		for (const doc of docs.values()) {
			bumpAccess(doc.id);
			for (const conn of [...doc.conns]) {
				if (!wanted || (conn.userId !== null && wanted.has(conn.userId))) void recheck(doc, conn);
			}
		}
	}
	void options.fanout?.subscribe(USERS_CHANNEL, (kind, payload) => {
		if (kind !== KIND_USERS) return;
		const text = new TextDecoder().decode(payload);
		usersChangedLocal(text === 'all' ? 'all' : text.split(',').filter(Boolean));
	});

	function revokeLocal(doc: SharedDoc, userId: string): void {
		for (const conn of [...doc.conns]) {
			if (conn.userId === userId) close(conn, CloseCode.revoked, 'access revoked');
		}
	}

	function attach(ws: WebSocket, doc: SharedDoc, grant: Grant): Connection {
		const conn: Connection = {
			ws,
			userId: grant.user?.id ?? null,
			userName: grant.user?.name ?? null,
			access: grant.access,
			clientIds: new Set(),
			alive: true,
			closed: false
		};
		ws.on('pong', () => (conn.alive = true));
		ws.on('error', (err) => log.debug({ err, doc: doc.id }, 'websocket error'));
		ws.on('close', () => {
			conn.closed = true;
			doc.remove(conn);
		});
		ws.on('message', (data: RawData, isBinary: boolean) => {
			if (conn.closed) return;
			if (!isBinary) {
				close(conn, CloseCode.unsupportedData, 'binary messages only');
				return;
			}
			const message = toUint8Array(data);
			try {
				doc.receive(conn, message);
			} catch (err) {
				const reason = err instanceof MalformedMessage ? err.message : 'malformed message';
				log.info({ doc: doc.id, user: conn.userId, reason }, 'closing connection');
				close(conn, CloseCode.malformed, reason);
			}
		});
		doc.add(conn);
		return conn;
	}

	// Back from a Redis outage: whatever other processes saved meanwhile is in the database, and an
	// access change announced meanwhile was lost, so everyone's access is decided again.
	options.fanout?.onResync(() => {
		for (const doc of [...docs.values()]) {
			void recheck(doc);
			void options.persistence.load(doc.id).then(
				({ state }) => {
					if (docs.get(doc.id) === doc) doc.applyRemote(state);
				},
				(err) => log.warn({ err, doc: doc.id }, 'could not catch up after redis reconnect')
			);
		}
	});

	const pinger = setInterval(() => {
		for (const doc of docs.values()) {
			for (const conn of doc.conns) {
				if (!conn.alive) {
					conn.ws.terminate();
					continue;
				}
				conn.alive = false;
				try {
					conn.ws.ping();
				} catch {
					conn.ws.terminate();
				}
			}
		}
	}, limits.pingIntervalMs);
	pinger.unref();

	async function upgrade(
		req: IncomingMessage,
		socket: Duplex,
		head: Buffer,
		id: string
	): Promise<void> {
		const epoch = accessEpochs.get(id) ?? 0;
		let grant: Grant | number;
		try {
			grant = await options.authenticate(req, id);
		} catch (err) {
			log.error({ err, doc: id }, 'websocket authentication failed');
			return refuse(socket, 503);
		}
		if (typeof grant === 'number') return refuse(socket, grant);
		if (closed || socket.destroyed) return refuse(socket, 503);
		let doc: SharedDoc;
		try {
			doc = await load(id);
		} catch (err) {
			log.error({ err, doc: id }, 'could not load document');
			return refuse(socket, 503);
		}
		if (socket.destroyed) return;
		wss.handleUpgrade(req, socket, head, (ws) => {
			// The document may have been dropped meanwhile (a failed write): start over.
			if (docs.get(id) !== doc) {
				ws.close(CloseCode.internalError, 'reconnect');
				return;
			}
			const conn = attach(ws, doc, grant);
			options.onConnection?.(conn, grant);
			// Access changed while this one was being decided: decide it again now it can be closed.
			if ((accessEpochs.get(id) ?? 0) !== epoch) void recheck(doc, conn);
		});
	}

	return {
		handleUpgrade(req, socket, head) {
			const id = documentIdOf(req.url);
			if (id === null) return false;
			socket.on('error', () => {});
			if (id === '') {
				refuse(socket, 400);
				return true;
			}
			void upgrade(req, socket, head, id);
			return true;
		},

		async accessChanged(documentId) {
			bumpAccess(documentId);
			// Other processes may hold connections to it even when this one has none.
			options.fanout?.publish(documentId, KIND_ACCESS, new Uint8Array());
			const doc = docs.get(documentId);
			if (doc) await recheck(doc);
		},

		revoke(documentId, userId) {
			bumpAccess(documentId);
			options.fanout?.publish(documentId, KIND_REVOKE, new TextEncoder().encode(userId));
			const doc = docs.get(documentId);
			if (doc) revokeLocal(doc, userId);
		},

		usersChanged(users) {
			if (users !== 'all' && users.length === 0) return;
			options.fanout?.publish(
				USERS_CHANNEL,
				KIND_USERS,
				new TextEncoder().encode(users === 'all' ? 'all' : users.join(','))
			);
			usersChangedLocal(users);
		},

		loaded: (id) => docs.get(id),

		async change(documentId, update) {
			const doc = docs.get(documentId);
			if (!doc) throw new Error('document not loaded');
			doc.applyServerUpdate(update);
			await doc.settled();
		},

		async flush(documentId) {
			const doc = docs.get(documentId);
			if (doc) await render(doc);
		},

		stats() {
			let connections = 0;
			let updateLog = 0;
			for (const doc of docs.values()) {
				connections += doc.conns.size;
				updateLog += doc.logLength;
			}
			return { documents: docs.size, connections, updateLog };
		},

		async close() {
			closed = true;
			clearInterval(pinger);
			await Promise.allSettled([...loading.values()]);
			for (const doc of docs.values()) {
				for (const conn of [...doc.conns]) close(conn, CloseCode.goingAway, 'server shutting down');
			}
			await Promise.allSettled([...docs.values()].map((doc) => unload(doc, true)));
			await Promise.allSettled([...unloading.values()]);
			for (const ws of wss.clients) ws.terminate();
			wss.close();
		}
	};
}

function toUint8Array(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
