/**
 * One loaded document: the Y.Doc (garbage-collected: deleted text is dropped, never sent to a client;
 * versions keep their own encoded state, versions.ts), its awareness, its
 * connections and the ordered outbox that makes every update durable before anyone else sees it.
 *
 * An incoming update is applied to the Y.Doc at once (which is also its validation), then put in
 * the document's open batch. A batch is appended to the log in one statement together with the
 * other documents' batches of the same tick (batch.ts), and sealed when that statement is built:
 * what arrives later opens the next batch, which is written at once, without waiting for the one
 * before it (a pipeline, so an update waits for its own write only, not also for the rest of the
 * write in flight). Batches are relayed strictly in order, each only once it is durable and its
 * predecessors are relayed; the sync answers queued in a batch go out right after it. A sync
 * answer is encoded when it is queued, so it holds only updates queued before it, which are durable
 * by the time it leaves. Nobody can therefore receive an update that a crash could still lose.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { WebSocket } from 'ws';
import type { Logger } from 'pino';
import { CloseCode, type YjsLimits } from './limits';
import { PresenceRefused, sanitizeAwareness } from './presence';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export interface Connection {
	ws: WebSocket;
	userId: string | null;
	userName: string | null;
	access: 'write' | 'read';
	/** Awareness client ids this connection announced (removed when it closes). */
	clientIds: Set<number>;
	/** The one awareness client id it may speak for: the first it announces (presence.ts). */
	awarenessId?: number;
	alive: boolean;
	closed: boolean;
}

export interface Persistence {
	/**
	 * Appends `updates` to the document's log; resolves once they are durable. The array may still
	 * grow until `sealed` is called (when the statement is built); a persistence that reads it at
	 * once calls `sealed` at once.
	 */
	append(documentId: string, updates: Uint8Array[], sealed?: () => void): Promise<void>;
	/** One compaction step; null when there was nothing to compact. */
	compact(documentId: string): Promise<{ removed: number; snapshotBytes: number | null } | null>;
}

type Task =
	| { kind: 'update'; relay: Uint8Array[]; origin: Connection | null }
	| { kind: 'send'; conn: Connection; message: Uint8Array };

/** Updates written together and relayed together, and the sync answers that follow them. */
interface Batch {
	tasks: Task[];
	updates: Uint8Array[];
}

export class MalformedMessage extends Error {}

/** Origin of changes that came from another process (already durable; never re-published). */
export const REMOTE = Symbol('remote');

export class SharedDoc {
	readonly doc = new Y.Doc({ gc: true });
	readonly awareness = new awarenessProtocol.Awareness(this.doc);
	readonly conns = new Set<Connection>();
	/** Approximate encoded size: loaded state plus every update appended since. */
	size: number;
	/** Updates in the log since the last compaction. */
	logLength: number;
	/** The batch still taking updates (not yet in a statement), if any. */
	private open: Batch | null = null;
	/** Settles when every batch so far has been relayed (or the document failed). */
	private tail: Promise<void> = Promise.resolve();
	/** Batches appended but not yet relayed. */
	private inFlight = 0;
	private compacting = false;
	private capture: Uint8Array[] | null = null;
	private idleTimer: NodeJS.Timeout | null = null;
	failed = false;

	constructor(
		readonly id: string,
		state: Uint8Array,
		initialLogLength: number,
		private readonly limits: YjsLimits,
		private readonly persistence: Persistence,
		private readonly log: Logger,
		private readonly hooks: {
			onIdle(doc: SharedDoc): void;
			onFailed(doc: SharedDoc): void;
			onChanged(doc: SharedDoc): void;
			/** Updates now durable (for other processes); awareness changed by local clients. */
			onPersisted?(doc: SharedDoc, updates: Uint8Array[]): void;
			onAwareness?(doc: SharedDoc, update: Uint8Array): void;
		}
	) {
		Y.applyUpdate(this.doc, state);
		this.size = state.length;
		this.logLength = initialLogLength;
		this.awareness.setLocalState(null);
		this.doc.on('update', (update: Uint8Array) => this.capture?.push(update));
		this.awareness.on(
			'update',
			(
				{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
				origin: unknown
			) => {
				const conn = origin as Connection | null;
				if (conn && this.conns.has(conn)) {
					for (const id of added) conn.clientIds.add(id);
					for (const id of removed) conn.clientIds.delete(id);
				}
				const changed = added.concat(updated, removed);
				if ((origin as unknown) !== REMOTE && this.hooks.onAwareness && changed.length > 0) {
					this.hooks.onAwareness(
						this,
						awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)
					);
				}
				if (this.conns.size === 0) return;
				const message = awarenessMessage(this.awareness, changed);
				for (const c of this.conns) if (c !== conn) this.send(c, message);
			}
		);
		// Loaded for a connection that may never complete: unload if nobody arrives.
		this.scheduleIdle();
	}

	get busy(): boolean {
		return this.inFlight > 0 || this.compacting;
	}

	/** Registers a connection and starts the sync: our state vector, then who is present. */
	add(conn: Connection): void {
		this.cancelIdle();
		this.conns.add(conn);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.writeSyncStep1(encoder, this.doc);
		this.send(conn, encoding.toUint8Array(encoder));
		const states = this.awareness.getStates();
		if (states.size > 0) this.send(conn, awarenessMessage(this.awareness, [...states.keys()]));
	}

	remove(conn: Connection): void {
		if (!this.conns.delete(conn)) return;
		if (conn.clientIds.size > 0) {
			awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.clientIds], null);
		}
		if (this.conns.size === 0) this.scheduleIdle();
	}

	/**
	 * Handles one binary message. Throws MalformedMessage for anything that is not the protocol;
	 * the caller closes that connection.
	 */
	receive(conn: Connection, message: Uint8Array): void {
		if (this.failed) return;
		let type: number;
		const decoder = decoding.createDecoder(message);
		try {
			type = decoding.readVarUint(decoder);
		} catch {
			throw new MalformedMessage('empty message');
		}
		switch (type) {
			case MESSAGE_SYNC:
				return this.receiveSync(conn, decoder);
			case MESSAGE_AWARENESS: {
				let update: Uint8Array | null;
				try {
					update = sanitizeAwareness(conn, decoding.readVarUint8Array(decoder));
					if (update) awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn);
				} catch (err) {
					throw new MalformedMessage(
						err instanceof PresenceRefused ? err.message : 'malformed awareness update'
					);
				}
				return;
			}
			case MESSAGE_AUTH:
				return;
			case MESSAGE_QUERY_AWARENESS:
				this.send(conn, awarenessMessage(this.awareness, [...this.awareness.getStates().keys()]));
				return;
			default:
				throw new MalformedMessage(`unknown message type ${type}`);
		}
	}

	private receiveSync(conn: Connection, decoder: decoding.Decoder): void {
		let sub: number;
		let payload: Uint8Array;
		try {
			sub = decoding.readVarUint(decoder);
			payload = decoding.readVarUint8Array(decoder);
		} catch {
			throw new MalformedMessage('malformed sync message');
		}
		if (sub === syncProtocol.messageYjsSyncStep1) {
			let diff: Uint8Array;
			try {
				diff = Y.encodeStateAsUpdate(this.doc, payload);
			} catch {
				throw new MalformedMessage('malformed state vector');
			}
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
			encoding.writeVarUint8Array(encoder, diff);
			this.answer(conn, encoding.toUint8Array(encoder));
			return;
		}
		if (sub !== syncProtocol.messageYjsSyncStep2 && sub !== syncProtocol.messageYjsUpdate) {
			throw new MalformedMessage(`unknown sync message ${sub}`);
		}
		if (conn.access !== 'write') {
			// A reader's edits are refused: neither kept nor relayed.
			if (payload.length > 2) this.log.debug({ doc: this.id }, 'update from read-only client');
			return;
		}
		if (this.size + payload.length > this.limits.maxDocumentBytes) {
			close(conn, CloseCode.documentTooLarge, 'document size limit reached');
			return;
		}
		const pending = this.doc.store.pendingStructs;
		const pendingDs = this.doc.store.pendingDs;
		const relay: Uint8Array[] = [];
		this.capture = relay;
		try {
			Y.applyUpdate(this.doc, payload, conn);
		} catch {
			throw new MalformedMessage('malformed update');
		} finally {
			this.capture = null;
		}
		const changed =
			relay.length > 0 ||
			this.doc.store.pendingStructs !== pending ||
			this.doc.store.pendingDs !== pendingDs;
		if (changed) {
			this.size += payload.length;
			this.enqueue(payload, { kind: 'update', relay, origin: conn });
		}
	}

	/** A change made by the server (a restore): saved and relayed to everyone like any other. */
	applyServerUpdate(update: Uint8Array): void {
		if (this.failed) throw new Error('document failed');
		const relay: Uint8Array[] = [];
		this.capture = relay;
		try {
			Y.applyUpdate(this.doc, update, null);
		} finally {
			this.capture = null;
		}
		this.size += update.length;
		this.enqueue(update, { kind: 'update', relay, origin: null });
	}

	/**
	 * An update another process has already saved: applied and relayed to every local connection,
	 * not saved again. Queued updates of this process are not held back by it, nor it by them.
	 */
	applyRemote(update: Uint8Array): void {
		if (this.failed) return;
		const relay: Uint8Array[] = [];
		this.capture = relay;
		try {
			Y.applyUpdate(this.doc, update, REMOTE);
		} finally {
			this.capture = null;
		}
		for (const u of relay) {
			const message = updateMessage(u);
			for (const c of this.conns) this.send(c, message);
		}
		if (relay.length > 0) this.size += update.length;
	}

	applyRemoteAwareness(update: Uint8Array): void {
		if (this.failed) return;
		awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE);
	}

	/** Puts an update in the open batch, opening (and so appending) a new one if there is none. */
	private enqueue(update: Uint8Array, task: Task): void {
		if (this.failed) return;
		if (this.open) {
			this.open.updates.push(update);
			this.open.tasks.push(task);
			return;
		}
		const batch: Batch = { tasks: [task], updates: [update] };
		this.open = batch;
		const written = this.persistence.append(this.id, batch.updates, () => {
			if (this.open === batch) this.open = null;
		});
		this.after(written, batch);
	}

	/**
	 * Queues a sync answer behind every update applied before it: in the open batch, else behind
	 * the batches in flight, else (nothing pending) it leaves at once.
	 */
	private answer(conn: Connection, message: Uint8Array): void {
		if (this.open) this.open.tasks.push({ kind: 'send', conn, message });
		else if (this.inFlight > 0)
			this.after(Promise.resolve(), { tasks: [{ kind: 'send', conn, message }], updates: [] });
		else this.send(conn, message);
	}

	/** Relays `batch` once `written` has resolved and every batch before it has been relayed. */
	private after(written: Promise<void>, batch: Batch): void {
		this.inFlight++;
		const previous = this.tail;
		// Observed at once, so a failed write is never an unhandled rejection while it waits.
		const outcome = written.then(
			() => null,
			(err: unknown) => ({ err })
		);
		this.tail = (async () => {
			const failure = await outcome;
			await previous;
			try {
				if (this.failed) return;
				if (failure) {
					this.log.error({ err: failure.err, doc: this.id }, 'could not append document updates');
					this.fail();
					return;
				}
				if (batch.updates.length > 0) {
					this.logLength += batch.updates.length;
					this.hooks.onPersisted?.(this, batch.updates);
				}
				this.relay(batch.tasks);
				for (const t of batch.tasks) if (t.kind === 'send') this.send(t.conn, t.message);
				if (batch.updates.length > 0) this.hooks.onChanged(this);
			} catch (err) {
				this.log.error({ err, doc: this.id }, 'could not relay document updates');
			} finally {
				this.inFlight--;
				if (this.inFlight === 0 && !this.failed) {
					if (this.logLength >= this.limits.compactEvery) void this.compact();
					if (this.conns.size === 0) this.scheduleIdle();
				}
			}
		})();
	}

	/**
	 * Relays a batch, all of it durable now. Every websocket message costs a write to each
	 * connection's socket (a system call), which under many editors is most of the relay's time,
	 * so the batch goes out as one merged update per connection. Its senders get their own changes
	 * back only when the batch holds others' too (as the stock server always does); Yjs ignores
	 * what it already has. The sync answers of the batch, sent after it, hold only updates queued
	 * before them, so they too are durable.
	 */
	private relay(tasks: Task[]): void {
		const relayed: Uint8Array[] = [];
		const origins = new Set<Connection | null>();
		for (const t of tasks) {
			if (t.kind !== 'update' || t.relay.length === 0) continue;
			relayed.push(...t.relay);
			origins.add(t.origin);
		}
		if (relayed.length === 0) return;
		const message = updateMessage(relayed.length === 1 ? relayed[0] : Y.mergeUpdates(relayed));
		const [only] = origins;
		const skip = origins.size === 1 ? only : null;
		for (const c of this.conns) if (c !== skip) this.send(c, message);
	}

	/**
	 * Compacts the log in the background (appends go on meanwhile): compaction steps, each one
	 * statement's worth, until the log is down to half of `compactEvery` rows (store.ts `compact`).
	 */
	async compact(): Promise<void> {
		if (this.compacting || this.failed) return;
		this.compacting = true;
		try {
			for (let steps = 0; steps < 100 && !this.failed; steps++) {
				const before = this.logLength;
				const done = await this.persistence.compact(this.id);
				// Nothing left, or another process folded it: what this one counted is gone.
				if (!done) this.logLength = Math.max(0, this.logLength - before);
				else {
					this.logLength = Math.max(0, this.logLength - done.removed);
					if (done.snapshotBytes !== null) this.size = done.snapshotBytes;
				}
				if (!done || done.removed === 0 || this.logLength < this.limits.compactEvery / 2) break;
			}
		} catch (err) {
			this.log.warn({ err, doc: this.id }, 'compaction failed');
		} finally {
			this.compacting = false;
		}
	}

	/**
	 * The log could not be written: what is in memory is ahead of the database. Drop it; every
	 * client reconnects and sends what it has, which is then saved from the database's state.
	 */
	private fail(): void {
		this.failed = true;
		this.open = null;
		for (const c of [...this.conns]) close(c, CloseCode.internalError, 'could not save; reconnect');
		this.hooks.onFailed(this);
	}

	send(conn: Connection, message: Uint8Array): void {
		if (conn.closed) return;
		try {
			conn.ws.send(message, (err) => {
				if (err) close(conn, CloseCode.internalError, 'send failed');
			});
		} catch {
			close(conn, CloseCode.internalError, 'send failed');
		}
	}

	private scheduleIdle(): void {
		this.cancelIdle();
		this.idleTimer = setTimeout(() => {
			this.idleTimer = null;
			if (this.conns.size === 0) this.hooks.onIdle(this);
		}, this.limits.idleUnloadMs);
		this.idleTimer.unref();
	}

	private cancelIdle(): void {
		if (this.idleTimer) clearTimeout(this.idleTimer);
		this.idleTimer = null;
	}

	/** Waits until everything queued is durable. */
	async settled(): Promise<void> {
		while (this.busy && !this.failed) await new Promise((r) => setTimeout(r, 5));
	}

	destroy(): void {
		this.cancelIdle();
		this.awareness.destroy();
		this.doc.destroy();
	}
}

export function close(conn: Connection, code: number, reason: string): void {
	if (conn.closed) return;
	conn.closed = true;
	try {
		conn.ws.close(code, reason);
	} catch {
		conn.ws.terminate();
	}
	// A peer that never answers the close handshake is cut off.
	setTimeout(() => conn.ws.terminate(), 5000).unref();
}

export function updateMessage(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
	return encoding.toUint8Array(encoder);
}
