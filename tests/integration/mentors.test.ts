/**
 * The mentor directory over HTTP against the built server: profile, search, the full request life
 * cycle with permissions, bad input refused with a message and no change, the admin overview and
 * CSV, and live delivery over socket.io.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { Client } from '../helpers/http';
import { linkIn, readOutbox, unescapeHtml } from '../helpers/mail';
import { startApp, type TestApp } from '../helpers/server';
import type { ClientToServerEvents, ServerToClientEvents } from '../../realtime/events';

const PASSWORD = 'mentors-test-password';
const people = {
	admin: { email: 'staff@videnscenter.test', name: 'Stine Stab', admin: true },
	mentor: { email: 'mira@fond.test', name: 'Mira Mentorsen', org: 'Fond for Test', role: 'member' },
	mentee: { email: 'ivan@start.test', name: 'Ivan Iværksen' },
	other: { email: 'olga@start.test', name: 'Olga Other' },
	stranger: { email: 'sam@solo.test', name: 'Sam Stranger' }
} as const;
type Person = keyof typeof people;

let app: TestApp;
const clients = {} as Record<Person, Client>;
let profileId = '';
let requestId = '';

beforeAll(async () => {
	app = await startApp({ users: Object.values(people).map((p) => ({ ...p, password: PASSWORD })) });
	for (const [key, person] of Object.entries(people) as Array<[Person, { email: string }]>) {
		clients[key] = new Client(app.url);
		await clients[key].signIn(person.email, PASSWORD);
	}
}, 400_000); // five accounts are created with the operator command first: slow on a busy machine
afterAll(() => app?.stop());

async function html(client: Client, path: string) {
	const response = await client.get(path);
	return { status: response.status, body: await response.text() };
}

function profileForm(overrides: Record<string, string | string[]> = {}) {
	const form = new URLSearchParams();
	const values: Record<string, string | string[]> = {
		organisationId: '',
		headline: 'Finansiering for caféer med fleksjob',
		bio: 'Jeg har finansieret mange små virksomheder.',
		expertise: ['financing', 'business_model'],
		sectors: ['food_cafe'],
		languages: ['da', 'en'],
		meetingModes: ['online'],
		municipalityCode: '621',
		capacity: '1',
		accepting: 'on',
		roleModelStory: 'Jeg startede selv i fleksjob.',
		contactEmail: 'mira.direkte@fond.test',
		contactPhone: '+45 12 34 56 78',
		...overrides
	};
	for (const [k, v] of Object.entries(values))
		for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
	return form;
}

/** Posts a URLSearchParams form (repeated keys) as a browser without JavaScript does. */
async function postForm(client: Client, path: string, form: URLSearchParams) {
	const response = await fetch(new URL(path, app.url), {
		method: 'POST',
		headers: {
			cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
			origin: app.url,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html'
		},
		body: form.toString(),
		redirect: 'manual'
	});
	return response;
}

const cookieOf = (client: Client) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

function connect(client?: Client): Socket<ServerToClientEvents, ClientToServerEvents> {
	return io(app.url, {
		path: '/socket.io',
		transports: ['websocket'],
		extraHeaders: client ? { cookie: cookieOf(client) } : {},
		reconnection: false,
		forceNew: true
	});
}

function connected(socket: Socket): Promise<void> {
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
}

function next<E extends keyof ServerToClientEvents>(
	socket: Socket<ServerToClientEvents, ClientToServerEvents>,
	event: E
) {
	return new Promise<Parameters<ServerToClientEvents[E]>[0]>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no ${event} in 5 s`)), 5000);
		// The untyped view: `once` cannot infer a listener type for a generic event name.
		(socket as unknown as Socket).once(
			event as string,
			(payload: Parameters<ServerToClientEvents[E]>[0]) => {
				clearTimeout(timer);
				resolve(payload);
			}
		);
	});
}

describe('a mentor profile', () => {
	it('needs an organisation the user is an active member of', async () => {
		const response = await postForm(
			clients.mentee,
			'/mentors/profile?/save',
			profileForm({ organisationId: '00000000-0000-0000-0000-000000000000' })
		);
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Vælg en organisation, du er aktivt medlem af.');
		expect((await html(clients.mentee, '/mentors/profile')).body).toContain(
			'For at blive mentor skal du være aktivt medlem'
		);
	});

	it('is created by a member of an enterprise and found by expertise with the reason shown', async () => {
		const page = await html(clients.mentor, '/mentors/profile');
		const orgId = page.body.match(/<option value="([0-9a-f-]{36})"[^>]*>Fond for Test</)?.[1];
		expect(orgId).toBeTruthy();
		const tooLong = await postForm(
			clients.mentor,
			'/mentors/profile?/save',
			profileForm({ organisationId: orgId!, headline: 'x'.repeat(161) })
		);
		expect(tooLong.status).toBe(400);
		expect(await tooLong.text()).toContain('Teksten er for lang (højst 160 tegn).');

		const saved = await postForm(
			clients.mentor,
			'/mentors/profile?/save',
			profileForm({ organisationId: orgId! })
		);
		expect(saved.status).toBe(303);
		const list = await html(clients.mentee, '/mentors?tag=financing&region=1083');
		expect(list.status).toBe(200);
		expect(list.body).toContain('Mira Mentorsen');
		expect(list.body).toContain('Matcher: Finansiering, Region Syddanmark');
		// The directory also holds the seeded fictional mentors: take Mira's own link.
		profileId = list.body.match(/href="\/mentors\/([0-9a-f-]{36})[^"]*">Mira Mentorsen</)![1];
		// A need nobody meets hides the mentor.
		expect((await html(clients.mentee, '/mentors?tag=procurement')).body).not.toContain(
			'Mira Mentorsen'
		);
	});

	it('is for signed-in users only and never shows contact details before an accepted request', async () => {
		const anonymous = await new Client(app.url).get(`/mentors/${profileId}`);
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toContain('/login');
		const page = await html(clients.mentee, `/mentors/${profileId}`);
		expect(page.body).toContain('Jeg startede selv i fleksjob.');
		expect(page.body).not.toContain('mira.direkte@fond.test');
		expect(page.body).not.toContain('12 34 56 78');
		expect(page.body).toContain(
			'Kontaktoplysninger vises, når mentoren har accepteret din anmodning.'
		);
	});
});

describe('the request life cycle', () => {
	it('refuses an over-long need with a message and creates nothing', async () => {
		const response = await clients.mentee.post(`/mentors/${profileId}?/request`, {
			need: 'x'.repeat(2001)
		});
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Teksten er for lang (højst 2000 tegn).');
		expect((await html(clients.mentee, '/mentors/requests')).body).not.toContain('class="request"');
	});

	it('tells the mentor live when a request arrives, and refuses a duplicate', async () => {
		const socket = connect(clients.mentor);
		await connected(socket);
		const notice = next(socket, 'notice');
		const response = await clients.mentee.post(`/mentors/${profileId}?/request`, {
			need: 'Jeg vil åbne en café med fleksjob og mangler en finansieringsplan.',
			tag: 'financing'
		});
		expect(response.status).toBe(303);
		requestId = response.headers.get('location')!.match(/requests\/([0-9a-f-]{36})/)![1];
		expect((await notice).title).toBe('Ivan Iværksen beder dig om at være mentor');
		socket.disconnect();

		const duplicate = await clients.mentee.post(`/mentors/${profileId}?/request`, { need: 'Igen' });
		expect(duplicate.status).toBe(409);
		expect(await duplicate.text()).toContain('Du har allerede en åben anmodning til denne mentor.');
		const en = await clients.mentee.post(`/en/mentors/${profileId}?/request`, { need: 'Again' });
		expect(await en.text()).toContain('You already have an open request to this mentor.');
	});

	it('lets only the mentor answer: others get 403 or 404 and nothing changes', async () => {
		expect((await html(clients.stranger, `/mentors/requests/${requestId}`)).status).toBe(404);
		expect(
			(await clients.stranger.post(`/mentors/requests/${requestId}?/accept`, { message: '' }))
				.status
		).toBe(403);
		expect(
			(await clients.mentee.post(`/mentors/requests/${requestId}?/accept`, { message: '' })).status
		).toBe(403);
		expect(
			(await clients.stranger.post(`/mentors/requests/${requestId}?/withdraw`, {})).status
		).toBe(403);
		const page = await html(clients.mentee, `/mentors/requests/${requestId}`);
		expect(page.body).toContain('data-status="pending"');
		const tooLong = await clients.mentor.post(`/mentors/requests/${requestId}?/accept`, {
			message: 'x'.repeat(1001)
		});
		expect(tooLong.status).toBe(400);
		expect((await html(clients.mentor, `/mentors/requests/${requestId}`)).body).toContain(
			'data-status="pending"'
		);
	});

	it('accepts with a message, takes the only slot, and then shows the contact details to the mentee', async () => {
		const response = await clients.mentor.post(`/mentors/requests/${requestId}?/accept`, {
			message: 'Velkommen, lad os mødes online.'
		});
		expect(response.status).toBe(303);
		const page = await html(clients.mentee, `/mentors/requests/${requestId}`);
		expect(page.body).toContain('data-status="accepted"');
		expect(page.body).toContain('Velkommen, lad os mødes online.');
		expect(page.body).toContain('mira.direkte@fond.test');
		expect((await html(clients.mentee, `/mentors/${profileId}`)).body).toContain(
			'mira.direkte@fond.test'
		);
		expect((await html(clients.other, `/mentors/${profileId}`)).body).not.toContain(
			'mira.direkte@fond.test'
		);

		const full = await clients.other.post(`/mentors/${profileId}?/request`, {
			need: 'Må jeg også?'
		});
		expect(full.status).toBe(409);
		expect(await full.text()).toContain('Mentoren har ingen ledige pladser lige nu.');
		expect((await html(clients.mentee, '/mentors?available=1')).body).not.toContain(
			'Mira Mentorsen'
		);
		expect((await html(clients.mentee, '/mentors')).body).toContain('Ingen ledige pladser lige nu');
	});

	it('carries the conversation live both ways, stored before it is sent, with history on join', async () => {
		const mentorSocket = connect(clients.mentor);
		const menteeSocket = connect(clients.mentee);
		const strangerSocket = connect(clients.stranger);
		await Promise.all([
			connected(mentorSocket),
			connected(menteeSocket),
			connected(strangerSocket)
		]);

		const refused = await strangerSocket.emitWithAck('mentorship:join', requestId);
		expect(refused).toEqual({ ok: false, error: 'forbidden' });
		const joined = await Promise.all([
			mentorSocket.emitWithAck('mentorship:join', requestId),
			menteeSocket.emitWithAck('mentorship:join', requestId)
		]);
		expect(joined.map((j) => j.ok)).toEqual([true, true]);

		// Sent without JavaScript (form action): stored, then pushed to the room.
		const arriving = next(mentorSocket, 'mentorship:message');
		const posted = await clients.mentee.post(`/mentors/requests/${requestId}?/message`, {
			body: 'Hej Mira, tak!'
		});
		expect(posted.status).toBe(303);
		expect((await arriving).body).toBe('Hej Mira, tak!');

		// Sent over the socket: the ack carries the stored message, the other side receives it.
		const back = next(menteeSocket, 'mentorship:message');
		const ack = await mentorSocket.emitWithAck(
			'mentorship:send',
			requestId,
			'Hej Ivan, vi ses tirsdag.'
		);
		expect(ack.ok).toBe(true);
		expect((await back).authorName).toBe('Mira Mentorsen');
		const tooLong = await mentorSocket.emitWithAck('mentorship:send', requestId, 'x'.repeat(2001));
		expect(tooLong).toEqual({ ok: false, error: 'too_long' });
		const foreign = await strangerSocket.emitWithAck('mentorship:send', requestId, 'Hej');
		expect(foreign).toEqual({ ok: false, error: 'forbidden' });

		const rejoin = await strangerSocket.emitWithAck('mentorship:join', requestId);
		expect(rejoin.ok).toBe(false);
		const history = await connect(clients.mentee).emitWithAck('mentorship:join', requestId);
		expect(history.ok && history.messages.map((m) => m.body)).toEqual([
			'Hej Mira, tak!',
			'Hej Ivan, vi ses tirsdag.'
		]);
		const page = await html(clients.mentor, `/mentors/requests/${requestId}`);
		expect(page.body).toContain('Hej Mira, tak!');
		expect(page.body).toContain('Hej Ivan, vi ses tirsdag.');
		for (const s of [mentorSocket, menteeSocket, strangerSocket]) s.disconnect();
	});

	it('stores a new message as one unread notification per conversation, e-mailed once, linked in the recipient’s language', async () => {
		/** The recipient's notifications about conversations, as their notifications page lists them. */
		const messageNotices = async (client: Client) => {
			const { body } = await html(client, '/notifications');
			return body
				.split('<li class="card item')
				.slice(1)
				.filter((item) => item.includes('data-kind="mentor.message"'))
				.map((item) => ({
					unread: /^[^"]*\bunread\b/.test(item),
					href: item.match(/href="(\/notifications\/[0-9a-f-]{36})"/)?.[1],
					text: unescapeHtml(item)
				}));
		};
		const mailsTo = async (email: string) =>
			(await readOutbox(clients.admin)).filter(
				(m) => m.kind === 'mentor.message' && m.to === email
			);
		const send = async (client: Client, body: string) =>
			expect((await client.post(`/mentors/requests/${requestId}?/message`, { body })).status).toBe(
				303
			);

		// The mentee (offline) reads English; what is already there has been seen.
		expect(
			(await clients.mentee.post('/account?/profile', { name: people.mentee.name, locale: 'en' }))
				.status
		).toBe(303);
		expect((await clients.mentee.post('/notifications?/readAll', {})).status).toBe(303);
		const mailsBefore = (await mailsTo(people.mentee.email)).length;
		const noticesBefore = (await messageNotices(clients.mentee)).length;

		await send(clients.mentor, 'Første besked');
		await send(clients.mentor, 'Anden besked');
		await send(clients.mentor, 'Tredje besked');

		const notices = await messageNotices(clients.mentee);
		expect(notices).toHaveLength(noticesBefore + 1);
		const unread = notices.filter((n) => n.unread);
		expect(unread).toHaveLength(1);
		expect(unread[0].text).toContain('New message from Mira Mentorsen');
		expect(unread[0].text).toContain('Tredje besked');
		expect(unread[0].text).not.toContain('Første besked');
		const mails = await mailsTo(people.mentee.email);
		expect(mails).toHaveLength(mailsBefore + 1);
		expect(mails[0].subject).toBe('New message from Mira Mentorsen');
		expect(linkIn(mails[0], `/en/mentors/requests/${requestId}`)).toMatch(/#conversation$/);

		const opened = await clients.mentee.get(unread[0].href!);
		expect(opened.status).toBe(303);
		expect(opened.headers.get('location')).toBe(`/en/mentors/requests/${requestId}#conversation`);

		// Once read, the next message is news again: a new notification and a new e-mail.
		await send(clients.mentor, 'Fjerde besked');
		const after = await messageNotices(clients.mentee);
		expect(after).toHaveLength(noticesBefore + 2);
		expect(after.filter((n) => n.unread).map((n) => n.text.includes('Fjerde besked'))).toEqual([
			true
		]);
		expect(await mailsTo(people.mentee.email)).toHaveLength(mailsBefore + 2);

		// The mentor reads Danish: the mentee's reply links without a language prefix.
		await send(clients.mentee, 'Tak for beskederne');
		const mentorUnread = (await messageNotices(clients.mentor)).filter((n) => n.unread);
		expect(mentorUnread).toHaveLength(1);
		expect(mentorUnread[0].text).toContain('Ny besked fra Ivan Iværksen');
		const mentorOpened = await clients.mentor.get(mentorUnread[0].href!);
		expect(mentorOpened.headers.get('location')).toBe(
			`/mentors/requests/${requestId}#conversation`
		);
		expect(
			(await clients.mentee.post('/account?/profile', { name: people.mentee.name, locale: 'da' }))
				.status
		).toBe(303);
	});

	it('refuses sockets without a valid session', async () => {
		const anonymous = connect();
		await expect(connected(anonymous)).rejects.toThrow('unauthorized');
		anonymous.disconnect();
	});

	it('logs sessions, completes, frees the slot, and keeps feedback private unless shared', async () => {
		const bad = await clients.mentor.post(`/mentors/requests/${requestId}?/session`, {
			heldOn: '12/05',
			topic: '',
			nextStep: ''
		});
		expect(bad.status).toBe(400);
		const badBody = await bad.text();
		expect(badBody).toContain('Skriv datoen som ÅÅÅÅ-MM-DD.');
		expect(badBody).toContain('Udfyld feltet.');
		const logged = await clients.mentor.post(`/mentors/requests/${requestId}?/session`, {
			heldOn: '2025-03-04',
			topic: 'Budget for caféen',
			nextStep: 'Ivan laver et likviditetsbudget'
		});
		expect(logged.status).toBe(303);
		expect((await html(clients.mentee, `/mentors/requests/${requestId}`)).body).toContain(
			'Ivan laver et likviditetsbudget'
		);

		const early = await clients.mentee.post(`/mentors/requests/${requestId}?/feedback`, {
			rating: '5',
			text: ''
		});
		expect(early.status).toBe(409);
		expect(
			(await clients.stranger.post(`/mentors/requests/${requestId}?/complete`, {})).status
		).toBe(403);
		expect((await clients.mentee.post(`/mentors/requests/${requestId}?/complete`, {})).status).toBe(
			303
		);
		expect((await html(clients.other, `/mentors/${profileId}`)).body).toContain('1 ledige pladser');

		expect(
			(
				await clients.mentee.post(`/mentors/requests/${requestId}?/feedback`, {
					rating: '9',
					text: ''
				})
			).status
		).toBe(400);
		expect(
			(
				await clients.mentee.post(`/mentors/requests/${requestId}?/feedback`, {
					rating: '5',
					text: 'Privat ros til mentoren'
				})
			).status
		).toBe(303);
		expect(
			(
				await clients.mentor.post(`/mentors/requests/${requestId}?/feedback`, {
					rating: '4',
					text: 'Delt tak til Ivan',
					shared: 'on'
				})
			).status
		).toBe(303);
		const again = await clients.mentor.post(`/mentors/requests/${requestId}?/feedback`, {
			rating: '1',
			text: ''
		});
		expect(again.status).toBe(409);
		expect(await again.text()).toContain('Du har allerede givet feedback.');

		const menteeView = (await html(clients.mentee, `/mentors/requests/${requestId}`)).body;
		expect(menteeView).toContain('Delt tak til Ivan');
		const mentorView = (await html(clients.mentor, `/mentors/requests/${requestId}`)).body;
		expect(mentorView).not.toContain('Privat ros til mentoren');
		const adminView = (await html(clients.admin, `/mentors/requests/${requestId}`)).body;
		expect(adminView).toContain('Privat ros til mentoren');
	});
});

describe('the knowledge centre overview', () => {
	it('is for admins only, counts mentorships per organisation and municipality, and exports CSV', async () => {
		expect((await html(clients.mentee, '/mentors/admin')).status).toBe(403);
		expect((await clients.mentee.get('/mentors/admin/export.csv')).status).toBe(403);
		// An open request shows among the open ones.
		expect(
			(await clients.other.post(`/mentors/${profileId}?/request`, { need: 'Hjælp til udbud' }))
				.status
		).toBe(303);
		const page = await html(clients.admin, '/mentors/admin');
		expect(page.status).toBe(200);
		expect(page.body).toContain('Olga Other');
		expect(page.body).toMatch(/Fond for Test<\/th>\s*<td>0<\/td>\s*<td>1<\/td>/);
		expect(page.body).toMatch(/Kolding<\/th>\s*<td>0<\/td>\s*<td>1<\/td>/);
		expect(page.body).toContain('1 besvarede anmodninger');
		expect(page.body).toContain('Privat ros til mentoren');

		const csv = await clients.admin.get('/mentors/admin/export.csv');
		expect(csv.headers.get('content-type')).toContain('text/csv');
		const lines = (await csv.text())
			.replace(/^\ufeff/, '')
			.trim()
			.split('\r\n');
		expect(lines[0]).toBe(
			'request_id,status,created_at,responded_at,ended_at,response_hours,mentor_organisation,organisation_kind,mentor_municipality,mentor_region,tags,sessions,mentor_rating,mentee_rating'
		);
		expect(lines).toHaveLength(3);
		const completed = lines.find((l) => l.includes(requestId))!;
		const cells = completed.split(',');
		expect(cells).toContain('completed');
		expect(cells).toContain('Fond for Test');
		// Sessions, then the mentor's and the mentee's ratings.
		expect(cells.slice(-3)).toEqual(['1', '4', '5']);
		expect(lines.join('\n')).not.toContain('Ivan');
	});
});

describe('the other ways a request or mentorship ends', () => {
	const slotsText = async () => {
		const { body } = await html(clients.stranger, `/mentors/${profileId}`);
		if (body.includes('1 ledige pladser')) return 1;
		if (body.includes('Ingen ledige pladser lige nu')) return 0;
		throw new Error('the profile page shows no slot count');
	};
	const statusOn = async (client: Client, id: string) =>
		(await html(client, `/mentors/requests/${id}`)).body.match(/data-status="([a-z]+)"/)?.[1];
	const ask = async (client: Client, need: string) => {
		const response = await client.post(`/mentors/${profileId}?/request`, { need });
		expect(response.status).toBe(303);
		return response.headers.get('location')!.match(/requests\/([0-9a-f-]{36})/)![1];
	};
	const pendingOf = async (client: Client) =>
		(await html(client, '/mentors/requests')).body.match(
			/data-status="pending">\s*<th scope="row">\s*<a href="\/mentors\/requests\/([0-9a-f-]{36})"/
		)?.[1];

	it('declines with a message that the mentee is told of, taking no slot; only the mentor may decline', async () => {
		// Olga's request from the overview is still pending.
		const id = await pendingOf(clients.other);
		expect(id).toBeTruthy();
		expect(await slotsText()).toBe(1);
		for (const wrong of [clients.other, clients.stranger, clients.admin]) {
			const refused = await wrong.post(`/mentors/requests/${id}?/decline`, { message: 'Nej' });
			expect(refused.status).toBe(403);
		}
		expect(await statusOn(clients.other, id!)).toBe('pending');

		const declined = await clients.mentor.post(`/mentors/requests/${id}?/decline`, {
			message: 'Jeg har desværre ikke tid før til sommer.'
		});
		expect(declined.status).toBe(303);
		const page = (await html(clients.other, `/mentors/requests/${id}`)).body;
		expect(page).toContain('data-status="declined"');
		expect(page).toContain('Jeg har desværre ikke tid før til sommer.');
		const notices = unescapeHtml((await html(clients.other, '/notifications')).body);
		expect(notices).toContain('Mira Mentorsen har afslået din anmodning');
		expect(notices).toContain('Jeg har desværre ikke tid før til sommer.');
		expect(await slotsText()).toBe(1);
		// Declined is final: it cannot be accepted afterwards.
		expect((await clients.mentor.post(`/mentors/requests/${id}?/accept`, {})).status).toBe(409);
		expect(await slotsText()).toBe(1);
	});

	it('lets the mentee withdraw a pending request, and no one else', async () => {
		const id = await ask(clients.other, 'Hjælp til en forretningsplan');
		for (const wrong of [clients.mentor, clients.stranger, clients.admin]) {
			expect((await wrong.post(`/mentors/requests/${id}?/withdraw`, {})).status).toBe(403);
		}
		expect(await statusOn(clients.other, id)).toBe('pending');
		expect((await clients.other.post(`/mentors/requests/${id}?/withdraw`, {})).status).toBe(303);
		expect(await statusOn(clients.mentor, id)).toBe('withdrawn');
		expect((await clients.mentor.post(`/mentors/requests/${id}?/accept`, {})).status).toBe(409);
		expect((await clients.other.post(`/mentors/requests/${id}?/withdraw`, {})).status).toBe(409);
		expect(await slotsText()).toBe(1);
	});

	it('ends a mentorship early at the mentee’s word, freeing the slot; strangers and admins may not', async () => {
		const id = await ask(clients.other, 'Hjælp til udbud, igen');
		expect((await clients.mentor.post(`/mentors/requests/${id}?/accept`, {})).status).toBe(303);
		expect(await slotsText()).toBe(0);
		for (const wrong of [clients.stranger, clients.admin, clients.mentee]) {
			expect((await wrong.post(`/mentors/requests/${id}?/end`, {})).status).toBe(403);
		}
		expect(await statusOn(clients.other, id)).toBe('accepted');
		expect(await slotsText()).toBe(0);

		expect((await clients.other.post(`/mentors/requests/${id}?/end`, {})).status).toBe(303);
		expect(await statusOn(clients.mentor, id)).toBe('ended');
		expect(await slotsText()).toBe(1);
		const notices = unescapeHtml((await html(clients.mentor, '/notifications')).body);
		expect(notices).toContain('Olga Other har afsluttet jeres forløb');
		// Ended is final: ending or completing again changes nothing.
		expect((await clients.other.post(`/mentors/requests/${id}?/complete`, {})).status).toBe(409);
		expect(await slotsText()).toBe(1);
	});

	it('completes a mentorship at the mentor’s word, freeing the slot; strangers and admins may not', async () => {
		const id = await ask(clients.mentee, 'Et nyt forløb om finansiering');
		expect((await clients.mentor.post(`/mentors/requests/${id}?/accept`, {})).status).toBe(303);
		expect(await slotsText()).toBe(0);
		for (const wrong of [clients.stranger, clients.admin, clients.other]) {
			expect((await wrong.post(`/mentors/requests/${id}?/complete`, {})).status).toBe(403);
		}
		expect(await statusOn(clients.mentee, id)).toBe('accepted');

		expect((await clients.mentor.post(`/mentors/requests/${id}?/complete`, {})).status).toBe(303);
		expect(await statusOn(clients.mentee, id)).toBe('completed');
		expect(await slotsText()).toBe(1);
	});
});
