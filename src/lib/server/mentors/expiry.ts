/** The scheduled job: requests unanswered for too long are reminded, then expire. */
import { and, eq, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { mentorProfiles, mentorshipRequests, users } from '../../../../db/schema';
import * as m from '../../paraglide/messages';
import { transact } from '../core';
import { type Locale, EXPIRE_AFTER_DAYS, REMIND_AFTER_DAYS, DAY, localised } from './shared';
import { notifyUser } from './requests';

/**
 * Reminds mentors of requests unanswered for 7 days and expires those unanswered for 14, telling
 * both sides. Each row changes in a conditional update, so two processes running the job at once
 * send each reminder once. `now` is a parameter so tests control the clock.
 */
export async function expireAndRemind(
	db: Db,
	now: Date = new Date()
): Promise<{ reminded: number; expired: number }> {
	const expireBefore = new Date(now.getTime() - EXPIRE_AFTER_DAYS * DAY);
	const remindBefore = new Date(now.getTime() - REMIND_AFTER_DAYS * DAY);
	const expired = await transact(db, async (tx) => {
		const rows = await tx
			.update(mentorshipRequests)
			.set({ status: 'expired', endedAt: now })
			.where(
				and(
					eq(mentorshipRequests.status, 'pending'),
					lte(mentorshipRequests.createdAt, expireBefore)
				)
			)
			.returning({
				id: mentorshipRequests.id,
				mentorId: mentorshipRequests.mentorId,
				menteeId: mentorshipRequests.menteeId
			});
		for (const row of rows) {
			const [mentor] = await tx
				.select({ userId: mentorProfiles.userId, name: users.name })
				.from(mentorProfiles)
				.innerJoin(users, eq(users.id, mentorProfiles.userId))
				.where(eq(mentorProfiles.id, row.mentorId));
			const link = (locale: Locale) => localised(`/mentors/requests/${row.id}`, locale);
			await notifyUser(tx, row.menteeId, undefined, (locale) => ({
				kind: 'mentor.expired',
				title: m.mentor_notify_expired_title({ mentor: mentor?.name ?? '' }, { locale }),
				body: m.mentor_notify_expired_body({}, { locale }),
				link: link(locale)
			}));
			if (mentor)
				await notifyUser(tx, mentor.userId, undefined, (locale) => ({
					kind: 'mentor.expired',
					title: m.mentor_notify_expired_mentor_title({}, { locale }),
					link: link(locale)
				}));
		}
		return rows.length;
	});
	const reminded = await transact(db, async (tx) => {
		const rows = await tx
			.update(mentorshipRequests)
			.set({ remindedAt: now })
			.where(
				and(
					eq(mentorshipRequests.status, 'pending'),
					isNull(mentorshipRequests.remindedAt),
					lte(mentorshipRequests.createdAt, remindBefore)
				)
			)
			.returning({ id: mentorshipRequests.id, mentorId: mentorshipRequests.mentorId });
		for (const row of rows) {
			const [mentor] = await tx
				.select({ userId: mentorProfiles.userId })
				.from(mentorProfiles)
				.where(eq(mentorProfiles.id, row.mentorId));
			if (!mentor) continue;
			await notifyUser(tx, mentor.userId, undefined, (locale) => ({
				kind: 'mentor.reminder',
				title: m.mentor_notify_reminder_title({}, { locale }),
				body: m.mentor_notify_reminder_body(
					{ days: EXPIRE_AFTER_DAYS - REMIND_AFTER_DAYS },
					{ locale }
				),
				link: localised(`/mentors/requests/${row.id}`, locale)
			}));
		}
		return rows.length;
	});
	return { reminded: reminded as number, expired: expired as number };
}
