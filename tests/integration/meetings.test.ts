import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { Client } from '../helpers/http';
import { startApp, type TestApp } from '../helpers/server';
import { cookieOf as socketCookie, createMeeting } from '../helpers/meetings';
import { addParagraph, connect, cookieOf, synced, until, upgradeStatus } from '../helpers/yjs';

const PASSWORD = 'meetings-test-pw';
const people = {
	chair: { email: 'chair@meet.test', name: 'Clara Chair', admin: true },
	p1: { email: 'p1@meet.test', name: 'Person Et' },
	p2: { email: 'p2@meet.test', name: 'Person To' },
	p3: { email: 'p3@meet.test', name: 'Person Tre' },
	p4: { email: 'p4@meet.test', name: 'Person Fire' },
	p5: { email: 'p5@meet.test', name: 'Person Fem' },
	p6: { email: 'p6@meet.test', name: 'Person Seks' }
} as const;
type Person = keyof typeof people;

let app: TestApp;
const clients = {} as Record<Person, Client>;

beforeAll(async () => {
	app = await startApp({ users: Object.values(people).map((p) => ({ ...p, password: PASSWORD })) });
	for (const [key, person] of Object.entries(people) as Array<[Person, { email: string }]>) {
		clients[key] = new Client(app.url);
		await clients[key].signIn(person.email, PASSWORD);
	}
}, 300_000); // creating each user spawns the admin command, slow on a loaded machine
afterAll(() => app?.stop());

/** Unfolded iCalendar lines → VEVENT property maps. */
function events(ics: string): Array<Record<string, string>> {
	const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n');
	const out: Array<Record<string, string>> = [];
	let cur: Record<string, string> | null = null;
	for (const line of lines) {
		if (line === 'BEGIN:VEVENT') cur = {};
		else if (line === 'END:VEVENT') {
			out.push(cur!);
			cur = null;
		} else if (cur && line.includes(':'))
			cur[line.slice(0, line.indexOf(':')).split(';')[0]] = line.slice(line.indexOf(':') + 1);
	}
	return out;
}

async function csv(id: string): Promise<string[][]> {
	const text = await (await clients.chair.get(`/meetings/${id}/registrants.csv`)).text();
	return text
		.replace(/^\uFEFF/, '')
		.trim()
		.split('\r\n')
		.map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

const register = (p: Person, id: string) => clients[p].post(`/meetings/${id}?/register`, {});
const cancel = (p: Person, id: string) => clients[p].post(`/meetings/${id}?/cancel`, {});

describe('registration', () => {
	it('fills seats, then the waiting list, and shows each member their place', async () => {
		const id = await createMeeting(clients.chair, { capacity: '2' });
		for (const p of ['p1', 'p2', 'p3', 'p4'] as const)
			expect((await register(p, id)).status).toBe(200);
		const page = await (await clients.p4.get(`/meetings/${id}`)).text();
		expect(page).toContain('Du er nummer 2 på ventelisten.');
		const rows = await csv(id);
		expect(rows[0]).toEqual([
			'name',
			'email',
			'status',
			'waiting_position',
			'attended',
			'registered_at'
		]);
		expect(rows.slice(1).map((r) => [r[0], r[2], r[3]])).toEqual([
			['Person Et', 'registered', ''],
			['Person To', 'registered', ''],
			['Person Tre', 'waiting', '1'],
			['Person Fire', 'waiting', '2']
		]);
	});

	it('two cancellations at the same moment promote exactly the next two in order, with notices', async () => {
		const id = await createMeeting(clients.chair, { capacity: '2', title: 'Kapløbsmødet' });
		for (const p of ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'] as const) await register(p, id);
		const [a, b] = await Promise.all([cancel('p1', id), cancel('p2', id)]);
		expect([a.status, b.status]).toEqual([200, 200]);
		const rows = (await csv(id)).slice(1).map((r) => [r[0], r[2]]);
		expect(rows).toEqual([
			['Person Tre', 'registered'],
			['Person Fire', 'registered'],
			['Person Fem', 'waiting'],
			['Person Seks', 'waiting'],
			['Person Et', 'cancelled'],
			['Person To', 'cancelled']
		]);
		const outbox = await (await clients.chair.get('/admin/outbox')).text();
		expect(outbox).toContain('Du har fået en plads: Kapløbsmødet');
		expect(outbox.match(/p3@meet\.test/g)?.length).toBeGreaterThan(0);
	});

	it('only the chair gets the registrant list', async () => {
		const id = await createMeeting(clients.chair);
		expect((await clients.p1.get(`/meetings/${id}/registrants.csv`)).status).toBe(403);
		expect((await clients.p1.get(`/meetings/${id}/manage`)).status).toBe(403);
		expect((await clients.p1.post(`/meetings/${id}/manage?/cancelMeeting`, {})).status).toBe(403);
	});
});

describe('creating and changing meetings', () => {
	it('refuses an end before the start with a message, keeping what was typed', async () => {
		const r = await clients.chair.post('/meetings/new', {
			title: 'Baglæns møde',
			day: '2099-05-01',
			start: '15:00',
			end: '13:00',
			place: 'Et sted',
			capacity: '10'
		});
		expect(r.status).toBe(422);
		const body = await r.text();
		expect(body).toContain('Sluttiden skal ligge efter starttiden.');
		expect(body).toContain('Baglæns møde');
	});

	it('refuses a capacity below the number registered', async () => {
		const id = await createMeeting(clients.chair, { capacity: '5' });
		for (const p of ['p1', 'p2', 'p3'] as const) await register(p, id);
		const r = await clients.chair.post(`/meetings/${id}/manage?/update`, {
			title: 'Kvartalsmøde',
			day: '2099-03-12',
			start: '14:00',
			end: '16:00',
			place: 'Vejlevej 1, 6000 Kolding',
			online: 'on',
			capacity: '2'
		});
		expect(r.status).toBe(422);
		expect(await r.text()).toContain('Der er flere tilmeldte end det antal pladser');
	});

	it('creates a series of four a year, three months apart at the same local time', async () => {
		const first = await createMeeting(clients.chair, {
			title: 'Socialøkonomisk netværk',
			day: '2099-01-15',
			start: '10:00',
			end: '12:00',
			series: 'on'
		});
		const list = await (await clients.p1.get('/meetings')).text();
		expect(list.match(/>Socialøkonomisk netværk<\/a>/g)?.length).toBe(4);
		const ics = await (await clients.p1.get(`/meetings/${first}/meeting.ics`)).text();
		expect(events(ics)[0].DTSTART).toBe('20990115T090000Z');
	});

	it('serves a parseable .ics that follows the meeting when it moves, and tells the registrants', async () => {
		const id = await createMeeting(clients.chair, { title: 'Flyttemødet' });
		await register('p1', id);
		const before = await clients.p1.get(`/meetings/${id}/meeting.ics`);
		expect(before.headers.get('content-type')).toContain('text/calendar');
		const [e1] = events(await before.text());
		expect(e1).toMatchObject({
			UID: `meeting-${id}@videnscenter`,
			SUMMARY: 'Flyttemødet',
			DTSTART: '20990312T130000Z',
			DTEND: '20990312T150000Z',
			SEQUENCE: '0'
		});
		const moved = await clients.chair.post(`/meetings/${id}/manage?/update`, {
			title: 'Flyttemødet',
			day: '2099-08-20',
			start: '09:30',
			end: '11:00',
			place: 'Vejlevej 1, 6000 Kolding',
			online: 'on',
			capacity: '50'
		});
		expect(moved.status).toBe(200);
		const [e2] = events(await (await clients.p1.get(`/meetings/${id}/meeting.ics`)).text());
		// Summer time: 09:30 in Copenhagen is 07:30 UTC.
		expect(e2).toMatchObject({ UID: e1.UID, DTSTART: '20990820T073000Z', SEQUENCE: '1' });

		// The member's personal feed has it too.
		const list = await (await clients.p1.get('/meetings')).text();
		const feed = /\/meetings\/feed\/[\w-]+\.ics/.exec(list)![0];
		const anonymous = new Client(app.url);
		const feedEvents = events(await (await anonymous.get(feed)).text());
		expect(feedEvents.find((e) => e.UID === e1.UID)?.DTSTART).toBe('20990820T073000Z');
		expect((await anonymous.get('/meetings/feed/not-a-real-token-at-all-123.ics')).status).toBe(
			404
		);

		const outbox = await (await clients.chair.get('/admin/outbox')).text();
		expect(outbox).toContain('Mødet er ændret: Flyttemødet');
	});

	it('publishes minutes with decisions and action items to the meeting page and notifies', async () => {
		const id = await createMeeting(clients.chair, { title: 'Referatmødet' });
		await register('p2', id);
		const base = `/meetings/${id}/manage`;
		expect(
			(await clients.chair.post(`${base}?/addDecision`, { decision: 'Vi mødes i Odense' })).status
		).toBe(200);
		expect(
			(
				await clients.chair.post(`${base}?/addAction`, {
					actionText: 'Book lokale',
					actionOwner: 'Person To',
					actionDue: '2099-04-01'
				})
			).status
		).toBe(200);
		expect(
			(await clients.chair.post(`${base}?/addAction`, { actionText: 'x', actionOwner: '' })).status
		).toBe(422);
		const before = await (await clients.p2.get(`/meetings/${id}`)).text();
		expect(before).not.toContain('Vi mødes i Odense');
		// The text is written in the shared document (there is no other way to write minutes).
		const manage = await (await clients.chair.get(base)).text();
		expect(manage).not.toContain('name="minutes"');
		const entryId = /id="editor-([0-9a-f-]{36})"/.exec(manage)?.[1];
		const peer = connect(app.url, entryId!, { client: clients.chair });
		try {
			await synced(peer);
			addParagraph(peer.doc, 'God stemning.');
			await until(async () => {
				const pub = await clients.chair.post(`${base}?/publish`, {});
				if (pub.status !== 303) return false;
				const page = await (await clients.p2.get(`/meetings/${id}`)).text();
				return page.includes('God stemning.');
			}, 'published minutes with the shared text');
		} finally {
			peer.destroy();
		}
		const after = await (await clients.p2.get(`/meetings/${id}`)).text();
		expect(after).toContain('Vi mødes i Odense');
		expect(after).toContain('Book lokale');
		const outbox = await (await clients.chair.get('/admin/outbox')).text();
		expect(outbox).toContain('Referat offentliggjort: Referatmødet');
	});

	it('cancelling a meeting tells the registrants and marks the calendar event cancelled', async () => {
		const id = await createMeeting(clients.chair, { title: 'Aflysningsmødet' });
		await register('p3', id);
		expect((await clients.chair.post(`/meetings/${id}/manage?/cancelMeeting`, {})).status).toBe(
			303
		);
		const [e] = events(await (await clients.p3.get(`/meetings/${id}/meeting.ics`)).text());
		expect(e.STATUS).toBe('CANCELLED');
		const outbox = await (await clients.chair.get('/admin/outbox')).text();
		expect(outbox).toContain('Mødet er aflyst: Aflysningsmødet');
		expect((await register('p4', id)).status).toBe(409);
	});
});

describe('minutes as one shared document', () => {
	it('opens the agenda-filled minutes for participants only, and publishes what they wrote together', async () => {
		const id = await createMeeting(clients.chair, { title: 'Dokumentmødet' });
		expect(
			(
				await clients.chair.post(`/meetings/${id}/manage?/addItem`, {
					itemTitle: 'Nyt fra kommunerne',
					itemTime: '14:00',
					itemDuration: '30',
					itemPresenter: 'Clara Chair'
				})
			).status
		).toBeLessThan(400);
		expect((await register('p1', id)).status).toBe(200);

		// The room makes the minutes document on first open and names it in the editor.
		const room = await (await clients.p1.get(`/meetings/${id}/room`)).text();
		const entryId = /id="editor-([0-9a-f-]{36})"/.exec(room)?.[1];
		expect(entryId, 'minutes editor in the room').toBeTruthy();
		const manage = await (await clients.chair.get(`/meetings/${id}/manage`)).text();
		expect(manage).toContain(`id="editor-${entryId}"`);

		// A registered participant writes in it; someone not registered is refused on the upgrade.
		const ws = `${app.url.replace(/^http/, 'ws')}/yjs/${entryId}`;
		expect(await upgradeStatus(ws, { cookie: cookieOf(clients.p6) })).toBe(403);
		const peer = connect(app.url, entryId!, { client: clients.p1 });
		try {
			await synced(peer);
			const text = () => peer.doc.getXmlFragment('default').toString();
			expect(text()).toContain('Dokumentmødet');
			expect(text()).toContain('Nyt fra kommunerne');
			addParagraph(peer.doc, 'Vi aftalte at dele erfaringer om fleksjob.');
			// The chair publishes; the published minutes hold the shared text.
			await until(async () => {
				const res = await clients.chair.post(`/meetings/${id}/manage?/publish`, {});
				if (res.status !== 303) return false;
				const page = await (await clients.p1.get(`/meetings/${id}`)).text();
				return page.includes('Vi aftalte at dele erfaringer om fleksjob.');
			}, 'published minutes with the shared text');
		} finally {
			peer.destroy();
		}
		const entry = await (await clients.p1.get(`/library/${entryId}`)).text();
		expect(entry).toContain('Vi aftalte at dele erfaringer om fleksjob.');
		expect(entry).toContain('Nyt fra kommunerne');
	});
});

describe('meeting files', () => {
	const upload = (id: string, name: string, bytes: Uint8Array<ArrayBuffer>, type: string) => {
		const form = new FormData();
		form.append('attFile', new Blob([bytes], { type }), name);
		return fetch(`${app.url}/meetings/${id}/manage?/uploadAttachment`, {
			method: 'POST',
			body: form,
			headers: {
				cookie: [...clients.chair.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
				origin: app.url,
				accept: 'text/html'
			}
		});
	};
	const pdf = (size: number) => {
		const bytes = new Uint8Array(size);
		bytes.set([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37]);
		for (let i = 8; i < size; i++) bytes[i] = i % 251;
		return bytes;
	};
	const fileLink = (page: string, id: string) =>
		new RegExp(`/meetings/${id}/attachments/([0-9a-f-]{36})`).exec(page)?.[1];

	it('lets the chair upload a file that registrants download byte for byte, beside the links', async () => {
		const id = await createMeeting(clients.chair, { title: 'Bilagsmødet' });
		await register('p1', id);
		expect(
			(
				await clients.chair.post(`/meetings/${id}/manage?/addAttachment`, {
					attTitle: 'Dagsorden online',
					attUrl: 'https://example.org/dagsorden'
				})
			).status
		).toBe(200);
		const bytes = pdf(200 * 1024);
		expect((await upload(id, 'Oplæg om fleksjob.pdf', bytes, 'application/pdf')).status).toBe(200);

		const page = await (await clients.p1.get(`/meetings/${id}`)).text();
		expect(page).toContain('Oplæg om fleksjob.pdf');
		expect(page).toContain('href="https://example.org/dagsorden"');
		const aid = fileLink(page, id)!;
		const res = await clients.p1.get(`/meetings/${id}/attachments/${aid}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('content-disposition')).toContain('attachment');
		expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);

		// Someone neither registered nor in the network sees the link but not the file.
		const outsider = await (await clients.p6.get(`/meetings/${id}`)).text();
		expect(outsider).toContain('Dagsorden online');
		expect(outsider).not.toContain('Oplæg om fleksjob.pdf');
		expect((await clients.p6.get(`/meetings/${id}/attachments/${aid}`)).status).toBe(404);
		expect((await new Client(app.url).get(`/meetings/${id}/attachments/${aid}`)).status).toBe(404);
	});

	it('refuses a file of the wrong type or over the size limit with a message, storing nothing', async () => {
		const id = await createMeeting(clients.chair, { title: 'Afvisningsmødet' });
		const script = new TextEncoder().encode('#!/bin/sh\necho hej\n');
		const wrong = await upload(id, 'script.sh', script, 'application/x-sh');
		expect(wrong.status).toBe(400);
		expect(await wrong.text()).toContain('Den filtype kan ikke vedhæftes.');
		const fake = await upload(
			id,
			'fake.pdf',
			new TextEncoder().encode('not a pdf'),
			'application/pdf'
		);
		expect(fake.status).toBe(400);
		const big = await upload(id, 'stor.pdf', pdf(10 * 1024 * 1024 + 1), 'application/pdf');
		expect(big.status).toBe(422);
		expect(await big.text()).toContain('Filen er for stor (højst 10 MB).');
		const manage = await (await clients.chair.get(`/meetings/${id}/manage`)).text();
		expect(fileLink(manage, id)).toBeUndefined();
	});

	it('removes a file so it can no longer be downloaded, and only the chair may', async () => {
		const id = await createMeeting(clients.chair, { title: 'Fjernemødet' });
		await register('p2', id);
		expect(
			(await upload(id, 'notat.txt', new TextEncoder().encode('Notat'), 'text/plain')).status
		).toBe(200);
		const aid = fileLink(await (await clients.p2.get(`/meetings/${id}`)).text(), id)!;
		expect((await clients.p2.get(`/meetings/${id}/attachments/${aid}`)).status).toBe(200);
		expect(
			(await clients.p2.post(`/meetings/${id}/manage?/removeAttachment`, { id: aid })).status
		).toBe(403);
		expect(
			(await clients.chair.post(`/meetings/${id}/manage?/removeAttachment`, { id: aid })).status
		).toBe(200);
		expect((await clients.p2.get(`/meetings/${id}/attachments/${aid}`)).status).toBe(404);
		expect(await (await clients.p2.get(`/meetings/${id}`)).text()).not.toContain('notat.txt');
	});
});

describe('calendars, attendance and live notices', () => {
	it("keeps a meeting in its network's iCal feed with the same UID, a higher SEQUENCE and the right UTC time after it moves", async () => {
		const list = await (await clients.chair.get('/meetings/networks')).text();
		const networkId = /\/meetings\/networks\/([0-9a-f-]{36})/.exec(list)![1];
		const id = await createMeeting(clients.chair, {
			title: 'Feedmødet',
			network: networkId,
			day: '2099-01-20',
			start: '10:00',
			end: '12:00'
		});
		const feed = async () => {
			const res = await new Client(app.url).get(`/meetings/network/${networkId}.ics`);
			expect(res.headers.get('content-type')).toContain('text/calendar');
			const text = await res.text();
			expect(text).toContain('X-WR-TIMEZONE:Europe/Copenhagen');
			return events(text).find((e) => e.UID === `meeting-${id}@videnscenter`);
		};
		// Winter: 10:00 in Copenhagen is 09:00 UTC.
		expect(await feed()).toMatchObject({
			SUMMARY: 'Feedmødet',
			DTSTART: '20990120T090000Z',
			DTEND: '20990120T110000Z',
			SEQUENCE: '0'
		});
		const moved = await clients.chair.post(`/meetings/${id}/manage?/update`, {
			title: 'Feedmødet',
			day: '2099-06-10',
			start: '10:00',
			end: '12:00',
			place: 'Vejlevej 1, 6000 Kolding',
			online: 'on',
			capacity: '50'
		});
		expect(moved.status).toBe(200);
		// Summer: the same local time is 08:00 UTC.
		expect(await feed()).toMatchObject({
			DTSTART: '20990610T080000Z',
			DTEND: '20990610T100000Z',
			SEQUENCE: '1'
		});
		expect((await new Client(app.url).get('/meetings/network/not-a-uuid.ics')).status).toBe(404);
	});

	it('lets the chair mark attendance and refuses a member who tries', async () => {
		const id = await createMeeting(clients.chair, { title: 'Fremmødemødet' });
		await register('p1', id);
		await register('p2', id);
		const manage = await (await clients.chair.get(`/meetings/${id}/manage`)).text();
		const p1 = new RegExp(
			`name="attended" value="([0-9a-f-]{36})"[^>]*aria-label="[^"]*Person Et"`
		).exec(manage)![1];
		const attended = async () => (await csv(id)).slice(1).map((r) => [r[0], r[4]]);
		expect(
			(await clients.p2.post(`/meetings/${id}/manage?/attendance`, { attended: p1 })).status
		).toBe(403);
		expect(await attended()).toEqual([
			['Person Et', 'no'],
			['Person To', 'no']
		]);
		expect(
			(await clients.chair.post(`/meetings/${id}/manage?/attendance`, { attended: p1 })).status
		).toBe(200);
		expect(await attended()).toEqual([
			['Person Et', 'yes'],
			['Person To', 'no']
		]);
	});

	it('refuses a socket.io connection from another site with the cookie, as the Yjs endpoint does', async () => {
		const attempt = (origin: string) => {
			const socket = io(app.url, {
				path: '/socket.io',
				transports: ['websocket'],
				extraHeaders: { cookie: socketCookie(clients.p4), origin },
				forceNew: true,
				reconnection: false
			});
			return new Promise<string>((resolve) => {
				socket.once('connect', () => resolve('connected'));
				socket.once('connect_error', (err) => resolve(err.message));
			}).finally(() => socket.disconnect());
		};
		expect(await attempt('https://evil.example')).toBe('forbidden_origin');
		expect(await attempt(new URL(app.url).origin)).toBe('connected');
	});

	it('sends the promoted user a live notice over socket.io when a seat frees', async () => {
		const id = await createMeeting(clients.chair, { title: 'Rykke-op-mødet', capacity: '1' });
		await register('p3', id);
		await register('p4', id);
		const socket = io(app.url, {
			path: '/socket.io',
			transports: ['websocket'],
			extraHeaders: { cookie: socketCookie(clients.p4) },
			forceNew: true
		});
		try {
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', () => resolve());
				socket.once('connect_error', reject);
			});
			const notice = new Promise<Record<string, unknown>>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error('no notice in 5 s')), 5000);
				socket.on('notice', (n: Record<string, unknown>) => {
					if (n.kind !== 'meeting.promoted') return;
					clearTimeout(timer);
					resolve(n);
				});
			});
			expect((await cancel('p3', id)).status).toBe(200);
			expect(await notice).toMatchObject({
				kind: 'meeting.promoted',
				title: 'Du har fået en plads: Rykke-op-mødet',
				link: `/meetings/${id}`
			});
		} finally {
			socket.disconnect();
		}
	});
});
