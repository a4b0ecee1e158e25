/**
 * Fan-out of Yjs updates and awareness between app processes over Redis pub/sub, one channel per
 * document (`yjs:<document>`). A process publishes an update only after it is in the database, so
 * pub/sub is a speed-up, never the record: a process that misses messages (Redis restarted, a
 * subscription not yet in place) catches up from the database — at load, and for every loaded
 * document whenever its subscriber connection to Redis is ready again.
 *
 * Access changes travel the same channel, so a co-author removed or an entry archived on one process
 * is cut off on every process that holds a connection to it (2: re-check everyone's access; 3:
 * close the connections of the user id in the payload).
 *
 * Role and membership changes go to every process on one more channel, `yjs:#users` (4: re-check
 * the connections of the users named in the payload, or everyone's).
 *
 * Message: one type byte (0 update, 1 awareness, 2 access, 3 revoke, 4 users), the 16-byte id of the publishing process (each
 * process ignores its own), then the payload.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { fanoutMessages } from '../metrics';

export const KIND_UPDATE = 0;
export const KIND_AWARENESS = 1;
export const KIND_ACCESS = 2;
export const KIND_REVOKE = 3;
/** On USERS_CHANNEL: re-check the connections of the user ids in the payload (comma-separated, or `all`). */
export const KIND_USERS = 4;
/** A channel no document id can name (document ids have no `#`), for changes not tied to one document. */
export const USERS_CHANNEL = '#users';

export type FanoutHandler = (kind: number, payload: Uint8Array) => void;

export interface YjsFanout {
	readonly processId: string;
	/** Subscribes to the document's channel (waits at most a moment when Redis is away). */
	subscribe(documentId: string, handler: FanoutHandler): Promise<void>;
	unsubscribe(documentId: string): void;
	publish(documentId: string, kind: number, payload: Uint8Array): void;
	/** Called every time the subscriber is ready again after a disconnect. */
	onResync(listener: () => void): void;
	status(): 'ok' | 'down';
	/** Each of its Redis connections: publishing and subscribing. */
	connections(): Record<string, 'ok' | 'error'>;
	close(): Promise<void>;
}

const channelOf = (id: string) => `yjs:${id}`;

export async function createRedisFanout(redisUrl: string, log: Logger): Promise<YjsFanout> {
	const { Redis } = await import('ioredis');
	const id = randomBytes(16);
	const retryStrategy = (times: number) => Math.min(50 * times, 1000);
	// Publishing never waits for a reconnect: what is not published is in the database.
	const pub = new Redis(redisUrl, { enableOfflineQueue: false, retryStrategy });
	const sub = new Redis(redisUrl, { retryStrategy, autoResubscribe: true });
	const handlers = new Map<string, FanoutHandler>();
	const listeners: Array<() => void> = [];
	let readyOnce = false;
	let closed = false;
	for (const client of [pub, sub]) {
		client.on('error', (err: Error) => log.warn({ err: err.message }, 'yjs redis'));
	}
	sub.on('ready', () => {
		if (readyOnce && !closed) {
			log.info('yjs redis reconnected; catching up loaded documents from the database');
			// autoResubscribe runs on ready; give it a moment so nothing falls between the two.
			setTimeout(() => listeners.forEach((l) => l()), 100).unref();
		}
		readyOnce = true;
	});
	sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
		if (message.length < 17) return;
		if (id.equals(message.subarray(1, 17))) return;
		const docId = channel.toString().slice(4);
		const handler = handlers.get(docId);
		if (!handler) return;
		try {
			handler(message[0], new Uint8Array(message.subarray(17)));
		} catch (err) {
			log.warn({ err, doc: docId }, 'could not apply a fanned-out yjs message');
		}
	});

	return {
		processId: id.toString('hex'),
		async subscribe(documentId, handler) {
			handlers.set(documentId, handler);
			await Promise.race([
				sub.subscribe(channelOf(documentId)).catch(() => {}),
				new Promise((r) => setTimeout(r, 1000).unref())
			]);
		},
		unsubscribe(documentId) {
			handlers.delete(documentId);
			sub.unsubscribe(channelOf(documentId)).catch(() => {});
		},
		publish(documentId, kind, payload) {
			if (pub.status !== 'ready') return;
			const message = Buffer.concat([Buffer.from([kind]), id, payload]);
			pub.publish(channelOf(documentId), message).catch(() => {});
			fanoutMessages.inc();
		},
		onResync(listener) {
			listeners.push(listener);
		},
		status: () => (pub.status === 'ready' && sub.status === 'ready' ? 'ok' : 'down'),
		connections: () => ({
			yjsPublish: pub.status === 'ready' ? 'ok' : 'error',
			yjsSubscribe: sub.status === 'ready' ? 'ok' : 'error'
		}),
		async close() {
			closed = true;
			await Promise.allSettled([pub.quit(), sub.quit()]);
		}
	};
}
