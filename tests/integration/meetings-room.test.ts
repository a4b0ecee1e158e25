import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http';
import { startApp, type TestApp } from '../helpers/server';
import { createMeeting, RoomClient, waitFor } from '../helpers/meetings';

const PASSWORD = 'meetings-room-test-pw';
const people = {
	chair: { email: 'chair@room.test', name: 'Connie Chair', admin: true },
	alice: { email: 'alice@room.test', name: 'Alice Andersen' },
	bob: { email: 'bob@room.test', name: 'Bob Bertelsen' },
	carl: { email: 'carl@room.test', name: 'Carl Clausen' },
	dan: { email: 'dan@room.test', name: 'Dan Dalgaard' },
	eva: { email: 'eva@room.test', name: 'Eva Eriksen' },
	finn: { email: 'finn@room.test', name: 'Finn Frandsen' },
	gry: { email: 'gry@room.test', name: 'Gry Gregersen' }
} as const;
type Person = keyof typeof people;

let app: TestApp;
const clients = {} as Record<Person, Client>;
let meetingId: string;
const itemIds: string[] = [];
const open: RoomClient[] = [];

function room(person: Person | null, autoJoin = true): RoomClient {
	const r = new RoomClient(app.url, person ? clients[person] : null, meetingId, autoJoin);
	open.push(r);
	return r;
}

beforeAll(async () => {
	app = await startApp({ users: Object.values(people).map((p) => ({ ...p, password: PASSWORD })) });
	for (const [key, person] of Object.entries(people) as Array<[Person, { email: string }]>) {
		clients[key] = new Client(app.url);
		await clients[key].signIn(person.email, PASSWORD);
	}
	meetingId = await createMeeting(clients.chair);
	for (const title of ['Velkomst', 'Erfaringer fra medlemmerne', 'Eventuelt']) {
		const r = await clients.chair.post(`/meetings/${meetingId}/manage?/addItem`, {
			itemTitle: title,
			itemTime: '14:00',
			itemDuration: '20',
			itemPresenter: ''
		});
		expect(r.status).toBe(200);
	}
	for (const p of ['alice', 'bob', 'carl'] as const) {
		const r = await clients[p].post(`/meetings/${meetingId}?/register`, {});
		expect(r.status).toBe(200);
	}
}, 300_000); // creating each user spawns the admin command, slow on a loaded machine
afterAll(async () => {
	for (const r of open) r.close();
	await app?.stop();
});

describe('meeting room over socket.io', () => {
	it('refuses a connection without a session', async () => {
		const anon = room(null, false);
		const err = await new Promise<Error>((resolve) => anon.socket.once('connect_error', resolve));
		expect(err.message).toBe('unauthorized');
		anon.close();
	});

	it('refuses to let a member who is not registered join', async () => {
		const dan = room('dan');
		const reply = await dan.joined();
		expect(reply).toEqual({ ok: false, error: 'forbidden' });
		dan.close();
	});

	it('shows who is present and tells the room when someone joins and leaves', async () => {
		const alice = room('alice');
		const joinedAlice = await alice.joined();
		expect(joinedAlice.ok).toBe(true);
		const agenda = joinedAlice.agenda as Array<{ id: string; title: string }>;
		itemIds.push(...agenda.map((a) => a.id));
		expect(agenda.map((a) => a.title)).toEqual([
			'Velkomst',
			'Erfaringer fra medlemmerne',
			'Eventuelt'
		]);

		const joinedNotice = alice.next<{ name: string }>('presence:joined');
		const bob = room('bob');
		const joinedBob = await bob.joined();
		expect((await joinedNotice).name).toBe('Bob Bertelsen');
		const names = (joinedBob.presence as Array<{ name: string }>).map((p) => p.name).sort();
		expect(names).toEqual(['Alice Andersen', 'Bob Bertelsen']);

		const leftNotice = alice.next<{ name: string }>('presence:left');
		bob.close();
		expect((await leftNotice).name).toBe('Bob Bertelsen');
		alice.close();
	});

	it('delivers chat in order and catches up after a forced disconnect without gaps or duplicates', async () => {
		const alice = room('alice');
		const bob = room('bob');
		await Promise.all([alice.joined(), bob.joined()]);
		for (let i = 1; i <= 5; i++)
			expect((await alice.emit('chat', { body: `besked ${i}` })).ok).toBe(true);
		await waitFor(() => bob.messages.filter((m) => m.body.startsWith('besked')).length === 5);

		// Cut Bob's connection at the transport; socket.io reconnects by itself.
		const reconnected = new Promise((resolve) => bob.socket.io.once('reconnect', resolve));
		bob.socket.io.engine.close();
		await waitFor(() => !bob.socket.connected);
		for (let i = 6; i <= 8; i++)
			expect((await alice.emit('chat', { body: `besked ${i}` })).ok).toBe(true);
		await reconnected;
		await bob.joined(2);
		await waitFor(() => bob.messages.filter((m) => m.body.startsWith('besked')).length >= 8);
		const bodies = bob.messages.map((m) => m.body).filter((b) => b.startsWith('besked'));
		expect(bodies).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `besked ${i}`));
		// The second join asked only for what was missed.
		const catchUp = (bob.joins[1].messages as Array<{ body: string }>).map((m) => m.body);
		expect(catchUp).toEqual(['besked 6', 'besked 7', 'besked 8']);
		expect(bob.messages.map((m) => m.id)).toEqual(alice.messages.map((m) => m.id));

		// A newcomer gets the stored history on join.
		const carl = room('carl');
		await carl.joined();
		expect(carl.messages.map((m) => m.body).filter((b) => b.startsWith('besked'))).toEqual(bodies);
		for (const r of [alice, bob, carl]) r.close();
	});

	it('keeps markup in chat as plain text and refuses over-long and empty messages', async () => {
		const alice = room('alice');
		await alice.joined();
		const html = '<img src=x onerror=alert(1)><script>alert(2)</script>';
		const sent = await alice.emit('chat', { body: html });
		expect(sent.ok).toBe(true);
		await waitFor(() => alice.messages.some((m) => m.id === sent.id));
		expect(alice.messages.find((m) => m.id === sent.id)!.body).toBe(html);
		expect(await alice.emit('chat', { body: 'x'.repeat(1001) })).toEqual({
			ok: false,
			error: 'too_long',
			max: 1000
		});
		expect(await alice.emit('chat', { body: '   ' })).toEqual({ ok: false, error: 'empty' });
		alice.close();
	});

	it('answers malformed payloads with an error ack, never a crash or a server error', async () => {
		const alice = room('alice');
		await alice.joined();
		const events = ['join', 'leave', 'chat', 'hand:raise', 'hand:lower', 'hand:next', 'agenda:set'];
		const bad: unknown[] = [
			null,
			42,
			'tekst',
			[meetingId],
			{ meetingId: 'a\u0000b' },
			{ meetingId, body: 'nul\u0000byte' },
			{ meetingId, body: 'ensom \uD800 surrogat' },
			{ meetingId, text: 'referat \u0000' },
			{ meetingId, itemId: '\uDC00' },
			{ meetingId, since: 1e20 },
			{ meetingId, body: { nested: true }, text: ['x'], itemId: 12 },
			{ meetingId: { $ne: null } }
		];
		for (const event of events) {
			for (const payload of bad) {
				const reply = (await alice.socket.timeout(5000).emitWithAck(event, payload)) as Record<
					string,
					unknown
				>;
				expect(reply, `${event} ${JSON.stringify(payload)}`).toHaveProperty('ok');
				expect(reply.error, `${event} ${JSON.stringify(payload)}`).not.toBe('server_error');
			}
			// No acknowledgement function at all: must not throw either.
			alice.socket.emit(event, { meetingId, body: '\u0000' });
		}
		const nul = await alice.emit('chat', { body: 'nul\u0000byte' });
		expect(nul).toEqual({ ok: false, error: 'invalid_text', field: 'body' });
		// Still connected and working.
		expect((await alice.join()).ok).toBe(true);
		expect((await alice.emit('chat', { body: 'stadig her' })).ok).toBe(true);
		expect(app.child.exitCode).toBeNull();
		alice.close();
	});

	it('rate-limits a flooding user with a notice saying when to try again', async () => {
		const carl = room('carl');
		await carl.joined();
		const replies = [];
		for (let i = 0; i < 12; i++) replies.push(await carl.emit('chat', { body: `flood ${i}` }));
		expect(replies.slice(0, 10).every((r) => r.ok)).toBe(true);
		expect(replies[10]).toMatchObject({ ok: false, error: 'rate_limited' });
		expect(Number(replies[10].retryAfterMs)).toBeGreaterThan(0);
		carl.close();
	});

	it('refuses events from a user who has not joined the room, with no effect', async () => {
		const dan = room('dan', false);
		await waitFor(() => dan.socket.connected);
		expect(await dan.emit('chat', { body: 'ind ad bagdøren' })).toEqual({
			ok: false,
			error: 'not_in_room'
		});
		expect(await dan.emit('hand:raise')).toEqual({ ok: false, error: 'not_in_room' });
		const alice = room('alice');
		const state = await alice.joined();
		expect(
			(state.messages as Array<{ body: string }>).some((m) => m.body === 'ind ad bagdøren')
		).toBe(false);
		expect(state.hands).toEqual([]);
		dan.close();
		alice.close();
	});

	it('queues raised hands in order; only the chair calls the next and moves the agenda', async () => {
		const chair = room('chair');
		const alice = room('alice');
		const bob = room('bob');
		const carl = room('carl');
		const chairState = await chair.joined();
		expect(chairState.role).toBe('chair');
		await Promise.all([alice.joined(), bob.joined(), carl.joined()]);

		expect((await carl.emit('hand:raise')).ok).toBe(true);
		expect((await alice.emit('hand:raise')).ok).toBe(true);
		expect((await bob.emit('hand:raise')).ok).toBe(true);
		expect((await bob.emit('hand:raise')).ok).toBe(true); // raising twice keeps one place
		let hands = ((await chair.join()).hands as Array<{ name: string }>).map((h) => h.name);
		expect(hands).toEqual(['Carl Clausen', 'Alice Andersen', 'Bob Bertelsen']);

		// Members may not call the next speaker nor move the agenda.
		expect(await alice.emit('hand:next')).toEqual({ ok: false, error: 'forbidden' });
		expect(await alice.emit('agenda:set', { itemId: itemIds[1] })).toEqual({
			ok: false,
			error: 'forbidden'
		});
		const afterRefusal = await alice.join();
		expect((afterRefusal.hands as unknown[]).length).toBe(3);
		expect(afterRefusal.currentItemId).toBeNull();

		const calledSeen = bob.next<{ name: string }>('hand:called');
		const next = await chair.emit('hand:next');
		expect((next.called as { name: string }).name).toBe('Carl Clausen');
		expect((await calledSeen).name).toBe('Carl Clausen');

		expect((await alice.emit('hand:lower')).ok).toBe(true);
		hands = ((await chair.join()).hands as Array<{ name: string }>).map((h) => h.name);
		expect(hands).toEqual(['Bob Bertelsen']);

		const moved = Promise.all(
			[alice, bob, carl].map((r) => r.next<{ itemId: string }>('agenda:current'))
		);
		expect((await chair.emit('agenda:set', { itemId: itemIds[1] })).ok).toBe(true);
		expect((await moved).map((e) => e.itemId)).toEqual([itemIds[1], itemIds[1], itemIds[1]]);
		expect((await carl.join()).currentItemId).toBe(itemIds[1]);
		// An item of another meeting is refused.
		expect(
			await chair.emit('agenda:set', { itemId: '00000000-0000-4000-8000-000000000000' })
		).toEqual({
			ok: false,
			error: 'not_found'
		});
		for (const r of [chair, alice, bob, carl]) r.close();
	});

	it("keeps the open room's agenda live as the chair changes it, and tells the room when the meeting is cancelled", async () => {
		const id = await createMeeting(clients.chair, { title: 'Levende dagsorden' });
		const manage = `/meetings/${id}/manage`;
		const add = (title: string) =>
			clients.chair.post(`${manage}?/addItem`, {
				itemTitle: title,
				itemTime: '',
				itemDuration: '0'
			});
		expect((await add('Første punkt')).status).toBe(200);
		expect((await clients.alice.post(`/meetings/${id}?/register`, {})).status).toBe(200);
		const alice = new RoomClient(app.url, clients.alice, id);
		open.push(alice);
		const first = await alice.joined();
		expect((first.agenda as Array<{ title: string }>).map((a) => a.title)).toEqual([
			'Første punkt'
		]);

		type Update = { agenda: Array<{ id: string; title: string }>; currentItemId: string | null };
		let update = alice.next<Update>('agenda');
		expect((await add('Andet punkt')).status).toBe(200);
		expect((await update).agenda.map((a) => a.title)).toEqual(['Første punkt', 'Andet punkt']);

		const second = (await update).agenda[1].id;
		update = alice.next<Update>('agenda');
		await clients.chair.post(`${manage}?/moveItem`, { id: second, direction: 'up' });
		expect((await update).agenda.map((a) => a.title)).toEqual(['Andet punkt', 'Første punkt']);

		const chair = new RoomClient(app.url, clients.chair, id);
		open.push(chair);
		await chair.joined();
		expect((await chair.emit('agenda:set', { itemId: second })).ok).toBe(true);
		update = alice.next<Update>('agenda');
		await clients.chair.post(`${manage}?/removeItem`, { id: second });
		// The removed item was the current one: the room no longer points at it.
		expect(await update).toEqual({
			agenda: [expect.objectContaining({ title: 'Første punkt' })],
			currentItemId: null
		});

		const cancelled = alice.next<{ meetingId: string }>('cancelled');
		expect((await clients.chair.post(`${manage}?/cancelMeeting`, {})).status).toBe(303);
		expect(await cancelled).toEqual({ meetingId: id });
		alice.close();
		chair.close();
	});

	it('ends with every message, in order, without gaps or duplicates when many clients send at once while one reconnects', async () => {
		const id = await createMeeting(clients.chair, { title: 'Travl chat' });
		const senders = ['eva', 'finn', 'gry'] as const;
		for (const p of [...senders, 'dan'] as const)
			expect((await clients[p].post(`/meetings/${id}?/register`, {})).status).toBe(200);
		const rooms = senders.map((p) => {
			const r = new RoomClient(app.url, clients[p], id);
			open.push(r);
			return r;
		});
		const watcher = new RoomClient(app.url, clients.dan, id);
		open.push(watcher);
		await Promise.all([...rooms, watcher].map((r) => r.joined()));

		const PER_SENDER = 10; // the flood limit per user and window
		// Each sender sends one message after another, so the burst lasts while the watcher reconnects.
		const sending = Promise.all(
			rooms.map(async (r, s) => {
				const acks = [];
				for (let i = 0; i < PER_SENDER; i++) acks.push(await r.emit('chat', { body: `${s}-${i}` }));
				return acks;
			})
		).then((all) => all.flat());
		// Cut the watcher's connection again and again for as long as messages are being stored.
		let done = false;
		void sending.finally(() => (done = true));
		let joins = 1;
		while (!done) {
			const reconnected = new Promise((resolve) => watcher.socket.io.once('reconnect', resolve));
			watcher.socket.io.engine.close();
			await reconnected;
			await watcher.joined(++joins);
		}
		expect(joins).toBeGreaterThan(1);
		const acks = await sending;
		expect(acks.every((a) => a.ok)).toBe(true);
		const sent = acks.map((a) => a.id as number).sort((a, b) => a - b);
		await waitFor(() => watcher.messages.length >= sent.length, 10_000);
		const ids = watcher.messages.map((m) => m.id);
		expect(ids).toEqual(sent);
		expect(new Set(watcher.messages.map((m) => m.body)).size).toBe(senders.length * PER_SENDER);
		// A newcomer's history agrees with what the watcher pieced together.
		const late = new RoomClient(app.url, clients.eva, id);
		open.push(late);
		await late.joined();
		expect(late.messages.map((m) => m.id)).toEqual(sent);
		for (const r of [...rooms, watcher, late]) r.close();
	});
});
