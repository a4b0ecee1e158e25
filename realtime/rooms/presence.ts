/**
 * Who is in a meeting room. Each process counts its own sockets per user; the store says whether a
 * user's arrival or departure is news for the room and who is present.
 *
 * - In memory (one process, no Redis): the counts are the truth.
 * - Redis (several processes): a hash per room, `presence:<meeting>`, holds one field per process
 *   and user (`<process>|<user>` → name) and a set `presence:rooms` lists rooms with anyone in
 *   them. Each process keeps a heartbeat key `presence:alive:<process>` with a TTL of a few
 *   seconds; a sweep on every process removes the fields of processes whose heartbeat is gone and
 *   reports who left, so a crashed process's people leave the room within seconds.
 * - Redis restarted (its data gone): when the connection is ready again after it was lost, each
 *   process writes its heartbeat and all of its own entries again, so the rooms are whole again
 *   without anyone having to rejoin.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { log } from '../../src/lib/server/log';

export interface Present {
	userId: string;
	name: string;
}

export interface PresenceStore {
	/** True when the user was not in the room before (on any process). */
	join(meetingId: string, user: Present): Promise<boolean>;
	/** True when the user is now gone from the room (on every process). */
	leave(meetingId: string, userId: string): Promise<boolean>;
	list(meetingId: string): Promise<Present[]>;
	close(): Promise<void>;
}

export function memoryPresence(): PresenceStore {
	const rooms = new Map<string, Map<string, { name: string; sockets: number }>>();
	return {
		async join(meetingId, user) {
			let people = rooms.get(meetingId);
			if (!people) rooms.set(meetingId, (people = new Map()));
			const me = people.get(user.userId);
			if (me) {
				me.sockets += 1;
				return false;
			}
			people.set(user.userId, { name: user.name, sockets: 1 });
			return true;
		},
		async leave(meetingId, userId) {
			const people = rooms.get(meetingId);
			const me = people?.get(userId);
			if (!people || !me) return false;
			me.sockets -= 1;
			if (me.sockets > 0) return false;
			people.delete(userId);
			if (people.size === 0) rooms.delete(meetingId);
			return true;
		},
		async list(meetingId) {
			return [...(rooms.get(meetingId) ?? new Map()).entries()].map(([userId, p]) => ({
				userId,
				name: p.name
			}));
		},
		async close() {}
	};
}

export interface RedisPresenceOptions {
	/** Heartbeat key lifetime; a dead process's entries go within about this long. */
	ttlMs?: number;
	/** Called with the people a sweep found gone (their process died). */
	onExpired(meetingId: string, gone: Present[]): void;
}

const ROOMS = 'presence:rooms';
const roomKey = (id: string) => `presence:${id}`;
const aliveKey = (proc: string) => `presence:alive:${proc}`;

export function redisPresence(redis: Redis, options: RedisPresenceOptions): PresenceStore {
	const proc = randomBytes(8).toString('hex');
	const ttl = options.ttlMs ?? 5000;
	const local = memoryPresence();
	/** This process's entries (meeting → user → name), to write again after Redis lost them. */
	const mine = new Map<string, Map<string, string>>();
	let lost = false;
	let closed = false;

	const beat = () =>
		redis.set(aliveKey(proc), '1', 'PX', ttl).catch((err: Error) => {
			log.warn({ err: err.message }, 'presence heartbeat failed');
		});
	void beat();

	/** Fields of live processes only; dead ones are removed (and reported once, by whoever wins). */
	async function live(meetingId: string): Promise<Map<string, Present[]>> {
		const fields = await redis.hgetall(roomKey(meetingId));
		const byProc = new Map<string, Array<[string, Present]>>();
		for (const [field, name] of Object.entries(fields)) {
			const [p, userId] = field.split('|');
			if (!byProc.has(p)) byProc.set(p, []);
			byProc.get(p)!.push([field, { userId, name }]);
		}
		const procs = [...byProc.keys()];
		const alive = procs.length ? await redis.mget(...procs.map(aliveKey)) : [];
		const result = new Map<string, Present[]>();
		const dead: Array<[string, Present]> = [];
		procs.forEach((p, i) => {
			if (alive[i] || p === proc) {
				for (const [, present] of byProc.get(p)!) {
					const list = result.get(present.userId) ?? [];
					list.push(present);
					result.set(present.userId, list);
				}
			} else dead.push(...byProc.get(p)!);
		});
		const gone: Present[] = [];
		for (const [field, present] of dead) {
			if ((await redis.hdel(roomKey(meetingId), field)) === 1 && !result.has(present.userId)) {
				gone.push(present);
			}
		}
		if (gone.length) options.onExpired(meetingId, gone);
		return result;
	}

	async function sweep() {
		const ids = await redis.smembers(ROOMS);
		for (const id of ids) {
			const people = await live(id);
			if (people.size === 0) {
				// Nobody left: forget the room unless someone arrived meanwhile.
				if ((await redis.hlen(roomKey(id))) === 0) await redis.srem(ROOMS, id);
			}
		}
	}

	async function reassert() {
		await beat();
		for (const [meetingId, people] of mine) {
			if (!people.size) continue;
			const fields = Object.fromEntries(
				[...people].map(([userId, name]) => [`${proc}|${userId}`, name])
			);
			await redis.hset(roomKey(meetingId), fields);
			await redis.sadd(ROOMS, meetingId);
		}
	}
	const onLost = () => {
		if (!closed) lost = true;
	};
	const onReady = () => {
		if (!lost || closed) return;
		lost = false;
		reassert().then(
			() => log.info({ rooms: mine.size }, 'presence written again after Redis came back'),
			(err: Error) => {
				// Try again at the next reconnect; meanwhile the heartbeat keeps trying too.
				lost = true;
				log.warn({ err: err.message }, 'presence could not be written again');
			}
		);
	};
	redis.on('error', onLost);
	redis.on('close', onLost);
	redis.on('ready', onReady);

	const timer = setInterval(
		() => {
			void beat();
			sweep().catch((err: Error) => log.warn({ err: err.message }, 'presence sweep failed'));
		},
		Math.max(200, Math.floor(ttl / 3))
	);
	timer.unref();

	return {
		async join(meetingId, user) {
			if (!(await local.join(meetingId, user))) return false;
			let people = mine.get(meetingId);
			if (!people) mine.set(meetingId, (people = new Map()));
			people.set(user.userId, user.name);
			const others = await live(meetingId).catch(() => new Map<string, Present[]>());
			await redis.hset(roomKey(meetingId), `${proc}|${user.userId}`, user.name);
			await redis.sadd(ROOMS, meetingId);
			return !others.has(user.userId);
		},
		async leave(meetingId, userId) {
			if (!(await local.leave(meetingId, userId))) return false;
			const people = mine.get(meetingId);
			people?.delete(userId);
			if (people?.size === 0) mine.delete(meetingId);
			await redis.hdel(roomKey(meetingId), `${proc}|${userId}`);
			const others = await live(meetingId).catch(() => new Map<string, Present[]>());
			return !others.has(userId);
		},
		async list(meetingId) {
			try {
				const people = await live(meetingId);
				return [...people.values()].map((list) => list[0]);
			} catch {
				// Redis away: at least those on this process.
				return local.list(meetingId);
			}
		},
		async close() {
			closed = true;
			clearInterval(timer);
			redis.off('error', onLost);
			redis.off('close', onLost);
			redis.off('ready', onReady);
			// Leave every room at once, so others do not wait for the heartbeat to expire.
			try {
				const ids = await redis.smembers(ROOMS);
				for (const id of ids) {
					const fields = await redis.hkeys(roomKey(id));
					const mine = fields.filter((f) => f.startsWith(`${proc}|`));
					if (mine.length) await redis.hdel(roomKey(id), ...mine);
				}
				await redis.del(aliveKey(proc));
			} catch {
				/* expires by itself */
			}
		}
	};
}
