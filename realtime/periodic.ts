/**
 * The process's periodic jobs, in one place: what runs, how often, and how the last run went (shown
 * on /admin/system). Each job runs once shortly after start and then every interval; a run that is
 * still going when the next is due is not started twice; a failing job is logged and tried again at
 * its next turn. With several processes every one runs the jobs: each is idempotent (deletes of what
 * expired, expiry of what is due, reminders marked as sent in the same transaction).
 */
import type { Db } from '../db/client';
import type { Logger } from 'pino';
import { deleteExpiredSessions } from '../src/lib/server/auth/session';
import { pruneAuthAttempts } from '../src/lib/server/auth/accounts';
import { expireAndRemind } from '../src/lib/server/mentors';

export interface PeriodicJob {
	/** Stable name; /admin/system shows a translated label for the known ones. */
	name: string;
	everyMinutes: number;
	run(db: Db): Promise<unknown>;
}

export interface JobState {
	name: string;
	everyMinutes: number;
	lastRunAt: Date | null;
	lastOk: boolean | null;
}

export const periodicJobs: readonly PeriodicJob[] = [
	{ name: 'mentor-expiry', everyMinutes: 15, run: (db) => expireAndRemind(db) },
	// Expired sessions end their open sockets too (deleteExpiredSessions tells the live registry).
	{ name: 'session-cleanup', everyMinutes: 60, run: (db) => deleteExpiredSessions(db) },
	{ name: 'auth-attempts-cleanup', everyMinutes: 60, run: (db) => pruneAuthAttempts(db) }
];

export function startPeriodicJobs(
	db: () => Promise<Db>,
	log: Logger,
	{
		jobs = periodicJobs,
		firstDelayMs = 5_000,
		minuteMs = 60_000
	}: { jobs?: readonly PeriodicJob[]; firstDelayMs?: number; minuteMs?: number } = {}
): { states(): JobState[]; stop(): void } {
	const timers: NodeJS.Timeout[] = [];
	const states = jobs.map((job): JobState => ({
		name: job.name,
		everyMinutes: job.everyMinutes,
		lastRunAt: null,
		lastOk: null
	}));
	jobs.forEach((job, i) => {
		let running = false;
		const tick = async () => {
			if (running) return;
			running = true;
			try {
				await job.run(await db());
				states[i].lastOk = true;
			} catch (err) {
				log.error({ err, job: job.name }, 'periodic job failed');
				states[i].lastOk = false;
			} finally {
				states[i].lastRunAt = new Date();
				running = false;
			}
		};
		const first = setTimeout(tick, firstDelayMs);
		const every = setInterval(tick, job.everyMinutes * minuteMs);
		first.unref();
		every.unref();
		timers.push(first, every);
	});
	return {
		states: () => states.map((s) => ({ ...s })),
		stop() {
			for (const t of timers) clearTimeout(t);
		}
	};
}
