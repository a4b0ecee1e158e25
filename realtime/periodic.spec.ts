import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../tests/helpers/db';
import type { Db } from '../db/client';
import { authAttempts, sessions, users } from '../db/schema';
import { periodicJobs, startPeriodicJobs, type PeriodicJob } from './periodic';

const quiet = pino({ level: 'silent' });
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startPeriodicJobs', () => {
	it('runs each job soon after start and then every interval, recording the outcome', async () => {
		const runs: string[] = [];
		const jobs: PeriodicJob[] = [
			{ name: 'good', everyMinutes: 1, run: async () => void runs.push('good') },
			{
				name: 'bad',
				everyMinutes: 1,
				run: async () => {
					runs.push('bad');
					throw new Error('down');
				}
			}
		];
		const started = startPeriodicJobs(async () => ({}) as Db, quiet, {
			jobs,
			firstDelayMs: 5,
			minuteMs: 40
		});
		expect(started.states().map((s) => s.lastRunAt)).toEqual([null, null]);
		await wait(150);
		started.stop();
		const [good, bad] = started.states();
		expect(good).toMatchObject({ name: 'good', everyMinutes: 1, lastOk: true });
		expect(bad).toMatchObject({ name: 'bad', lastOk: false });
		expect(good.lastRunAt).toBeInstanceOf(Date);
		// The failing job did not stop itself or the other: both ran again on their interval.
		expect(runs.filter((r) => r === 'good').length).toBeGreaterThanOrEqual(2);
		expect(runs.filter((r) => r === 'bad').length).toBeGreaterThanOrEqual(2);
		const after = runs.length;
		await wait(100);
		expect(runs.length).toBe(after);
	});

	it('does not start a run while the previous one of the same job is still going', async () => {
		let active = 0;
		let most = 0;
		const slow: PeriodicJob = {
			name: 'slow',
			everyMinutes: 1,
			run: async () => {
				most = Math.max(most, ++active);
				await wait(120);
				active--;
			}
		};
		const started = startPeriodicJobs(async () => ({}) as Db, quiet, {
			jobs: [slow],
			firstDelayMs: 1,
			minuteMs: 20
		});
		await wait(200);
		started.stop();
		expect(most).toBe(1);
	});
});

describe('the periodic jobs', () => {
	let handle: Awaited<ReturnType<typeof testDb>>;
	let db: Db;
	beforeAll(async () => {
		handle = await testDb();
		db = handle.db;
	}, 120_000);
	afterAll(() => handle?.drop());

	const job = (name: string) => periodicJobs.find((j) => j.name === name)!;

	it('include the mentorship expiry and the cleanups of sessions and sign-in attempts', () => {
		expect(periodicJobs.map((j) => j.name)).toEqual([
			'mentor-expiry',
			'session-cleanup',
			'auth-attempts-cleanup'
		]);
	});

	it('remove expired sessions and keep live ones', async () => {
		const [u] = await db
			.insert(users)
			.values({ email: 'periodic@jobs.test', name: 'P' })
			.returning();
		const hour = 3_600_000;
		await db.insert(sessions).values([
			{ id: 'expired', userId: u.id, expiresAt: new Date(Date.now() - hour) },
			{ id: 'live', userId: u.id, expiresAt: new Date(Date.now() + hour) }
		]);
		await job('session-cleanup').run(db);
		const left = await db.select().from(sessions).where(eq(sessions.userId, u.id));
		expect(left.map((s) => s.id)).toEqual(['live']);
	});

	it('remove sign-in attempts older than the limit window and keep recent ones', async () => {
		await db.insert(authAttempts).values([
			{ key: 'old', at: new Date(Date.now() - 24 * 3_600_000) },
			{ key: 'recent', at: new Date() }
		]);
		await job('auth-attempts-cleanup').run(db);
		const left = await db.select({ key: authAttempts.key }).from(authAttempts);
		expect(left.map((a) => a.key)).toEqual(['recent']);
	});
});
