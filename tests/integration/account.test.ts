import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http';
import { readOutbox, unescapeHtml } from '../helpers/mail';
import { startApp, type TestApp } from '../helpers/server';

const PASSWORD = 'account-test-password';
const SESSION_COOKIE = 'vc_session';

const people = {
	admin: { email: 'staff@videnscenter.test', name: 'Stine Stab', admin: true },
	alice: { email: 'alice@alfa.test', name: 'Alice Alfsen', org: 'Alfa ApS', role: 'editor' },
	bob: { email: 'bob@beta.test', name: 'Bob Betasen', org: 'Beta ApS', role: 'org_admin' },
	carl: { email: 'carl@solo.test', name: 'Carl Carlsen' },
	dan: { email: 'dan@solo.test', name: 'Dan Dalby' },
	eva: { email: 'eva@solo.test', name: 'Eva Ebbesen' }
} as const;
type Person = keyof typeof people;

let app: TestApp;
const clients = {} as Record<Person, Client>;

/** People with an organisation or the admin role come from the operator command; the rest sign up. */
const operatorMade = new Set<Person>(['admin', 'alice', 'bob']);

beforeAll(async () => {
	app = await startApp({
		users: Object.entries(people)
			.filter(([key]) => operatorMade.has(key as Person))
			.map(([, p]) => ({ ...p, password: PASSWORD }))
	});
	for (const [key, person] of Object.entries(people) as Array<
		[Person, { email: string; name: string }]
	>) {
		clients[key] = new Client(app.url);
		if (operatorMade.has(key)) {
			await clients[key].signIn(person.email, PASSWORD);
		} else {
			const response = await clients[key].post('/signup', { ...person, password: PASSWORD });
			if (response.status !== 303)
				throw new Error(`sign-up of ${person.email}: ${response.status}`);
			// Sign-up signs nobody in (no account enumeration): the person signs in next.
			await clients[key].signIn(person.email, PASSWORD);
		}
	}
});
afterAll(() => app?.stop());

async function html(client: Client, path: string): Promise<{ status: number; body: string }> {
	const response = await client.get(path);
	return { status: response.status, body: await response.text() };
}

/** The unread count the header shows, or 0 when it shows none. */
async function headerUnread(client: Client): Promise<number> {
	const { body } = await html(client, '/');
	const header = body.slice(body.indexOf('<header'), body.indexOf('</header>'));
	const match = header.match(/class="badge[^"]*"[^>]*>(\d+)</);
	return match ? Number(match[1]) : 0;
}

/** A user's id, as the admin's user list shows it. */
async function userId(email: string): Promise<string> {
	const { body } = await html(clients.admin, `/admin/users?q=${encodeURIComponent(email)}`);
	const match = body.match(/data-user="([0-9a-f-]{36})"/);
	if (!match) throw new Error(`${email} not in /admin/users`);
	return match[1];
}

/** The rows of the audit table, as action + the row's text. */
async function auditRows(query: string): Promise<Array<{ action: string; text: string }>> {
	const { status, body } = await html(clients.admin, `/admin/audit?${query}`);
	expect(status).toBe(200);
	return [...body.matchAll(/<tr[^>]*data-action="([^"]+)"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => ({
		action: m[1],
		text: unescapeHtml(m[2].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '))
	}));
}

/** The Copenhagen calendar day of now, `YYYY-MM-DD`. */
function today(offsetDays = 0): string {
	const day = new Date(Date.now() + offsetDays * 86_400_000);
	return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(day);
}

describe('the account page', () => {
	it('requires signing in', async () => {
		const response = await new Client(app.url).get('/account');
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/login?next=%2Faccount');
	});

	it('saves the name and preferred language, and refuses an empty name', async () => {
		const empty = await clients.alice.post('/account?/profile', { name: ' ', locale: 'da' });
		expect(empty.status).toBe(400);
		expect(await empty.text()).toContain('Udfyld feltet.');

		const saved = await clients.alice.post('/account?/profile', {
			name: 'Alice Alfsen-Berg',
			locale: 'en'
		});
		expect(saved.status).toBe(303);
		expect(saved.headers.get('location')).toBe('/account?done=profile#profile');
		const { body } = await html(clients.alice, saved.headers.get('location')!);
		expect(body).toContain('Din profil er gemt.');
		expect(body).toContain('value="Alice Alfsen-Berg"');
		expect(body).toMatch(/<option value="en"[^>]*selected/);
	});

	it('is in English under /en', async () => {
		const { status, body } = await html(clients.bob, '/en/account');
		expect(status).toBe(200);
		expect(body).toContain('<h1>My account</h1>');
		expect(body).toContain('Download my data (JSON)');
	});
});

describe('changing the password', () => {
	it('says which field is wrong', async () => {
		const wrong = await clients.alice.post('/account?/password', {
			current: 'not my password',
			password: 'a-brand-new-password'
		});
		expect(wrong.status).toBe(400);
		const wrongBody = await wrong.text();
		expect(wrongBody).toContain('Den nuværende adgangskode er forkert.');
		expect(wrongBody).toMatch(
			/id="current"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="current"/
		);

		const short = await clients.alice.post('/account?/password', {
			current: PASSWORD,
			password: 'short'
		});
		expect(short.status).toBe(400);
		expect(await short.text()).toContain('Adgangskoden skal være mindst 10 tegn.');
	});

	it('ends the other session but keeps the current one', async () => {
		const elsewhere = new Client(app.url);
		await elsewhere.signIn(people.alice.email, PASSWORD);
		expect((await elsewhere.get('/account')).status).toBe(200);

		const changed = await clients.alice.post('/account?/password', {
			current: PASSWORD,
			password: 'alice-new-password'
		});
		expect(changed.status).toBe(303);

		const here = await html(clients.alice, changed.headers.get('location')!);
		expect(here.status).toBe(200);
		expect(here.body).toContain('Din adgangskode er ændret');
		const there = await elsewhere.get('/account');
		expect(there.status).toBe(303);
		expect(there.headers.get('location')).toContain('/login');

		expect((await new Client(app.url).post('/login', people.alice)).status).toBe(400);
		await new Client(app.url).signIn(people.alice.email, 'alice-new-password');
	});

	it('tells the user by notification and by e-mail in their preferred language', async () => {
		const { body } = await html(clients.alice, '/notifications');
		expect(body).toContain('Your password has been changed');
		const mails = await readOutbox(clients.admin);
		expect(mails).toContainEqual(
			expect.objectContaining({
				kind: 'account.password_changed',
				to: people.alice.email,
				subject: 'Your password has been changed'
			})
		);
	});
});

describe('e-mail preferences', () => {
	it('sends no e-mail for a kind the user switched off, but still notifies in-app', async () => {
		// Only "join requests" stays ticked: every other kind is switched off.
		const saved = await clients.eva.post('/account?/preferences', {
			email: 'organisation.join_request'
		});
		expect(saved.status).toBe(303);
		const { body: page } = await html(clients.eva, saved.headers.get('location')!);
		expect(page).toContain('Dine e-mail-indstillinger er gemt.');
		expect(page).toMatch(/value="organisation.join_request"[^>]*checked/);
		expect(page).not.toMatch(/value="account.password_changed"[^>]*checked/);

		const changed = await clients.eva.post('/account?/password', {
			current: PASSWORD,
			password: 'eva-new-password'
		});
		expect(changed.status).toBe(303);
		expect(await headerUnread(clients.eva)).toBe(1);
		const mails = await readOutbox(clients.admin);
		const toEva = mails.filter((mail) => mail.to === people.eva.email);
		expect(toEva.map((mail) => mail.kind)).toEqual(['verify_email']);
	});
});

describe('notifications', () => {
	it('shows a new notification in the header count, and opening it marks it read', async () => {
		expect(await headerUnread(clients.dan)).toBe(0);
		const dan = await userId(people.dan.email);
		const granted = await clients.admin.post('/admin/users?/grant', { id: dan });
		expect(granted.status).toBe(303);

		expect(await headerUnread(clients.dan)).toBe(1);
		const { body: home } = await html(clients.dan, '/');
		expect(home).toContain('(1 ulæste)');

		const { body } = await html(clients.dan, '/notifications');
		expect(body).toContain('Du er nu administrator');
		expect(body).toContain('Stine Stab har gjort dig til administrator på Videnscenter.');
		expect(body).toMatch(/<li class="card item[^"]*\bunread\b/);
		expect(body).toContain('>Ulæst<');
		const href = body.match(/href="(\/notifications\/[0-9a-f-]{36})"/)?.[1];
		expect(href).toBeDefined();

		const opened = await clients.dan.get(href!);
		expect(opened.status).toBe(303);
		expect(opened.headers.get('location')).toBe('/admin');
		expect(await headerUnread(clients.dan)).toBe(0);
		expect((await html(clients.dan, '/admin')).status).toBe(200);
	});

	it('marks all read at once', async () => {
		const dan = await userId(people.dan.email);
		await clients.admin.post('/admin/users?/revoke', { id: dan });
		await clients.admin.post('/admin/users?/grant', { id: dan });
		await clients.admin.post('/admin/users?/revoke', { id: dan });
		expect(await headerUnread(clients.dan)).toBe(3);

		const done = await clients.dan.post('/notifications?/readAll', {});
		expect(done.status).toBe(303);
		expect(await headerUnread(clients.dan)).toBe(0);
		const { body } = await html(clients.dan, done.headers.get('location')!);
		expect(body).toContain('Alle notifikationer er markeret som læst.');
		expect(body.match(/<li class="card item[^"]*"/g)).toHaveLength(4);
		expect(body).not.toMatch(/<li class="card item[^"]*\bunread\b/);
		expect(body).not.toContain('Markér som læst');
	});

	it('does not let one user open or mark another user’s notification', async () => {
		const { body } = await html(clients.alice, '/notifications');
		const href = body.match(/href="(\/notifications\/[0-9a-f-]{36})"/)?.[1];
		expect(href).toBeDefined();
		const before = await headerUnread(clients.alice);
		const response = await clients.bob.get(href!);
		expect(response.headers.get('location')).toBe('/notifications');
		await clients.bob.post('/notifications?/read', { id: href!.split('/').pop()! });
		expect(await headerUnread(clients.alice)).toBe(before);
	});
});

describe('downloading my data', () => {
	it('returns the user’s own data as a JSON attachment, without secrets or other users', async () => {
		const response = await clients.alice.get('/account/export');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('application/json');
		expect(response.headers.get('content-disposition')).toMatch(
			/^attachment; filename="videnscenter-data-\d{4}-\d{2}-\d{2}\.json"$/
		);
		const text = await response.text();
		const data = JSON.parse(text);
		expect(data.profile).toMatchObject({ email: people.alice.email, name: 'Alice Alfsen-Berg' });
		expect(data.memberships).toEqual([
			expect.objectContaining({ organisation: 'Alfa ApS', role: 'editor', status: 'active' })
		]);
		expect(data.sessions.length).toBeGreaterThan(0);
		for (const session of data.sessions) expect(session).not.toHaveProperty('id');
		expect(data.notifications).toContainEqual(
			expect.objectContaining({ kind: 'account.password_changed' })
		);
		expect(data.audit.map((e: { action: string }) => e.action)).toEqual(
			expect.arrayContaining(['user.signin', 'user.password_changed', 'user.profile_updated'])
		);

		const token = clients.alice.cookies.get(SESSION_COOKIE)!;
		const tokenHash = createHash('sha256').update(token).digest('hex');
		expect(text).not.toContain(token);
		expect(text).not.toContain(tokenHash);
		expect(text).not.toContain('$argon2');
		expect(text).not.toMatch(/password_?hash/i);
		for (const other of [people.bob, people.carl, people.admin]) {
			expect(text).not.toContain(other.email);
			expect(text).not.toContain(other.name);
		}
		expect(text).not.toContain('Beta ApS');
	});

	it('requires signing in', async () => {
		const response = await new Client(app.url).get('/account/export');
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toContain('/login');
	});
});

describe('deleting the account', () => {
	it('refuses without the right password', async () => {
		const response = await clients.carl.post('/account?/delete', { confirm_password: 'wrong' });
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Den nuværende adgangskode er forkert.');
		expect((await clients.carl.get('/account')).status).toBe(200);
	});

	it('signs out, blocks sign-in, frees the e-mail and keeps the audit trail as a former user', async () => {
		const other = new Client(app.url);
		await other.signIn(people.carl.email, PASSWORD);
		const carlId = await userId(people.carl.email);

		const response = await clients.carl.post('/account?/delete', { confirm_password: PASSWORD });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/account/deleted');
		expect(clients.carl.cookies.has(SESSION_COOKIE)).toBe(false);
		expect((await html(clients.carl, '/account/deleted')).body).toContain('Din konto er slettet');
		expect((await other.get('/account')).status).toBe(303);

		const signIn = await new Client(app.url).post('/login', people.carl);
		expect(signIn.status).toBe(400);

		const fresh = new Client(app.url);
		const signUp = await fresh.post('/signup', {
			name: 'Carla Ny',
			email: people.carl.email,
			password: 'carla-new-password'
		});
		expect(signUp.status).toBe(303);
		expect(signUp.headers.get('location')).toBe('/signup?done=1');

		const deleted = await auditRows('action=user.deleted');
		expect(deleted).toHaveLength(1);
		expect(deleted[0].text).toContain('Tidligere bruger');
		expect(deleted[0].text).toContain(carlId);
		expect(deleted[0].text).not.toContain('Carl Carlsen');
		const signIns = await auditRows('action=user.signin&target=user');
		const carlsOld = signIns.filter((row) => row.text.includes(carlId));
		expect(carlsOld.length).toBeGreaterThanOrEqual(1);
		for (const row of carlsOld) {
			expect(row.text).toContain('Tidligere bruger');
			expect(row.text).not.toContain(people.carl.email);
		}

		const { body: found } = await html(clients.admin, '/admin/users?q=carl');
		expect(found).toContain('Carla Ny');
		const { body: unverified } = await html(clients.admin, '/admin/users?verified=no');
		const row = unverified.match(
			new RegExp(`<tr[^>]*data-user="${carlId}"[^>]*>([\\s\\S]*?)</tr>`)
		);
		expect(row?.[1]).toContain('Tidligere bruger');
		expect(row?.[1]).toContain('Slettet');
		expect(row?.[1]).not.toContain('Gør til administrator');
	});
});

describe('the admin area', () => {
	it('is for platform admins only', async () => {
		for (const path of ['/admin', '/admin/audit', '/admin/users', '/admin/outbox']) {
			expect((await clients.bob.get(path)).status).toBe(403);
			const anonymous = await new Client(app.url).get(path);
			expect(anonymous.status).toBe(303);
			expect(anonymous.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
		}
		expect((await clients.bob.post('/admin/users?/grant', { id: 'x' })).status).toBe(403);
		const { status, body } = await html(clients.admin, '/admin');
		expect(status).toBe(200);
		for (const path of ['/admin/organisations', '/admin/users', '/admin/audit', '/admin/outbox']) {
			expect(body).toContain(`href="${path}"`);
		}
	});

	it('filters the audit log by action, actor, target type and date, in the URL', async () => {
		const all = await html(clients.admin, '/admin/audit');
		expect(all.body).toContain('<option value="user.signin"');
		expect(all.body).toContain('<option value="user.admin_granted"');

		const bobs = await auditRows('action=user.signin&actor=bob%40beta');
		expect(bobs.length).toBeGreaterThan(0);
		for (const row of bobs) {
			expect(row.action).toBe('user.signin');
			expect(row.text).toContain(people.bob.email);
		}

		const grants = await auditRows('action=user.admin_granted&target=user');
		expect(grants).toHaveLength(2);
		for (const row of grants) expect(row.text).toContain('Stine Stab');

		const wrongType = await auditRows('action=user.admin_granted&target=organisation');
		expect(wrongType).toHaveLength(0);

		const todays = await auditRows(`action=user.admin_granted&from=${today()}&to=${today()}`);
		expect(todays).toHaveLength(2);
		const tomorrow = await html(clients.admin, `/admin/audit?from=${today(1)}`);
		expect(tomorrow.body).toContain('0 poster');
		const yesterday = await auditRows(`to=${today(-1)}`);
		expect(yesterday).toHaveLength(0);

		const bad = await html(clients.admin, '/admin/audit?from=2025-02-30');
		expect(bad.status).toBe(200);
		expect(bad.body).toContain('Datoen 2025-02-30 er ikke gyldig');
	});

	it('does not let an admin revoke their own role', async () => {
		const me = await userId(people.admin.email);
		const response = await clients.admin.post('/admin/users?/revoke', { id: me });
		expect(response.status).toBe(403);
		expect(await response.text()).toContain('Du kan ikke fjerne din egen administratorrolle.');
		expect((await clients.admin.get('/admin')).status).toBe(200);
	});

	it('lists users with verification status and role, and records role changes', async () => {
		const { body } = await html(clients.admin, '/admin/users?role=admin');
		expect(body).toContain(people.admin.email);
		expect(body).not.toContain(people.bob.email);
		const unverified = await html(clients.admin, '/admin/users?verified=no');
		expect(unverified.body).toContain(people.carl.email);
		expect(unverified.body).not.toContain(people.bob.email);

		const revokes = await auditRows('action=user.admin_revoked');
		expect(revokes).toHaveLength(2);
	});
});
