import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { eq } from 'drizzle-orm';
import { testDb } from '../tests/helpers/db';
import { sessions, users } from '../db/schema';
import { createSessionRegistry, type LiveConnection } from './sessions';

let handle: Awaited<ReturnType<typeof testDb>>;
beforeAll(async () => {
	handle = await testDb();
}, 60_000);
afterAll(() => handle?.drop());

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('realtime connections and session expiry', () => {
	it('closes a connection when its session expires, and keeps one whose session slid on', async () => {
		const db = handle.db;
		const [user] = await db
			.insert(users)
			.values({ email: 'expiry@sessions.test', name: 'Udløb' })
			.returning({ id: users.id });
		const soon = new Date(Date.now() + 400);
		await db.insert(sessions).values([
			{ id: 'expiring', userId: user.id, expiresAt: soon },
			{ id: 'sliding', userId: user.id, expiresAt: soon }
		]);
		const registry = createSessionRegistry({ db: async () => db, log: pino({ level: 'silent' }) });
		const closed: string[] = [];
		const conn = (sessionId: string): LiveConnection => ({
			sessionId,
			userId: user.id,
			expiresAt: soon,
			close: (reason) => closed.push(`${sessionId}:${reason}`)
		});
		registry.register(conn('expiring'));
		registry.register(conn('sliding'));
		// The second session was used meanwhile: its expiry moved on (sliding expiry).
		await db
			.update(sessions)
			.set({ expiresAt: new Date(Date.now() + 60_000) })
			.where(eq(sessions.id, 'sliding'));
		await wait(1200);
		expect(closed).toEqual(['expiring:session_ended']);
		expect(registry.size()).toBe(1);
		registry.close();
	});
});
