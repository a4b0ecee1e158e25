import { error, redirect } from '@sveltejs/kit';
import * as park from '$lib/server/park';
import { field, invalid } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { parkErrors } from '$lib/park/labels';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { wallClock } from '$lib/time';
import { formatRange } from '$lib/format';
import type { Actions, PageServerLoad } from './$types';

const { rooms } = park;

/** Public: the rooms and when they are taken. Booking: Staldgården tenants and platform admins. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = locals.user;
	const now = new Date();
	const [roomList, upcoming, tenancies] = await Promise.all([
		rooms.rooms(locals.db),
		rooms.upcoming(locals.db, now),
		user ? rooms.tenancies(locals.db, user.id) : []
	]);
	return {
		rooms: roomList,
		upcoming: upcoming.map((b) => ({
			id: b.id,
			roomName: b.roomName,
			title: b.title,
			startsAt: b.startsAt,
			endsAt: b.endsAt,
			bookedByName: b.bookedByName,
			organisationName: b.organisationName,
			mine: user ? b.bookedBy === user.id || user.role === 'admin' : false
		})),
		signedIn: Boolean(user),
		canBook: Boolean(user) && (user!.role === 'admin' || tenancies.length > 0),
		tenancies,
		today: wallClock(now).date,
		done: url.searchParams.get('done')
	};
};

export const actions: Actions = {
	book: async ({ locals, request }) => {
		const user = requireUser(locals);
		const data = await request.formData();
		const values = {
			roomId: field(data, 'roomId'),
			organisationId: field(data, 'organisationId'),
			date: field(data, 'date'),
			start: field(data, 'start'),
			end: field(data, 'end'),
			title: field(data, 'title')
		};
		const result = await rooms.book(locals.db, user, values);
		if (result.ok) redirect(303, localizeHref('/park/rooms?done=booked'));
		if (result.code === 'forbidden') error(403, 'Tenants only');
		if (result.code === 'invalid') return invalid(400, values, parkErrors(result.errors));
		const c = result.conflict;
		return invalid(409, values, {
			date: c
				? m.park_rooms_conflict({
						title: c.title,
						room: c.roomName,
						when: formatRange(c.startsAt, c.endsAt)
					})
				: m.park_rooms_conflict_unknown()
		});
	},

	cancel: async ({ locals, request }) => {
		const user = requireUser(locals);
		const data = await request.formData();
		const result = await rooms.cancel(locals.db, user, field(data, 'bookingId'));
		if (!result.ok) error(result.code === 'forbidden' ? 403 : 404, 'Not allowed');
		redirect(303, localizeHref('/park/rooms?done=cancelled'));
	}
};
