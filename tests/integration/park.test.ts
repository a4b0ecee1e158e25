/**
 * The business park through the built server: the public directory, profiles kept by the
 * enterprise's editors, the dialogue timeline's visibility, the one entrance from request to
 * answer, and room booking with overlaps refused under concurrency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http';
import { startApp, type TestApp } from '../helpers/server';

const PASSWORD = 'park-test-password';
const people = {
	admin: { email: 'chef@videnscenter.test', name: 'Karen Krog', admin: true },
	cafe: { email: 'leder@soulcafe.test', name: 'Lene Lund', org: 'Soul Café', role: 'editor' },
	adviser: { email: 'raadgiver@jobcenter.test', name: 'Rasmus Riis' },
	founder: { email: 'stifter@ide.test', name: 'Frida Fisker' }
} as const;
type Person = keyof typeof people;

let app: TestApp;
const clients = {} as Record<Person, Client>;
let anonymous: Client;

beforeAll(async () => {
	app = await startApp({ users: Object.values(people).map((p) => ({ ...p, password: PASSWORD })) });
	anonymous = new Client(app.url);
	for (const [key, person] of Object.entries(people) as Array<[Person, { email: string }]>) {
		clients[key] = new Client(app.url);
		await clients[key].signIn(person.email, PASSWORD);
	}
	// Each user is created by the admin CLI, which opens the embedded database on its own: slow
	// on a busy machine.
}, 240_000);
afterAll(() => app?.stop());

async function html(client: Client, path: string) {
	const response = await client.get(path);
	return { status: response.status, body: await response.text() };
}

const postMultipart = (client: Client, path: string, form: FormData) =>
	client.postMultipart(path, form);

const enterpriseNames = (body: string) =>
	[...body.matchAll(/<li class="card enterprise[^"]*"[^>]*>\s*<h2[^>]*><a[^>]*>([^<]+)<\/a>/g)].map(
		(m) => m[1].replace(/&amp;/g, '&')
	);

describe('the public directory', () => {
	it('finds Kolding’s enterprises by name without signing in', async () => {
		const { status, body } = await html(anonymous, '/park?q=slotss');
		expect(status).toBe(200);
		expect(enterpriseNames(body)).toEqual(['Slotssøbadet']);
	});

	it('filters by pipeline stage', async () => {
		const { body } = await html(anonymous, '/park?stage=starting');
		expect(enterpriseNames(body)).toEqual([
			'National socialøkonomisk virksomhed (i dialog med Kolding)'
		]);
	});

	it('shows the dialogue timeline to advisers but not to the public', async () => {
		const path = '/park/national-socialoekonomisk-virksomhed-i-dialog-med-kolding';
		const { body: publicBody } = await html(anonymous, path);
		expect(publicBody).not.toContain('Politisk behandling');
		const { body: adminBody } = await html(clients.admin, path);
		expect(adminBody).toContain('Politisk behandling');
		expect(adminBody).toContain('2018-04-11');
	});
});

describe('the enterprise’s own profile', () => {
	it('refuses a negative job count with a message and keeps the other values', async () => {
		const response = await clients.cafe.post('/park/soul-cafe/edit', {
			membership: 'physical',
			stage: 'operating',
			jobs: '-3',
			flexJobs: '2',
			sectors: 'café'
		});
		expect(response.status).toBe(400);
		const body = await response.text();
		expect(body).toContain('Skriv et helt tal på 0 eller derover.');
		expect(body).toContain('value="café"');
	});

	it('lets its editor become a Staldgården tenant with a SØV self-assessment', async () => {
		const response = await clients.cafe.post('/park/soul-cafe/edit', {
			membership: 'physical',
			stage: 'registered',
			sectors: 'café, catering',
			services: 'Mødeforplejning til kommunens afdelinger',
			jobs: '6',
			flexJobs: '4',
			sroi: '8,5',
			met_social_purpose: 'on',
			criteria_social_purpose: 'Job til mennesker på kanten af arbejdsmarkedet.'
		});
		expect(response.status).toBe(303);
		const { body } = await html(anonymous, '/park/soul-cafe');
		expect(body).toContain('Lejer på Staldgården');
		expect(body).toContain('Mødeforplejning til kommunens afdelinger');
		expect(body).toContain('Job til mennesker på kanten af arbejdsmarkedet.');
		expect(body).toContain('1:8.5');
		const { body: search } = await html(anonymous, '/park?q=forplejning&membership=physical');
		expect(enterpriseNames(search)).toEqual(['Soul Café']);
	});

	it('does not let anyone else edit it', async () => {
		expect((await clients.founder.get('/park/soul-cafe/edit')).status).toBe(403);
		const response = await clients.founder.post('/park/soul-cafe/edit', {
			membership: 'virtual',
			stage: 'idea'
		});
		expect(response.status).toBe(403);
	});
});

describe('one door in for advice', () => {
	let requestId = '';

	it('lets an admin add an adviser to Jobcenter Kolding', async () => {
		const { body } = await html(clients.admin, '/park/advice/routing');
		const group = body.match(
			/<h3>Jobcenter Kolding<\/h3>[\s\S]*?name="groupId" value="([0-9a-f-]{36})"/
		);
		expect(group).not.toBeNull();
		const response = await clients.admin.post('/park/advice/routing?/addMember', {
			groupId: group![1],
			email: people.adviser.email
		});
		expect(response.status).toBe(303);
		expect((await clients.cafe.get('/park/advice/routing')).status).toBe(403);
	});

	it('routes a Kolding employment question with an attachment to the jobcenter', async () => {
		const form = new FormData();
		form.set('topic', 'employment');
		form.set('municipalityCode', '621');
		form.set('subject', 'Fleksjob i vores værksted');
		form.set('description', 'Vi vil ansætte to i fleksjob. Hvordan?');
		form.append('attachments', new Blob(['forretningsplan'], { type: 'text/plain' }), 'plan.txt');
		const response = await postMultipart(clients.founder, '/park/advice', form);
		expect(response.status).toBe(303);
		const location = response.headers.get('location')!;
		requestId = location.match(/\/park\/advice\/([0-9a-f-]{36})/)![1];
		const { body } = await html(clients.founder, location);
		expect(body).toContain('Dit spørgsmål er sendt til Jobcenter Kolding');
		expect(body).toContain('plan.txt');
	});

	it('refuses a request without a subject, naming the field', async () => {
		const form = new FormData();
		form.set('topic', 'employment');
		form.set('municipalityCode', '621');
		form.set('subject', '');
		form.set('description', 'Noget');
		const response = await postMultipart(clients.founder, '/park/advice', form);
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Udfyld feltet.');
	});

	it('shows the request in the adviser’s inbox and hides it from outsiders', async () => {
		const { status, body } = await html(clients.adviser, '/park/advice/inbox');
		expect(status).toBe(200);
		expect(body).toContain('Fleksjob i vores værksted');
		expect((await clients.cafe.get(`/park/advice/${requestId}`)).status).toBe(404);
		expect((await clients.cafe.get('/park/advice/inbox')).status).toBe(403);
		const { body: page } = await html(clients.adviser, `/park/advice/${requestId}`);
		const link = page.match(
			/href="(\/park\/advice\/[0-9a-f-]{36}\/attachments\/[0-9a-f-]{36})"/
		)![1];
		const file = await clients.adviser.get(link);
		expect(file.headers.get('content-disposition')).toContain('plan.txt');
		expect(await file.text()).toBe('forretningsplan');
		expect((await clients.cafe.get(link)).status).toBe(404);
	});

	it('carries the adviser’s reply, not the internal note, to the requester', async () => {
		expect(
			(
				await clients.adviser.post(`/park/advice/${requestId}?/note`, {
					body: 'Intern: tjek visitation.'
				})
			).status
		).toBe(303);
		expect(
			(
				await clients.adviser.post(`/park/advice/${requestId}?/reply`, {
					body: 'I kan søge fleksjob via jobcentret. Vi ringer i morgen.'
				})
			).status
		).toBe(303);
		const { body } = await html(clients.founder, `/park/advice/${requestId}`);
		expect(body).toContain('I kan søge fleksjob via jobcentret.');
		expect(body).not.toContain('Intern: tjek visitation.');
		expect(body).toMatch(/class="status[^"]*"[^>]*>Besvaret</);
		const { body: outbox } = await html(clients.admin, '/admin/outbox');
		expect(outbox).toContain('Svar på din henvendelse: Fleksjob i vores værksted');
		expect(outbox).toContain('Ny henvendelse: Fleksjob i vores værksted');
	});

	it('lets the requester close it, after which no more replies are taken', async () => {
		expect((await clients.founder.post(`/park/advice/${requestId}?/close`, {})).status).toBe(303);
		const late = await clients.adviser.post(`/park/advice/${requestId}?/reply`, { body: 'Mere' });
		expect(late.status).toBe(409);
	});
});

describe('meeting rooms', () => {
	let roomId = '';
	const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

	it('refuses bookings from people who are not tenants', async () => {
		const { body } = await html(clients.founder, '/park/rooms');
		expect(body).toContain('Kun lejere på Staldgården kan booke lokaler.');
		const { body: tenantPage } = await html(clients.cafe, '/park/rooms');
		roomId = tenantPage.match(/<option value="([0-9a-f-]{36})"[^>]*>Mødelokale Stalden</)![1];
		const response = await clients.founder.post('/park/rooms?/book', {
			roomId,
			date: day,
			start: '10:00',
			end: '11:00',
			title: 'Ikke tilladt'
		});
		expect(response.status).toBe(403);
	});

	it('lets exactly one of several concurrent overlapping bookings win, showing it to the others', async () => {
		const attempts = await Promise.all(
			Array.from({ length: 6 }, (_, i) =>
				clients.cafe.post('/park/rooms?/book', {
					roomId,
					date: day,
					start: `10:${String(i * 5).padStart(2, '0')}`,
					end: '11:30',
					title: `Møde ${i}`
				})
			)
		);
		const statuses = attempts.map((r) => r.status).sort();
		expect(statuses).toEqual([303, 409, 409, 409, 409, 409]);
		const refused = await Promise.all(
			attempts.filter((r) => r.status === 409).map((r) => r.text())
		);
		for (const body of refused)
			expect(body).toMatch(/Lokalet er optaget: Møde \d, Mødelokale Stalden/);
	});

	it('allows a booking that starts when the other ends, and an iCal file for it', async () => {
		const response = await clients.cafe.post('/park/rooms?/book', {
			roomId,
			date: day,
			start: '11:30',
			end: '12:00',
			title: 'Opfølgning'
		});
		expect(response.status).toBe(303);
		const { body } = await html(anonymous, '/park/rooms');
		const id = body.match(
			/href="\/park\/rooms\/([0-9a-f-]{36})\.ics"[^>]*aria-label="Kalenderfil for Opfølgning"/
		)![1];
		const ics = await anonymous.get(`/park/rooms/${id}.ics`);
		expect(ics.headers.get('content-type')).toContain('text/calendar');
		const text = await ics.text();
		expect(text).toContain('SUMMARY:Opfølgning');
		expect(text).toContain('LOCATION:Staldgården\\, Mødelokale Stalden');
		expect(text).toMatch(/DTSTART:\d{8}T\d{6}Z/);
	});

	it('frees the slot when the booking is cancelled', async () => {
		const { body } = await html(clients.cafe, '/park/rooms');
		const won = body.match(
			/<input type="hidden" name="bookingId" value="([0-9a-f-]{36})"[^>]*>\s*<button[^>]*aria-label="Aflys Møde \d"/
		);
		expect(won).not.toBeNull();
		expect((await clients.cafe.post('/park/rooms?/cancel', { bookingId: won![1] })).status).toBe(
			303
		);
		expect((await clients.founder.post('/park/rooms?/cancel', { bookingId: won![1] })).status).toBe(
			404
		);
		const again = await clients.cafe.post('/park/rooms?/book', {
			roomId,
			date: day,
			start: '10:00',
			end: '11:00',
			title: 'Ny tid'
		});
		expect(again.status).toBe(303);
	});

	it('refuses an end before the start', async () => {
		const response = await clients.cafe.post('/park/rooms?/book', {
			roomId,
			date: day,
			start: '15:00',
			end: '14:00',
			title: 'Baglæns'
		});
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Sluttidspunktet skal ligge efter starttidspunktet.');
	});
});
