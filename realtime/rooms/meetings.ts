/**
 * Live meeting rooms on the `/meetings` namespace, one socket.io room `meeting:<id>` per meeting.
 * Joined only by registered members, the chair and platform admins. Chat is stored before it is sent,
 * so a client that reconnects asks for everything after the last id it saw: no gaps, no duplicates.
 * Every event is checked: not in the room or not the chair → refused, nothing changes.
 */
import type { Namespace, Socket } from 'socket.io';
import type { RoomClientToServerEvents, RoomServerToClientEvents } from '../events';
import {
	agendaOf,
	agendaWire,
	getMeeting,
	setCurrentItem
} from '../../src/lib/server/meetings/meetings';
import {
	callNextHand,
	chatHistory,
	handsOf,
	lowerHand,
	postChat,
	raiseHand,
	roomRoleFor,
	type ChatMessage,
	type RoomRole as Role
} from '../../src/lib/server/meetings/room';
import { log } from '../../src/lib/server/log';
import { unstorable } from '../../src/lib/server/input';
import { isUuid } from '../../src/lib/server/core';
import { authedNamespace, type SocketData, type SocketModule } from '../socket';
import { memoryPresence, redisPresence, type PresenceStore } from './presence';

export const CHAT_MAX_LENGTH = 1000;
/** Flood limit per user: at most this many messages in the window. */
export const CHAT_RATE = { count: 10, windowMs: 10_000 };

type Ack = (reply: Record<string, unknown>) => void;

const room = (id: string) => `meeting:${id}`;

export type { ChatMessage };

export const registerMeetingRooms: SocketModule = (io, db, context) => {
	const nsp = authedNamespace(io, db, '/meetings') as Namespace<
		RoomClientToServerEvents,
		RoomServerToClientEvents
	>;
	/** Who is in which room: in memory, or across processes with Redis (./presence.ts). */
	const presence: PresenceStore = context?.redis
		? redisPresence(context.redis, {
				onExpired: (meetingId, gone) => {
					for (const p of gone) nsp.to(room(meetingId)).emit('presence:left', p);
				}
			})
		: memoryPresence();
	context?.onClose(() => presence.close());
	/** userId → send times within the window. */
	const sent = new Map<string, number[]>();

	const presenceList = (meetingId: string) => presence.list(meetingId);

	/** The socket's role in a meeting it has joined, or null. */
	function roleIn(socket: Socket, meetingId: unknown): Role | null {
		if (typeof meetingId !== 'string') return null;
		const roles = (socket.data as { roles?: Map<string, Role> }).roles;
		return roles?.get(meetingId) ?? null;
	}

	function leave(socket: Socket, meetingId: string) {
		const user = (socket.data as SocketData).user;
		presence.leave(meetingId, user.id).then(
			(gone) => {
				if (gone) {
					nsp.to(room(meetingId)).emit('presence:left', { userId: user.id, name: user.name });
				}
			},
			(err) => log.warn({ err, meetingId }, 'presence leave failed')
		);
	}

	nsp.on('connection', (socket) => {
		const user = (socket.data as SocketData).user;
		const roles = new Map<string, Role>();
		(socket.data as { roles?: Map<string, Role> }).roles = roles;

		// After a change of rights (a registration cancelled, a member removed from the network):
		// a socket that may no longer be in one of its rooms is told why and disconnected, so it
		// posts nothing more; a chair who is now a member continues as a member.
		(socket.data as SocketData).recheck = async () => {
			for (const [meetingId, had] of [...roles]) {
				const meeting = await getMeeting(db, meetingId);
				const role = meeting ? await roomRoleFor(db, user, meeting) : null;
				if (!roles.has(meetingId) || socket.disconnected) continue;
				if (role) {
					if (role !== had) roles.set(meetingId, role);
					continue;
				}
				roles.delete(meetingId);
				leave(socket, meetingId);
				socket.emit('session:ended', { reason: 'access_lost', meetingId });
				socket.disconnect(true);
				return;
			}
		};

		const safe =
			(handler: (payload: Record<string, unknown>, ack: Ack) => Promise<void>) =>
			(payload: unknown, ack?: unknown) => {
				const reply: Ack = typeof ack === 'function' ? (ack as Ack) : () => {};
				const body =
					payload && typeof payload === 'object' && !Array.isArray(payload)
						? (payload as Record<string, unknown>)
						: {};
				// Text no column can hold (NUL, lone surrogates) is refused, naming the field.
				for (const [field, value] of Object.entries(body)) {
					if (typeof value === 'string' && unstorable(value))
						return reply({ ok: false, error: 'invalid_text', field });
				}
				handler(body, reply).catch((err) => {
					log.error({ err, user: user.id }, 'meeting room event failed');
					reply({ ok: false, error: 'server_error' });
				});
			};

		socket.on(
			'join',
			safe(async ({ meetingId, since }, ack) => {
				if (!isUuid(meetingId)) return ack({ ok: false, error: 'not_found' });
				const meeting = await getMeeting(db, meetingId);
				if (!meeting) return ack({ ok: false, error: 'not_found' });
				const role = await roomRoleFor(db, user, meeting);
				if (!role) return ack({ ok: false, error: 'forbidden' });
				if (meeting.status === 'cancelled') return ack({ ok: false, error: 'cancelled' });
				const already = roles.has(meetingId);
				roles.set(meetingId, role);
				await socket.join(room(meetingId));
				if (!already) {
					const arrived = await presence
						.join(meetingId, { userId: user.id, name: user.name })
						.catch((err) => {
							log.warn({ err, meetingId }, 'presence join failed');
							return true;
						});
					if (arrived) {
						socket
							.to(room(meetingId))
							.emit('presence:joined', { userId: user.id, name: user.name });
					}
				}
				const after =
					typeof since === 'number' && Number.isSafeInteger(since) && since >= 0 ? since : null;
				const [messages, hands, agenda] = await Promise.all([
					chatHistory(db, meetingId, after),
					handsOf(db, meetingId),
					agendaOf(db, meetingId)
				]);
				ack({
					ok: true,
					role,
					me: { userId: user.id, name: user.name },
					presence: await presenceList(meetingId),
					hands,
					currentItemId: meeting.currentAgendaItemId,
					agenda: agendaWire(agenda),
					messages
				});
			})
		);

		socket.on(
			'leave',
			safe(async ({ meetingId }, ack) => {
				if (!roleIn(socket, meetingId)) return ack({ ok: false, error: 'not_in_room' });
				roles.delete(meetingId as string);
				leave(socket, meetingId as string);
				await socket.leave(room(meetingId as string));
				ack({ ok: true });
			})
		);

		socket.on(
			'chat',
			safe(async ({ meetingId, body }, ack) => {
				if (!roleIn(socket, meetingId)) return ack({ ok: false, error: 'not_in_room' });
				const text = typeof body === 'string' ? body.trim() : '';
				if (!text) return ack({ ok: false, error: 'empty' });
				if (text.length > CHAT_MAX_LENGTH)
					return ack({ ok: false, error: 'too_long', max: CHAT_MAX_LENGTH });
				const now = Date.now();
				const recent = (sent.get(user.id) ?? []).filter((t) => now - t < CHAT_RATE.windowMs);
				if (recent.length >= CHAT_RATE.count) {
					sent.set(user.id, recent);
					return ack({
						ok: false,
						error: 'rate_limited',
						retryAfterMs: CHAT_RATE.windowMs - (now - recent[0])
					});
				}
				recent.push(now);
				sent.set(user.id, recent);
				const message = await postChat(db, meetingId as string, user, text);
				nsp.to(room(meetingId as string)).emit('chat', message);
				ack({ ok: true, id: message.id });
			})
		);

		const broadcastHands = async (meetingId: string) =>
			nsp.to(room(meetingId)).emit('hands', await handsOf(db, meetingId));

		socket.on(
			'hand:raise',
			safe(async ({ meetingId }, ack) => {
				if (!roleIn(socket, meetingId)) return ack({ ok: false, error: 'not_in_room' });
				await raiseHand(db, meetingId as string, user.id);
				await broadcastHands(meetingId as string);
				ack({ ok: true });
			})
		);

		socket.on(
			'hand:lower',
			safe(async ({ meetingId }, ack) => {
				if (!roleIn(socket, meetingId)) return ack({ ok: false, error: 'not_in_room' });
				await lowerHand(db, meetingId as string, user.id);
				await broadcastHands(meetingId as string);
				ack({ ok: true });
			})
		);

		socket.on(
			'hand:next',
			safe(async ({ meetingId }, ack) => {
				if (roleIn(socket, meetingId) !== 'chair') return ack({ ok: false, error: 'forbidden' });
				const id = meetingId as string;
				const called = await callNextHand(db, id);
				if (called) nsp.to(room(id)).emit('hand:called', called);
				await broadcastHands(id);
				ack({ ok: true, called });
			})
		);

		socket.on(
			'agenda:set',
			safe(async ({ meetingId, itemId }, ack) => {
				if (roleIn(socket, meetingId) !== 'chair') return ack({ ok: false, error: 'forbidden' });
				const item = isUuid(itemId) ? itemId : null;
				if (itemId !== null && !item) return ack({ ok: false, error: 'not_found' });
				if (!(await setCurrentItem(db, meetingId as string, item)))
					return ack({ ok: false, error: 'not_found' });
				nsp.to(room(meetingId as string)).emit('agenda:current', { itemId: item });
				ack({ ok: true });
			})
		);

		socket.on('disconnecting', () => {
			for (const meetingId of roles.keys()) leave(socket, meetingId);
			roles.clear();
		});
	});
};
