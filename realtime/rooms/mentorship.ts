/**
 * Mentorship conversations on the default namespace: a socket joins `mentorship:<id>` only when its
 * user is one of the pair (or an admin, read-only), gets the history in the join acknowledgement,
 * and sends through `postMessage`, which stores first and then broadcasts to the room.
 */
import * as mentors from '../../src/lib/server/mentors';
import { unstorable } from '../../src/lib/server/input';
import { rooms } from '../../src/lib/server/core/emit';
import type { SocketModule } from '../socket';

export const mentorshipRooms: SocketModule = (io, database) => {
	io.on('connection', (socket) => {
		const actor = socket.data.user;
		// The partner's e-mail links back to the site; the socket's origin passed the same-origin
		// check at the handshake.
		const headerOrigin = socket.handshake.headers.origin;
		const origin =
			process.env.ORIGIN || (typeof headerOrigin === 'string' ? headerOrigin : undefined);

		socket.on('mentorship:join', async (id, ack) => {
			if (typeof ack !== 'function') return;
			try {
				if (typeof id !== 'string' || !(await mentors.pairRole(database, actor, id)))
					return ack({ ok: false, error: 'forbidden' });
				await socket.join(rooms.mentorship(id));
				ack({ ok: true, messages: await mentors.messages(database, id) });
			} catch {
				ack({ ok: false, error: 'unavailable' });
			}
		});

		socket.on('mentorship:leave', (id) => {
			if (typeof id === 'string') void socket.leave(rooms.mentorship(id));
		});

		socket.on('mentorship:send', async (id, body, ack) => {
			if (typeof ack !== 'function') return;
			try {
				if (typeof id !== 'string' || typeof body !== 'string')
					return ack({ ok: false, error: 'invalid' });
				if (unstorable(body)) return ack({ ok: false, error: 'invalid_text' });
				const result = await mentors.postMessage(database, { actor, origin }, id, body);
				if (!result.ok) return ack({ ok: false, error: result.code });
				ack({ ok: true, message: result.message });
			} catch {
				ack({ ok: false, error: 'unavailable' });
			}
		});
	});
};
