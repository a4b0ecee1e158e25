import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testDb } from '../helpers/db';
import { queryRows } from '../../db/client';

let handle: Awaited<ReturnType<typeof testDb>>;
beforeAll(async () => {
	handle = await testDb();
});
afterAll(() => handle?.drop());

describe('room booking constraint', () => {
	it('refuses an overlapping booking of the same room', async () => {
		const [room] = await queryRows<{ id: string }>(
			handle.db,
			sql`insert into park_rooms (name, slug, capacity) values ('A', 'a', 4) returning id`
		);
		await handle.db.execute(
			sql`insert into park_bookings (room_id, title, starts_at, ends_at) values (${room.id}, 'x', '2030-01-01T10:00Z', '2030-01-01T11:00Z')`
		);
		await expect(
			handle.db.execute(
				sql`insert into park_bookings (room_id, title, starts_at, ends_at) values (${room.id}, 'y', '2030-01-01T10:30Z', '2030-01-01T11:30Z')`
			)
		).rejects.toThrow();
	});
});
