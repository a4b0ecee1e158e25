import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import pino from 'pino';
import type { WebSocket } from 'ws';
import { CloseCode, limitsFromEnv } from './limits';
import { MESSAGE_SYNC, SharedDoc, type Connection, type Persistence } from './shared-doc';

/** One call of `append`, settled by the test (the batcher and the database, played by hand). */
interface Append {
	documentId: string;
	/** The very array SharedDoc handed over: it may still grow until `sealed` is called. */
	updates: Uint8Array[];
	sealed?: () => void;
	resolve(): void;
	reject(err: unknown): void;
}

function fakePersistence() {
	const calls: Append[] = [];
	const persistence: Persistence = {
		append: (documentId, updates, sealed) =>
			new Promise<void>((resolve, reject) =>
				calls.push({ documentId, updates, sealed, resolve, reject })
			),
		compact: async () => null
	};
	return { calls, persistence };
}

interface FakeConn {
	conn: Connection;
	sent: Uint8Array[];
	closes: { code?: number; reason?: string }[];
}

function fakeConn(access: 'write' | 'read' = 'write'): FakeConn {
	const sent: Uint8Array[] = [];
	const closes: { code?: number; reason?: string }[] = [];
	const ws = {
		send(message: Uint8Array, cb?: (err?: Error) => void) {
			sent.push(message);
			cb?.();
		},
		close(code?: number, reason?: string) {
			closes.push({ code, reason });
		},
		terminate() {}
	};
	const conn: Connection = {
		ws: ws as unknown as WebSocket,
		userId: 'user',
		userName: 'User',
		access,
		clientIds: new Set(),
		alive: true,
		closed: false
	};
	return { conn, sent, closes };
}

const hookCalls = { changed: 0, failed: 0, persisted: [] as Uint8Array[][] };

const docs: SharedDoc[] = [];
function sharedDoc(persistence: Persistence, id = 'doc-1'): SharedDoc {
	const doc = new SharedDoc(
		id,
		Y.encodeStateAsUpdate(new Y.Doc()),
		0,
		limitsFromEnv({}),
		persistence,
		pino({ level: 'silent' }),
		{
			onIdle() {},
			onFailed() {
				hookCalls.failed++;
			},
			onChanged() {
				hookCalls.changed++;
			},
			onPersisted(_doc, updates) {
				hookCalls.persisted.push([...updates]);
			}
		}
	);
	docs.push(doc);
	return doc;
}

afterEach(() => {
	for (const d of docs.splice(0)) d.destroy();
	hookCalls.changed = 0;
	hookCalls.failed = 0;
	hookCalls.persisted = [];
});

/** A client editing its own copy: each call returns the Yjs update of one insertion at the end. */
function client() {
	const doc = new Y.Doc();
	const text = doc.getText('t');
	return {
		doc,
		type(s: string): Uint8Array {
			const before = Y.encodeStateVector(doc);
			text.insert(text.length, s);
			return Y.encodeStateAsUpdate(doc, before);
		}
	};
}

/** A y-websocket sync update message (what a client sends for each local change). */
function updateMsg(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** A y-websocket sync step 1 (the client's state vector). */
function step1Msg(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

/** The Yjs payloads of the sync messages of sub-type `sub` among `messages`, in order. */
function syncPayloads(messages: Uint8Array[], sub: number): Uint8Array[] {
	const out: Uint8Array[] = [];
	for (const m of messages) {
		const decoder = decoding.createDecoder(m);
		if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) continue;
		if (decoding.readVarUint(decoder) !== sub) continue;
		out.push(decoding.readVarUint8Array(decoder));
	}
	return out;
}

const updatesOf = (messages: Uint8Array[]) => syncPayloads(messages, syncProtocol.messageYjsUpdate);

/** Lets every promise continuation and timer already due run. */
const settle = () => new Promise((r) => setTimeout(r, 10));

describe('SharedDoc outbox', () => {
	it('greets a new connection with sync step 1 and nothing else', () => {
		const { persistence } = fakePersistence();
		const doc = sharedDoc(persistence);
		const a = fakeConn();
		doc.add(a.conn);
		expect(a.sent).toHaveLength(1);
		expect(syncPayloads(a.sent, syncProtocol.messageYjsSyncStep1)).toHaveLength(1);
	});

	it('adds updates to the open batch until it is sealed, then appends the next batch at once', async () => {
		const { calls, persistence } = fakePersistence();
		const doc = sharedDoc(persistence, 'doc-pipeline');
		const a = fakeConn();
		doc.add(a.conn);
		const c = client();

		doc.receive(a.conn, updateMsg(c.type('a')));
		expect(calls).toHaveLength(1);
		expect(calls[0].documentId).toBe('doc-pipeline');
		expect(calls[0].updates).toHaveLength(1);

		// Not yet sealed: the same batch (the same array) takes the next update.
		doc.receive(a.conn, updateMsg(c.type('b')));
		expect(calls).toHaveLength(1);
		expect(calls[0].updates).toHaveLength(2);

		calls[0].sealed!();
		doc.receive(a.conn, updateMsg(c.type('c')));
		// A second append while the first is still unresolved: the pipeline does not wait.
		expect(calls).toHaveLength(2);
		expect(calls[1].updates).toHaveLength(1);
		expect(calls[0].updates).toHaveLength(2);

		// The batches hold exactly the updates, in order.
		const replay = new Y.Doc();
		for (const u of [...calls[0].updates, ...calls[1].updates]) Y.applyUpdate(replay, u);
		expect(replay.getText('t').toString()).toBe('abc');
		expect(doc.busy).toBe(true);
	});

	it('gives a persistence that seals at once one append per update, still relayed in order', async () => {
		const calls: Append[] = [];
		const persistence: Persistence = {
			append: (documentId, updates, sealed) => {
				sealed?.();
				return new Promise<void>((resolve, reject) =>
					calls.push({ documentId, updates, sealed, resolve, reject })
				);
			},
			compact: async () => null
		};
		const doc = sharedDoc(persistence);
		const a = fakeConn();
		const b = fakeConn();
		doc.add(a.conn);
		doc.add(b.conn);
		const c = client();
		for (const s of ['x', 'y', 'z']) doc.receive(a.conn, updateMsg(c.type(s)));
		expect(calls.map((call) => call.updates.length)).toEqual([1, 1, 1]);

		calls[2].resolve();
		calls[1].resolve();
		await settle();
		expect(updatesOf(b.sent)).toHaveLength(0);
		calls[0].resolve();
		await settle();
		const replay = new Y.Doc();
		const texts = updatesOf(b.sent).map((u) => {
			Y.applyUpdate(replay, u);
			return replay.getText('t').toString();
		});
		expect(texts).toEqual(['x', 'xy', 'xyz']);
	});

	it('relays a batch to everyone but its only writer, and to all when several wrote it', async () => {
		const { calls, persistence } = fakePersistence();
		const doc = sharedDoc(persistence);
		const a = fakeConn();
		const b = fakeConn();
		const reader = fakeConn('read');
		for (const x of [a, b, reader]) doc.add(x.conn);
		const ca = client();
		const cb = client();

		doc.receive(a.conn, updateMsg(ca.type('A')));
		calls[0].sealed!();
		doc.receive(a.conn, updateMsg(ca.type('a')));
		doc.receive(b.conn, updateMsg(cb.type('B')));
		calls[1].sealed!();
		calls[0].resolve();
		calls[1].resolve();
		await settle();

		// First batch: A's alone, so A does not get it back.
		expect(updatesOf(a.sent)).toHaveLength(1);
		expect(updatesOf(b.sent)).toHaveLength(2);
		expect(updatesOf(reader.sent)).toHaveLength(2);
		// Everyone ends up with the whole document.
		for (const [x, own] of [
			[a, ca.doc],
			[b, cb.doc],
			[reader, new Y.Doc()]
		] as const) {
			for (const u of updatesOf(x.sent)) Y.applyUpdate(own, u);
			expect(own.getText('t').toString()).toBe(doc.doc.getText('t').toString());
		}
		expect(doc.doc.getText('t').toString()).toHaveLength(3);
	});

	it('relays nothing before its write resolves', async () => {
		const { calls, persistence } = fakePersistence();
		const doc = sharedDoc(persistence);
		const a = fakeConn();
		const b = fakeConn();
		doc.add(a.conn);
		doc.add(b.conn);
		const c = client();

		doc.receive(a.conn, updateMsg(c.type('hello')));
		calls[0].sealed!();
		await settle();
		expect(updatesOf(b.sent)).toHaveLength(0);
		expect(hookCalls.changed).toBe(0);
		expect(hookCalls.persisted).toHaveLength(0);

		calls[0].resolve();
		await settle();
		const relayed = updatesOf(b.sent);
		expect(relayed).toHaveLength(1);
		const replay = new Y.Doc();
		Y.applyUpdate(replay, relayed[0]);
		expect(replay.getText('t').toString()).toBe('hello');
		expect(hookCalls.changed).toBe(1);
		expect(hookCalls.persisted).toHaveLength(1);
	});

	it('relays batches in order even when a later write commits first', async () => {
		const { calls, persistence } = fakePersistence();
		const doc = sharedDoc(persistence);
		const a = fakeConn();
		const b = fakeConn();
		doc.add(a.conn);
		doc.add(b.conn);
		const c = client();

		doc.receive(a.conn, updateMsg(c.type('a')));
		doc.receive(a.conn, updateMsg(c.type('b')));
		calls[0].sealed!();
		doc.receive(a.conn, updateMsg(c.type('c')));
		calls[1].sealed!();
		expect(calls).toHaveLength(2);

		// The second batch is durable first: still nothing may go out.
		calls[1].resolve();
		await settle();
		expect(updatesOf(b.sent)).toHaveLength(0);
		expect(hookCalls.persisted).toHaveLength(0);

		calls[0].resolve();
		await settle();
		const relayed = updatesOf(b.sent);
		expect(relayed).toHaveLength(2);
		// Applied in the order received, each message brings exactly its own batch.
		const replay = new Y.Doc();
		Y.applyUpdate(replay, relayed[0]);
		expect(replay.getText('t').toString()).toBe('ab');
		Y.applyUpdate(replay, relayed[1]);
		expect(replay.getText('t').toString()).toBe('abc');
		expect(hookCalls.persisted.map((p) => p.length)).toEqual([2, 1]);
	});

	it.each([
		['still open', false],
		['sealed and in flight', true]
	])('answers a sync step 1 only once the batch before it (%s) is durable', async (_, seal) => {
		const { calls, persistence } = fakePersistence();
		const doc = sharedDoc(persistence);
		const a = fakeConn();
		doc.add(a.conn);
		const c = client();
		doc.receive(a.conn, updateMsg(c.type('pending')));
		if (seal) calls[0].sealed!();

		const late = fakeConn();
		doc.add(late.conn);
		expect(late.sent).toHaveLength(1); // the server's own sync step 1
		doc.receive(late.conn, step1Msg(new Y.Doc()));
		await settle();
		expect(syncPayloads(late.sent, syncProtocol.messageYjsSyncStep2)).toHaveLength(0);
		expect(late.sent).toHaveLength(1);

		calls[0].resolve();
		await settle();
		const answers = syncPayloads(late.sent, syncProtocol.messageYjsSyncStep2);
		expect(answers).toHaveLength(1);
		const replay = new Y.Doc();
		Y.applyUpdate(replay, answers[0]);
		expect(replay.getText('t').toString()).toBe('pending');
	});

	it('answers a sync step 1 at once when nothing is pending', () => {
		const { persistence } = fakePersistence();
		const doc = sharedDoc(persistence);
		const late = fakeConn();
		doc.add(late.conn);
		doc.receive(late.conn, step1Msg(new Y.Doc()));
		expect(syncPayloads(late.sent, syncProtocol.messageYjsSyncStep2)).toHaveLength(1);
	});

	it('closes every connection with 1011 when an append fails and relays no later batch', async () => {
		const { calls, persistence } = fakePersistence();
		const doc = sharedDoc(persistence);
		const a = fakeConn();
		const b = fakeConn();
		const reader = fakeConn('read');
		doc.add(a.conn);
		doc.add(b.conn);
		doc.add(reader.conn);
		const c = client();

		doc.receive(a.conn, updateMsg(c.type('lost')));
		calls[0].sealed!();
		doc.receive(a.conn, updateMsg(c.type(' later')));
		calls[1].sealed!();

		// The later batch is durable, but it comes after one that is not.
		calls[1].resolve();
		await settle();
		calls[0].reject(new Error('disk full'));
		await settle();

		expect(CloseCode.internalError).toBe(1011);
		for (const conn of [a, b, reader]) {
			expect(conn.closes.map((x) => x.code)).toEqual([CloseCode.internalError]);
			expect(conn.conn.closed).toBe(true);
			expect(updatesOf(conn.sent)).toHaveLength(0);
		}
		expect(doc.failed).toBe(true);
		expect(hookCalls.failed).toBe(1);
		// Neither batch counts as saved: no relay, no fan-out to other processes, no render.
		expect(hookCalls.persisted).toHaveLength(0);
		expect(hookCalls.changed).toBe(0);

		// A failed document takes nothing more.
		doc.receive(a.conn, updateMsg(c.type('!')));
		expect(calls).toHaveLength(2);
		await doc.settled();
	});

	it('settled() resolves only once every pending append has resolved', async () => {
		const { calls, persistence } = fakePersistence();
		const doc = sharedDoc(persistence);
		const a = fakeConn();
		doc.add(a.conn);
		const c = client();
		doc.receive(a.conn, updateMsg(c.type('x')));
		calls[0].sealed!();
		doc.receive(a.conn, updateMsg(c.type('y')));
		calls[1].sealed!();

		let done = false;
		const settled = doc.settled().then(() => (done = true));
		await new Promise((r) => setTimeout(r, 30));
		expect(done).toBe(false);

		calls[1].resolve();
		await new Promise((r) => setTimeout(r, 30));
		expect(done).toBe(false);

		calls[0].resolve();
		await settled;
		expect(done).toBe(true);
		expect(doc.busy).toBe(false);
	});
});
