/**
 * The parts of a data export that the domains hold: what the person wrote or asked for in the
 * library, meetings, mentor directory and business park. Secrets (calendar-feed and realtime
 * tokens) stay out. Each part is the person's own rows, newest last.
 */
import { asc, eq } from 'drizzle-orm';
import {
	adviceMessages,
	adviceRequests,
	caseAuthors,
	cases,
	meetingChatMessages,
	meetingRegistrations,
	meetings,
	mentorProfiles,
	mentorshipFeedback,
	mentorshipMessages,
	mentorshipRequests,
	mentorshipSessions,
	networkJoinRequests,
	networkMembers,
	networks,
	parkBookings
} from '../../../../db/schema';
import type { Exporter } from '.';

export const domainExporters: Exporter[] = [
	{
		key: 'library',
		collect: async (db, userId) => ({
			created: await db
				.select({ id: cases.id, title: cases.title, kind: cases.kind, status: cases.status })
				.from(cases)
				.where(eq(cases.createdBy, userId))
				.orderBy(asc(cases.createdAt)),
			coAuthored: await db
				.select({ caseId: caseAuthors.caseId, title: cases.title })
				.from(caseAuthors)
				.innerJoin(cases, eq(cases.id, caseAuthors.caseId))
				.where(eq(caseAuthors.userId, userId))
		})
	},
	{
		key: 'meetings',
		collect: async (db, userId) => ({
			registrations: await db
				.select({
					meeting: meetings.title,
					startsAt: meetings.startsAt,
					status: meetingRegistrations.status,
					attended: meetingRegistrations.attended,
					createdAt: meetingRegistrations.createdAt
				})
				.from(meetingRegistrations)
				.innerJoin(meetings, eq(meetings.id, meetingRegistrations.meetingId))
				.where(eq(meetingRegistrations.userId, userId))
				.orderBy(asc(meetingRegistrations.createdAt)),
			chat: await db
				.select({
					meeting: meetings.title,
					body: meetingChatMessages.body,
					createdAt: meetingChatMessages.createdAt
				})
				.from(meetingChatMessages)
				.innerJoin(meetings, eq(meetings.id, meetingChatMessages.meetingId))
				.where(eq(meetingChatMessages.userId, userId))
				.orderBy(asc(meetingChatMessages.createdAt)),
			networks: await db
				.select({ network: networks.name, role: networkMembers.role })
				.from(networkMembers)
				.innerJoin(networks, eq(networks.id, networkMembers.networkId))
				.where(eq(networkMembers.userId, userId)),
			joinRequests: await db
				.select({
					network: networks.name,
					status: networkJoinRequests.status,
					createdAt: networkJoinRequests.createdAt
				})
				.from(networkJoinRequests)
				.innerJoin(networks, eq(networks.id, networkJoinRequests.networkId))
				.where(eq(networkJoinRequests.userId, userId))
		})
	},
	{
		key: 'mentoring',
		collect: async (db, userId) => ({
			profile:
				(await db.select().from(mentorProfiles).where(eq(mentorProfiles.userId, userId)))[0] ??
				null,
			requestsMade: await db
				.select()
				.from(mentorshipRequests)
				.where(eq(mentorshipRequests.menteeId, userId))
				.orderBy(asc(mentorshipRequests.createdAt)),
			messages: await db
				.select({
					requestId: mentorshipMessages.requestId,
					body: mentorshipMessages.body,
					createdAt: mentorshipMessages.createdAt
				})
				.from(mentorshipMessages)
				.where(eq(mentorshipMessages.authorId, userId))
				.orderBy(asc(mentorshipMessages.createdAt)),
			sessions: await db
				.select()
				.from(mentorshipSessions)
				.where(eq(mentorshipSessions.authorId, userId)),
			feedback: await db
				.select()
				.from(mentorshipFeedback)
				.where(eq(mentorshipFeedback.authorId, userId))
		})
	},
	{
		key: 'park',
		collect: async (db, userId) => ({
			adviceRequests: await db
				.select()
				.from(adviceRequests)
				.where(eq(adviceRequests.requesterId, userId))
				.orderBy(asc(adviceRequests.createdAt)),
			adviceMessages: await db
				.select({
					requestId: adviceMessages.requestId,
					body: adviceMessages.body,
					createdAt: adviceMessages.createdAt
				})
				.from(adviceMessages)
				.where(eq(adviceMessages.authorId, userId))
				.orderBy(asc(adviceMessages.createdAt)),
			bookings: await db.select().from(parkBookings).where(eq(parkBookings.bookedBy, userId))
		})
	}
];
