import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http';
import { startApp, type TestApp } from '../helpers/server';

const PASSWORD = 'organisations-test-pw';

const people = {
	admin: { email: 'staff@videnscenter.test', name: 'Stine Stab', admin: true },
	alice: { email: 'alice@alfa.test', name: 'Alice Alfsen', org: 'Alfa ApS', role: 'org_admin' },
	bob: { email: 'bob@beta.test', name: 'Bob Betasen', org: 'Beta ApS', role: 'org_admin' },
	bella: { email: 'bella@beta.test', name: 'Bella Bjerre', org: 'Beta ApS', role: 'member' },
	gina: { email: 'gina@gamma.test', name: 'Gina Gammelby', org: 'Gamma ApS', role: 'org_admin' },
	carl: { email: 'carl@solo.test', name: 'Carl Carlsen' },
	dan: { email: 'dan@solo.test', name: 'Dan Dalby' },
	eva: { email: 'eva@solo.test', name: 'Eva Ebbesen' }
} as const;
type Person = keyof typeof people;

let app: TestApp;
const clients = {} as Record<Person, Client>;

beforeAll(async () => {
	app = await startApp({
		users: Object.values(people).map((p) => ({ ...p, password: PASSWORD }))
	});
	for (const [key, person] of Object.entries(people) as Array<[Person, { email: string }]>) {
		clients[key] = new Client(app.url);
		await clients[key].signIn(person.email, PASSWORD);
	}
});
afterAll(() => app?.stop());

/** A valid create form; fields overridden per test. Kolding is municipality 621. */
function orgForm(overrides: Record<string, string> = {}): Record<string, string> {
	return {
		kind: 'social_enterprise',
		name: 'Kaffe og Job',
		cvr: '',
		municipality: '621',
		website: 'https://kaffe-og-job.example',
		description: 'Café med fleksjob.',
		...overrides
	};
}

async function html(client: Client, path: string): Promise<{ status: number; body: string }> {
	const response = await client.get(path);
	return { status: response.status, body: await response.text() };
}

/** Mails in the dev outbox, read as a platform admin. */
async function outbox(): Promise<Array<{ kind: string; subject: string; to: string }>> {
	const { body } = await html(clients.admin, '/admin/outbox');
	const mails = [];
	const re =
		/data-kind="([^"]+)"[\s\S]*?<h2[^>]*>([\s\S]*?)<\/h2>[\s\S]*?<span class="to[^"]*">([^<]*)<\/span>/g;
	for (const match of body.matchAll(re)) {
		mails.push({ kind: match[1], subject: match[2].trim(), to: match[3].trim() });
	}
	return mails;
}

/** The organisations a search finds, as `N organisationer` says it. */
async function searchCount(client: Client, q: string): Promise<number> {
	const { body } = await html(client, `/organisations?q=${encodeURIComponent(q)}`);
	const match = body.match(/(\d+) organisationer/);
	if (!match) throw new Error('no result count on /organisations');
	return Number(match[1]);
}

async function isPendingForAdmin(name: string): Promise<boolean> {
	const { body } = await html(clients.admin, '/admin/organisations');
	return body.includes(name);
}

/** The HTML of the `<section id="…">` of a page (the serialised page data after it excluded). */
function section(body: string, id: string): string {
	const start = body.indexOf(`id="${id}"`);
	if (start < 0) return '';
	return body.slice(start, body.indexOf('</section>', start));
}

function userIdIn(body: string, name: string): string {
	// Each row carries the person's id in the hidden userId field after their name.
	const at = body.indexOf(name);
	const match = body.slice(at).match(/name="userId" value="([0-9a-f-]{36})"/);
	if (at < 0 || !match) throw new Error(`no row for ${name}`);
	return match[1];
}

describe('creating an organisation', () => {
	it('refuses a CVR number with a wrong check digit with 400 and the field message, and creates nothing', async () => {
		const name = 'Forkert CVR Café';
		const response = await clients.carl.post(
			'/organisations/new',
			orgForm({ name, cvr: '12345675' })
		);
		expect(response.status).toBe(400);
		const body = await response.text();
		expect(body).toContain('CVR-nummeret findes ikke: kontrolcifferet passer ikke.');
		expect(body).toContain('aria-invalid="true"');
		expect(body).toContain(`value="${name}"`);
		expect(await searchCount(clients.admin, name)).toBe(0);
		expect(await isPendingForAdmin(name)).toBe(false);
	});

	it('answers in English under /en', async () => {
		const response = await clients.carl.post(
			'/en/organisations/new',
			orgForm({ name: 'Wrong CVR Café', cvr: '12345675' })
		);
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('This CVR number does not exist');
	});

	it('refuses a CVR number with letters or the wrong length with the format message', async () => {
		for (const cvr of ['1234567', '1234567a', '123456740']) {
			const response = await clients.carl.post(
				'/organisations/new',
				orgForm({ name: `Format ${cvr}`, cvr })
			);
			expect(response.status).toBe(400);
			expect(await response.text()).toContain(
				'Et CVR-nummer består af 8 cifre og begynder ikke med 0.'
			);
		}
		expect(await searchCount(clients.admin, 'Format ')).toBe(0);
		expect(await isPendingForAdmin('Format 1234567')).toBe(false);
	});

	it('refuses a name that is taken, whatever its case, with 422 and creates nothing', async () => {
		expect(await searchCount(clients.carl, 'alfa aps')).toBe(1);
		const response = await clients.carl.post('/organisations/new', orgForm({ name: 'alfa aps' }));
		expect(response.status).toBe(422);
		expect(await response.text()).toContain('Der findes allerede en organisation med dette navn.');
		expect(await searchCount(clients.carl, 'alfa aps')).toBe(1);
		expect(await isPendingForAdmin('alfa aps')).toBe(false);
	});

	it('refuses a municipality that is not one of the 98 with 422', async () => {
		const name = 'Ukendt Kommune Værksted';
		const response = await clients.carl.post(
			'/organisations/new',
			orgForm({ name, municipality: '999' })
		);
		expect(response.status).toBe(422);
		expect(await response.text()).toContain('Vælg en af de 98 kommuner på listen.');
		expect(await isPendingForAdmin(name)).toBe(false);
	});

	it('refuses a website that is not http or https', async () => {
		const response = await clients.carl.post(
			'/organisations/new',
			orgForm({ name: 'Skript Café', website: 'javascript:alert(1)' })
		);
		expect(response.status).toBe(400);
		expect(await response.text()).toContain(
			'Skriv en webadresse, der begynder med http:// eller https://.'
		);
	});

	it('offers all 98 municipalities and every kind with a Danish label', async () => {
		const { status, body } = await html(clients.carl, '/organisations/new');
		expect(status).toBe(200);
		const select = body.slice(
			body.indexOf('id="municipality"'),
			body.indexOf('</select>', body.indexOf('id="municipality"'))
		);
		expect(select.match(/<option value="\d{3}"/g)).toHaveLength(98);
		expect(body).toContain('Socialøkonomisk virksomhed');
		expect(body).toContain('Erhvervsfremme');
	});

	it('sends a signed-out visitor to sign in', async () => {
		const response = await new Client(app.url).get('/organisations/new');
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toContain('/login?next=');
	});

	it('keeps a new organisation pending until a platform admin approves it, then tells its creator', async () => {
		const name = 'Grøn Genbrug Kolding';
		const created = await clients.carl.post(
			'/organisations/new',
			orgForm({ name, kind: 'social_enterprise', cvr: '12 34 56 74', website: 'groen.example' })
		);
		expect(created.status).toBe(303);
		const location = created.headers.get('location')!;
		expect(location).toMatch(/^\/organisations\/groen-genbrug-kolding\?done=created_pending$/);
		const path = '/organisations/groen-genbrug-kolding';

		// The creator sees it, pending, with themselves as its administrator.
		const own = await html(clients.carl, path);
		expect(own.status).toBe(200);
		expect(own.body).toContain('venter på godkendelse');
		expect(own.body).toContain('https://groen.example/');
		expect(own.body).toContain('Din rolle: Administrator');

		// Nobody else does, not even by its address; it is not in the public list.
		expect((await html(clients.bob, path)).status).toBe(404);
		expect(await searchCount(clients.bob, name)).toBe(0);
		expect((await clients.bob.post(`${path}?/join`, { message: 'hej' })).status).toBe(404);

		// A user who is not a platform admin can neither see the queue nor approve.
		expect((await html(clients.alice, '/admin/organisations')).status).toBe(403);
		const { body: queue } = await html(clients.admin, '/admin/organisations');
		expect(queue).toContain(name);
		expect(queue).toContain(people.carl.email);
		const id = queue.match(/name="id" value="([0-9a-f-]{36})"/)![1];
		expect((await clients.alice.post('/admin/organisations?/approve', { id })).status).toBe(403);
		expect((await html(clients.bob, path)).status).toBe(404);

		const approved = await clients.admin.post('/admin/organisations?/approve', { id });
		expect(approved.status).toBe(303);
		expect(await isPendingForAdmin(name)).toBe(false);

		expect((await html(clients.bob, path)).status).toBe(200);
		expect(await searchCount(clients.bob, name)).toBe(1);

		const mail = (await outbox()).find(
			(m) => m.kind === 'organisation.approved' && m.to === people.carl.email
		);
		expect(mail?.subject).toBe(`${name} er godkendt`);
		const home = await html(clients.carl, '/organisations');
		expect(home.body).toContain('1 ulæste');
	});

	it('tells platform admins that an organisation awaits approval', async () => {
		const mail = (await outbox()).find(
			(m) => m.kind === 'organisation.pending' && m.to === people.admin.email
		);
		expect(mail?.subject).toContain('Grøn Genbrug Kolding');
	});

	it('approves an organisation a platform admin creates at once', async () => {
		const created = await clients.admin.post(
			'/organisations/new',
			orgForm({ name: 'Netværk for Socialøkonomi Syd', kind: 'network', website: '' })
		);
		expect(created.status).toBe(303);
		expect(created.headers.get('location')).toContain('done=created_approved');
		expect(await searchCount(clients.dan, 'Netværk for Socialøkonomi Syd')).toBe(1);
	});

	it('refuses a second organisation with the same CVR number', async () => {
		const response = await clients.dan.post(
			'/organisations/new',
			orgForm({ name: 'Anden Genbrug', cvr: '12345674' })
		);
		expect(response.status).toBe(422);
		expect(await response.text()).toContain(
			'Der findes allerede en organisation med dette CVR-nummer.'
		);
	});
});

describe('listing organisations', () => {
	it('filters by kind and municipality and searches by name', async () => {
		const { body } = await html(clients.dan, '/organisations?kind=municipality&municipality=621');
		expect(body).toContain('1 organisationer');
		expect(body).toContain('Kolding Kommune');
		expect(await searchCount(clients.dan, 'kolding kom')).toBe(1);
		expect(await searchCount(clients.dan, '%')).toBe(0);
		const all = await html(clients.dan, '/organisations?kind=municipality');
		expect(all.body).toContain('98 organisationer');
	});
});

describe('joining an organisation', () => {
	it('lets an org admin approve a join request, after which the new member sees the member list', async () => {
		const path = '/organisations/alfa-aps';
		const before = await html(clients.dan, path);
		expect(before.status).toBe(200);
		expect(before.body).toContain('Kun organisationens medlemmer kan se medlemslisten.');
		expect(before.body).not.toContain(people.alice.name);

		const asked = await clients.dan.post(`${path}?/join`, {
			message: 'Jeg arbejder med fleksjob.'
		});
		expect(asked.status).toBe(303);
		const pending = await html(clients.dan, path);
		expect(pending.body).toContain('Anmodningen venter på en administrator.');
		expect(pending.body).not.toContain(people.alice.name);
		expect((await clients.dan.post(`${path}?/join`, { message: 'igen' })).status).toBe(422);

		const request = (await outbox()).find(
			(m) => m.kind === 'organisation.join_request' && m.to === people.alice.email
		);
		expect(request?.subject).toBe('Dan Dalby vil være medlem af Alfa ApS');

		const adminView = await html(clients.alice, path);
		expect(adminView.body).toContain('Jeg arbejder med fleksjob.');
		expect(adminView.body).toContain(people.dan.email);
		const danId = userIdIn(section(adminView.body, 'requests'), people.dan.name);

		expect((await clients.alice.post(`${path}?/approve`, { userId: danId })).status).toBe(303);

		const after = await html(clients.dan, path);
		expect(after.body).toContain(people.alice.name);
		const members = section(after.body, 'members');
		expect(members).toMatch(/Dan Dalby[\s\S]*?Medlem/);
		expect(members).toMatch(/Alice Alfsen[\s\S]*?Administrator/);
		// Members see names and roles, not e-mail addresses.
		expect(after.body).not.toContain(people.alice.email);
		expect(after.body).not.toContain('?/approve');

		const approved = (await outbox()).find(
			(m) => m.kind === 'organisation.join_approved' && m.to === people.dan.email
		);
		expect(approved?.subject).toBe('Du er nu medlem af Alfa ApS');
	});

	it('lets an org admin decline a request and tells the requester', async () => {
		const path = '/organisations/alfa-aps';
		expect((await clients.eva.post(`${path}?/join`, { message: '' })).status).toBe(303);
		const view = await html(clients.alice, path);
		const evaId = userIdIn(section(view.body, 'requests'), people.eva.name);
		expect((await clients.alice.post(`${path}?/decline`, { userId: evaId })).status).toBe(303);
		const after = await html(clients.eva, path);
		expect(after.body).toContain('Bliv medlem');
		expect(after.body).not.toContain(people.alice.name);
		const declined = (await outbox()).find(
			(m) => m.kind === 'organisation.join_declined' && m.to === people.eva.email
		);
		expect(declined).toBeDefined();
	});
});

describe("one organisation's private data", () => {
	const beta = '/organisations/beta-aps';
	let bellaId: string;
	let carlId: string;

	beforeAll(async () => {
		expect(
			(await clients.carl.post(`${beta}?/join`, { message: 'hemmelig besked til Beta' })).status
		).toBe(303);
		const view = await html(clients.bob, beta);
		bellaId = userIdIn(section(view.body, 'members'), people.bella.name);
		carlId = userIdIn(section(view.body, 'requests'), people.carl.name);
	});

	it('is hidden from a user of another organisation: no members, e-mails or join requests', async () => {
		const { status, body } = await html(clients.alice, beta);
		expect(status).toBe(200);
		expect(body).toContain('Beta ApS');
		for (const secret of [
			people.bella.name,
			people.bob.name,
			people.bella.email,
			people.carl.email,
			'hemmelig besked til Beta',
			bellaId,
			carlId
		]) {
			expect(body).not.toContain(secret);
		}
	});

	it('refuses with 403 when a user of another organisation decides requests, changes roles or removes members, and changes nothing', async () => {
		const attempts = [
			['approve', { userId: carlId }],
			['decline', { userId: carlId }],
			['role', { userId: bellaId, role: 'org_admin' }],
			['role', { userId: people.alice.email, role: 'org_admin' }],
			['remove', { userId: bellaId }]
		] as const;
		for (const [action, form] of attempts) {
			const response = await clients.alice.post(`${beta}?/${action}`, form);
			expect(response.status, action).toBe(403);
		}
		// A plain member of the organisation itself may not manage it either.
		expect((await clients.bella.post(`${beta}?/approve`, { userId: carlId })).status).toBe(403);

		const view = await html(clients.bob, beta);
		const requests = section(view.body, 'requests');
		expect(requests).toContain('hemmelig besked til Beta');
		const members = section(view.body, 'members');
		expect(members).toMatch(/Bella Bjerre[\s\S]*?<option value="member" selected/);
		expect(members).not.toContain(people.carl.name);
		expect((await html(clients.carl, beta)).body).toContain(
			'Anmodningen venter på en administrator.'
		);
	});

	it("shows the organisation's own admin the e-mails and join requests", async () => {
		const { body } = await html(clients.bob, beta);
		expect(body).toContain(people.bella.email);
		expect(body).toContain('hemmelig besked til Beta');
	});
});

describe('the last org admin', () => {
	const gamma = '/organisations/gamma-aps';

	it('cannot be demoted, removed or leave, and stays admin', async () => {
		const view = await html(clients.gina, gamma);
		const ginaId = userIdIn(section(view.body, 'members'), people.gina.name);
		const message = 'Organisationen skal have mindst én administrator.';
		for (const [action, form] of [
			['role', { userId: ginaId, role: 'editor' }],
			['remove', { userId: ginaId }],
			['leave', {}]
		] as const) {
			const response = await clients.gina.post(`${gamma}?/${action}`, form);
			expect(response.status, action).toBe(422);
			expect(await response.text()).toContain(message);
		}
		const after = await html(clients.gina, gamma);
		expect(after.body).toContain('Din rolle: Administrator');
	});

	it('can step down once someone else is an admin', async () => {
		expect((await clients.eva.post(`${gamma}?/join`, { message: '' })).status).toBe(303);
		let view = await html(clients.gina, gamma);
		const evaId = userIdIn(section(view.body, 'requests'), people.eva.name);
		expect((await clients.gina.post(`${gamma}?/approve`, { userId: evaId })).status).toBe(303);
		expect(
			(await clients.gina.post(`${gamma}?/role`, { userId: evaId, role: 'org_admin' })).status
		).toBe(303);
		view = await html(clients.gina, gamma);
		const ginaId = userIdIn(section(view.body, 'members'), people.gina.name);
		expect(
			(await clients.gina.post(`${gamma}?/role`, { userId: ginaId, role: 'editor' })).status
		).toBe(303);
		const after = await html(clients.gina, gamma);
		expect(after.body).toContain('Din rolle: Redaktør');
		// No longer an admin: managing is refused.
		expect((await clients.gina.post(`${gamma}?/remove`, { userId: evaId })).status).toBe(403);
		// Eva is now the last admin.
		expect(
			(await clients.eva.post(`${gamma}?/role`, { userId: evaId, role: 'member' })).status
		).toBe(422);
	});
});
