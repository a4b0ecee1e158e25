import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { Client } from '../helpers/http';
import { linkIn, readOutbox, unescapeHtml } from '../helpers/mail';
import { runAdmin, startApp, type TestApp } from '../helpers/server';
import { databaseUrl } from '../helpers/services';

const PASSWORD = 'auth-test-password';
const COOKIE = 'vc_session';

const staff = { email: 'staff@auth.test', name: 'Stine Stab', admin: true, password: PASSWORD };
const member = { email: 'member@auth.test', name: 'Mads Medlem', password: PASSWORD };
const limited = { email: 'limited@auth.test', name: 'Lise Låst', password: PASSWORD };
const resetter = { email: 'reset@auth.test', name: 'Rasmus Ny', password: PASSWORD };
const parallel = { email: 'parallel@auth.test', name: 'Pia Parallel', password: PASSWORD };
const timed = { email: 'timed@auth.test', name: 'Tim Tid', password: PASSWORD };
const relinked = { email: 'relinked@auth.test', name: 'Rikke Link', password: PASSWORD };
const leaver = { email: 'leaver@auth.test', name: 'Lars Logud', password: PASSWORD };

/** Messages as the user reads them, per language (text before any {placeholder}). */
function messages(locale: 'da' | 'en'): Record<string, string> {
	return JSON.parse(readFileSync(`messages/core/${locale}.json`, 'utf8'));
}
const da = messages('da');
const lead = (message: string) => message.split('{')[0];

let app: TestApp;
let admin: Client;

beforeAll(async () => {
	app = await startApp({
		users: [staff, member, limited, resetter, parallel, timed, relinked, leaver]
	});
	admin = new Client(app.url);
	await admin.signIn(staff.email, PASSWORD);
});
afterAll(() => app?.stop());

async function text(response: Response): Promise<string> {
	return unescapeHtml(await response.text());
}

/** Mails in the outbox to one address, newest first. */
async function mailsTo(email: string, kind?: string) {
	return (await readOutbox(admin)).filter((m) => m.to === email && (!kind || m.kind === kind));
}

/** A client that presents only the given session cookie. */
function withCookie(token: string): Client {
	const client = new Client(app.url);
	client.cookies.set(COOKIE, token);
	return client;
}

/** Whether the client's session opens the signed-in user's own page. */
async function isSignedIn(client: Client): Promise<boolean> {
	const response = await client.get('/account');
	if (response.status === 200) return true;
	if (response.status === 303) {
		expect(response.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/account')}`);
		return false;
	}
	throw new Error(`unexpected answer ${response.status} from /account`);
}

/** Asks for a fresh verification link, as the signed-in user. */
async function resendVerification(client: Client): Promise<void> {
	const response = await client.post('/verify-email?/resend', {});
	expect(response.status).toBe(200);
}

describe('sign-up, e-mail verification, sign-out and sign-in', () => {
	const nina = { email: 'nina@auth.test', name: 'Nina Nybruger', password: 'nina-sikker-kode' };
	const visitor = () => new Client(app.url);
	let client: Client;
	let firstSession: string;

	it('signs a new user up, mails a verification link, and signs them in only with the password', async () => {
		client = visitor();
		const response = await client.post('/signup', nina);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/signup?done=1');
		// No session from sign-up: a known address could not be told apart otherwise.
		expect(client.cookies.has(COOKIE)).toBe(false);

		const mails = await mailsTo(nina.email, 'verify_email');
		expect(mails).toHaveLength(1);
		expect(linkIn(mails[0], '/verify-email?token=')).toMatch(
			new RegExp(`^${app.url}/verify-email\\?token=[a-z2-7]{32}$`)
		);
		const done = await client.get('/signup?done=1');
		expect(await text(done)).toContain(nina.email);

		await client.signIn(nina.email, nina.password);
		expect(client.cookies.get(COOKIE)).toMatch(/^[a-z2-7]{32}$/);
		firstSession = client.cookies.get(COOKIE)!;
	});

	it('sends a fresh link on request while the address is unverified', async () => {
		await resendVerification(client);
		expect(await mailsTo(nina.email, 'verify_email')).toHaveLength(2);
	});

	it('verifies the address when the mailed link is followed, once', async () => {
		const [latest] = await mailsTo(nina.email, 'verify_email');
		const link = linkIn(latest, '/verify-email?token=');
		const response = await client.get(link);
		expect(response.status).toBe(200);
		expect(await text(response)).toContain(da.verify_ok);

		// A verified user is sent no more links.
		await resendVerification(client);
		expect(await mailsTo(nina.email, 'verify_email')).toHaveLength(2);

		const again = await client.get(link);
		const body = await text(again);
		expect(body).toContain(da.verify_invalid);
		expect(body).not.toContain(da.verify_ok);
	});

	it('signs out and the old session cookie stops working', async () => {
		const response = await client.post('/logout', { signout: '1' });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/login?signedout=1');
		expect(client.cookies.has(COOKIE)).toBe(false);
		expect(await isSignedIn(client)).toBe(false);

		const replay = withCookie(firstSession);
		expect(await isSignedIn(replay)).toBe(false);
		// The server tells the browser to drop the dead cookie.
		expect(replay.cookies.has(COOKIE)).toBe(false);
	});

	it('signs in again with the password chosen at sign-up', async () => {
		client = visitor();
		const response = await client.post('/login', { email: nina.email, password: nina.password });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/');
		expect(client.cookies.get(COOKIE)).not.toBe(firstSession);
		expect(await isSignedIn(client)).toBe(true);
		const home = await text(await client.get('/'));
		expect(home).toContain(nina.name);
	});

	it('accepts upper-case letters in the e-mail at sign-in', async () => {
		const response = await visitor().post('/login', {
			email: ' NINA@Auth.Test ',
			password: nina.password
		});
		expect(response.status).toBe(303);
	});

	it('goes back to a same-site page after sign-in but never to another site', async () => {
		const back = await visitor().post(`/login?next=${encodeURIComponent('/library?q=café')}`, {
			email: nina.email,
			password: nina.password
		});
		expect(back.headers.get('location')).toBe('/library?q=café');
		const away = await visitor().post('/login?next=//evil.example/x', {
			email: nina.email,
			password: nina.password
		});
		expect(away.status).toBe(303);
		expect(away.headers.get('location')).toBe('/');
		for (const trick of [
			'/\t/evil.example',
			'/\\evil.example',
			'/%2F%2Fevil.example',
			'https:evil.example'
		]) {
			const tricked = await visitor().post(`/login?next=${encodeURIComponent(trick)}`, {
				email: nina.email,
				password: nina.password
			});
			expect(tricked.status).toBe(303);
			expect(tricked.headers.get('location')).toBe('/');
		}
	});

	it('refuses a wrong password with a message and no session', async () => {
		const stranger = visitor();
		const response = await stranger.post('/login', { email: nina.email, password: 'not-her-pw' });
		expect(response.status).toBe(400);
		expect(await text(response)).toContain(da.login_failed);
		expect(stranger.cookies.has(COOKIE)).toBe(false);
	});
});

describe('forms from other sites', () => {
	it('refuses a sign-in form posted from another origin', async () => {
		const response = await new Client(app.url).post(
			'/login',
			{ email: member.email, password: PASSWORD },
			{ origin: 'http://evil.example' }
		);
		expect(response.status).toBe(403);
		expect(response.headers.getSetCookie()).toEqual([]);
	});
});

describe('sign-out', () => {
	it('is a form post with a body: a bodiless or cross-site post signs no one out', async () => {
		const client = new Client(app.url);
		await client.signIn(leaver.email, PASSWORD);
		const cookie = client.cookies.get(COOKIE)!;
		const bodiless = await fetch(new URL('/logout', app.url), {
			method: 'POST',
			headers: { cookie: `${COOKIE}=${cookie}` },
			redirect: 'manual'
		});
		expect(bodiless.status).toBe(415);
		const crossSite = await client.post(
			'/logout',
			{ signout: '1' },
			{ origin: 'http://evil.example' }
		);
		expect(crossSite.status).toBe(403);
		expect(await isSignedIn(withCookie(cookie))).toBe(true);

		const page = await text(await client.get('/account'));
		expect(page).toMatch(
			/<form method="POST" action="\/logout">\s*<input type="hidden" name="signout" value="1"/
		);
		expect((await client.post('/logout', { signout: '1' })).status).toBe(303);
		expect(await isSignedIn(withCookie(cookie))).toBe(false);
	});
});

describe('guarded pages', () => {
	it('sends a signed-out visitor of their account page to sign in, and back after it', async () => {
		const client = new Client(app.url);
		const response = await client.get('/account');
		expect(response.status).toBe(303);
		const login = response.headers.get('location')!;
		expect(login).toBe(`/login?next=${encodeURIComponent('/account')}`);
		const signedIn = await client.post(login, { email: member.email, password: PASSWORD });
		expect(signedIn.status).toBe(303);
		expect(signedIn.headers.get('location')).toBe('/account');
		const page = await client.get('/account');
		expect(page.status).toBe(200);
		expect(await text(page)).toContain(member.email);
	});

	it('sends a signed-out visitor of an admin page to sign in, in their language', async () => {
		const response = await new Client(app.url).get('/admin/outbox');
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(
			`/login?next=${encodeURIComponent('/admin/outbox')}`
		);
		const english = await new Client(app.url).get('/en/admin/outbox');
		expect(english.headers.get('location')).toMatch(/^\/en\/login\?next=/);
	});

	it('answers 403 to a signed-in user who is not an admin', async () => {
		const client = new Client(app.url);
		await client.signIn(member.email, PASSWORD);
		expect((await client.get('/admin/outbox')).status).toBe(403);
		expect((await admin.get('/admin/outbox')).status).toBe(200);
	});
});

describe('sign-up with bad input', () => {
	it('answers a known address exactly as a new one, and mails its owner instead', async () => {
		const answer = async (email: string, name: string) => {
			const client = new Client(app.url);
			const response = await client.post('/signup', {
				email,
				password: 'another-good-password',
				name
			});
			const page = await client.get('/signup?done=1');
			return {
				status: response.status,
				location: response.headers.get('location'),
				signedIn: client.cookies.has(COOKIE),
				// Apart from the address and the per-response script nonce, byte for byte the same.
				page: (await text(page)).replaceAll(email, 'ADDRESS').replace(/nonce="[^"]*"/g, '')
			};
		};
		const known = await answer('MEMBER@auth.test', 'Mads Igen');
		const fresh = await answer('ny-person@auth.test', 'Ny Person');
		expect(known).toEqual(fresh);
		expect(known.status).toBe(303);
		expect(known.signedIn).toBe(false);

		// The owner is told, in a mail with links to sign in and to choose a new password.
		const told = await mailsTo(member.email, 'signup_existing');
		expect(told).toHaveLength(1);
		expect(linkIn(told[0], '/login')).toBe(`${app.url}/login`);
		expect(linkIn(told[0], '/reset-password')).toBe(`${app.url}/reset-password`);
		// No second account: the old password still signs in, the new one does not.
		const old = new Client(app.url);
		await old.signIn(member.email, PASSWORD);
		expect(await isSignedIn(old)).toBe(true);
		const tried = await new Client(app.url).post('/login', {
			email: member.email,
			password: 'another-good-password'
		});
		expect(tried.status).toBe(400);
		// A second try within the hour mails the owner no more (no mail bombing).
		await answer(member.email, 'Mads Tredje');
		expect(await mailsTo(member.email, 'signup_existing')).toHaveLength(1);
	});

	it('refuses a password shorter than 10 characters', async () => {
		const client = new Client(app.url);
		const response = await client.post('/signup', {
			email: 'weak@auth.test',
			password: 'kort',
			name: 'Svag Kode'
		});
		expect(response.status).toBe(400);
		expect(await text(response)).toContain(da.password_too_short);
		expect(client.cookies.has(COOKIE)).toBe(false);
	});

	it('refuses a malformed e-mail address', async () => {
		const response = await new Client(app.url).post('/signup', {
			email: 'not-an-address',
			password: 'a-good-password',
			name: 'Uden Adresse'
		});
		expect(response.status).toBe(400);
		expect(await text(response)).toContain(da.form_invalid_email);
	});

	it('refuses a missing name', async () => {
		const response = await new Client(app.url).post('/signup', {
			email: 'noname@auth.test',
			password: 'a-good-password',
			name: '   '
		});
		expect(response.status).toBe(400);
		expect(await text(response)).toContain(da.form_required);
	});

	it('creates no account and sends no mail for any refused sign-up', async () => {
		const mails = await readOutbox(admin);
		for (const email of ['weak@auth.test', 'not-an-address', 'noname@auth.test']) {
			expect(mails.filter((m) => m.to === email)).toEqual([]);
			const signIn = await new Client(app.url).post('/login', {
				email,
				password: 'a-good-password'
			});
			expect(signIn.status).toBe(400);
		}
	});
});

describe('sign-in rate limit', () => {
	it('answers 429 with Retry-After after 5 failed attempts, even with the right password', async () => {
		const client = new Client(app.url);
		for (let i = 0; i < 5; i++) {
			const response = await client.post('/login', {
				email: limited.email,
				password: `wrong-guess-${i}`
			});
			expect(response.status).toBe(400);
		}
		const blocked = await client.post('/login', { email: limited.email, password: PASSWORD });
		expect(blocked.status).toBe(429);
		const retryAfter = Number(blocked.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThan(0);
		expect(retryAfter).toBeLessThanOrEqual(15 * 60);
		expect(await text(blocked)).toContain(lead(da.login_rate_limited));
		expect(client.cookies.has(COOKIE)).toBe(false);

		// Another account from the same address is not locked out.
		const other = new Client(app.url);
		expect((await other.post('/login', { email: member.email, password: PASSWORD })).status).toBe(
			303
		);
	});
});

describe('sign-in limits under parallel requests', () => {
	it('checks at most 5 of 10 wrong passwords sent at once for one account', async () => {
		const responses = await Promise.all(
			Array.from({ length: 10 }, (_, i) =>
				new Client(app.url).post('/login', { email: parallel.email, password: `wrong-${i}` })
			)
		);
		const statuses = responses.map((r) => r.status).sort();
		expect(statuses.filter((s) => s === 400)).toHaveLength(5);
		expect(statuses.filter((s) => s === 429)).toHaveLength(5);
	});

	it('takes as long for an e-mail without an account as for a wrong password', async () => {
		const time = async (email: string) => {
			const started = performance.now();
			const response = await new Client(app.url).post('/login', { email, password: 'wrong-pw-x' });
			expect(response.status).toBe(400);
			return performance.now() - started;
		};
		const known: number[] = [];
		const unknown: number[] = [];
		for (let i = 0; i < 4; i++) {
			known.push(await time(timed.email));
			unknown.push(await time(`nobody-${i}@auth.test`));
		}
		const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
		// An argon2 verification is tens of milliseconds; a lookup alone is a few.
		expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
	});
});

describe('password reset', () => {
	it('ends every other reset link of the user when one is used', async () => {
		await new Client(app.url).post('/reset-password', { email: relinked.email });
		await new Client(app.url).post('/reset-password', { email: relinked.email });
		const mails = await mailsTo(relinked.email, 'reset_password');
		expect(mails).toHaveLength(2);
		const [newer, older] = mails.map((mail) => linkIn(mail, '/reset-password/'));
		expect(newer).not.toBe(older);
		const used = await new Client(app.url).post(newer, { password: 'relinked-new-password' });
		expect(used.status).toBe(303);
		expect(await text(await new Client(app.url).get(older))).toContain(da.verify_invalid);
		const replay = await new Client(app.url).post(older, { password: 'relinked-third-password' });
		expect(replay.status).toBe(422);
		await new Client(app.url).signIn(relinked.email, 'relinked-new-password');
	});
});

describe('password reset', () => {
	const newPassword = 'nyt-og-bedre-kodeord';
	let link: string;
	const signedIn: Client[] = [];

	it('mails a reset link without revealing whether the account exists', async () => {
		for (let i = 0; i < 2; i++) {
			const client = new Client(app.url);
			await client.signIn(resetter.email, PASSWORD);
			signedIn.push(client);
		}
		const known = await new Client(app.url).post('/reset-password', { email: resetter.email });
		const unknown = await new Client(app.url).post('/reset-password', {
			email: 'nobody@auth.test'
		});
		expect(known.status).toBe(200);
		expect(unknown.status).toBe(200);
		expect(await mailsTo('nobody@auth.test')).toEqual([]);

		const mails = await mailsTo(resetter.email, 'reset_password');
		expect(mails).toHaveLength(1);
		link = linkIn(mails[0], '/reset-password/');
		expect(link).toMatch(new RegExp(`^${app.url}/reset-password/[a-z2-7]{32}$`));
		const page = await new Client(app.url).get(link);
		expect(page.status).toBe(200);
		expect(await text(page)).not.toContain(da.verify_invalid);
	});

	it('refuses a weak new password and keeps the link usable', async () => {
		const response = await new Client(app.url).post(link, { password: 'kort' });
		expect(response.status).toBe(400);
		expect(await text(response)).toContain(da.password_too_short);
		expect(await text(await new Client(app.url).get(link))).not.toContain(da.verify_invalid);
	});

	it('sets the new password, ends every session and lets only the new password in', async () => {
		const response = await new Client(app.url).post(link, { password: newPassword });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/login?reset=1');

		for (const client of signedIn) expect(await isSignedIn(client)).toBe(false);
		const old = await new Client(app.url).post('/login', {
			email: resetter.email,
			password: PASSWORD
		});
		expect(old.status).toBe(400);
		const fresh = new Client(app.url);
		await fresh.signIn(resetter.email, newPassword);
		expect(await isSignedIn(fresh)).toBe(true);
	});

	it('refuses to use the same link twice', async () => {
		expect(await text(await new Client(app.url).get(link))).toContain(da.verify_invalid);
		const again = await new Client(app.url).post(link, { password: 'a-third-password' });
		expect(again.status).toBe(422);
		const signIn = await new Client(app.url).post('/login', {
			email: resetter.email,
			password: 'a-third-password'
		});
		expect(signIn.status).toBe(400);
	});
});

describe('configuration errors', () => {
	/** Starts the server with one variable changed; it must exit before doing anything. */
	function startWith(env: Record<string, string>) {
		return spawnSync(process.execPath, ['--import', 'tsx', 'server.ts'], {
			cwd: process.cwd(),
			env: { ...process.env, ...env },
			encoding: 'utf8',
			timeout: 30_000
		});
	}

	it.each([
		['PORT', 'abc'],
		['DATABASE_URL', 'mysql://x'],
		['REDIS_URL', 'http://cache'],
		['LOG_LEVEL', 'loud']
	])('exits non-zero with one line naming %s=%s', (variable, value) => {
		const result = startWith({ [variable]: value });
		expect(result.status).not.toBe(0);
		expect(result.status).not.toBeNull();
		const lines = result.stderr.trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain(`${variable}:`);
		expect(result.stdout).not.toContain('listening');
	});
});

describe('operator commands (npm run admin)', () => {
	const cli = (...args: string[]) => runAdmin(app.env, args);

	it('refuses the embedded database while the server runs, and works beside PostgreSQL', () => {
		const result = cli('list-users');
		if (databaseUrl) {
			// PostgreSQL serves many processes at once, so the command runs beside the server.
			expect(result.status).toBe(0);
			expect(result.stdout).toContain(staff.email);
		} else {
			expect(result.status).toBe(1);
			const lines = result.stderr.trim().split('\n');
			expect(lines).toHaveLength(1);
			expect(lines[0]).toMatch(/in use by the running server \(pid \d+\); stop it first\.$/);
			expect(result.stdout).toBe('');
		}
	});

	describe('with the server stopped', { timeout: 180_000 }, () => {
		beforeAll(() => app.halt());
		afterAll(() => app.restart());

		it('lists users, with the signed-up one and none of the refused sign-ups', () => {
			const result = cli('list-users');
			expect(result.status).toBe(0);
			const [count, ...rows] = result.stdout.trim().split('\n');
			expect(count).toBe(`${rows.length} users`);
			const emails = rows.map((row) => row.split('\t')[0]);
			expect(emails.sort()).toEqual(
				[
					...[staff, member, limited, resetter, parallel, timed, relinked, leaver].map(
						(u) => u.email
					),
					'nina@auth.test',
					'ny-person@auth.test'
				].sort()
			);
			const nina = rows.find((row) => row.startsWith('nina@auth.test\t'))!;
			expect(nina.split('\t')).toEqual(
				expect.arrayContaining(['Nina Nybruger', 'user', 'verified'])
			);
			expect(rows.find((row) => row.startsWith(staff.email))!.split('\t')[2]).toBe('admin');
		});

		it('creates a user together with a new organisation and a role in it', () => {
			const result = cli(
				'create-user',
				'--email',
				'Olga@Forening.test',
				'--password',
				'olga-sikker-kode',
				'--name',
				'Olga Olsen',
				'--org',
				'Ny Forening',
				'--role',
				'editor'
			);
			expect(result.status).toBe(0);
			expect(result.stdout.trim()).toBe(
				'created user olga@forening.test, created organisation "Ny Forening", editor of "Ny Forening"'
			);
			const again = cli(
				'create-user',
				'--email',
				'peter@forening.test',
				'--password',
				'peter-sikker-kode',
				'--org',
				'ny forening'
			);
			expect(again.status).toBe(0);
			expect(again.stdout.trim()).toBe('created user peter@forening.test, member of "Ny Forening"');
			expect(cli('list-users').stdout).toContain('olga@forening.test\tOlga Olsen\tuser\tverified');
		});

		it('refuses a second account for the same e-mail', () => {
			const result = cli('create-user', '--email', staff.email, '--password', 'yet-another-pw');
			expect(result.status).toBe(2);
			expect(result.stderr.split('\n')[0]).toBe(
				`admin: a user with e-mail ${staff.email} already exists`
			);
		});

		// Seven CLI processes, each starting tsx: seconds apiece on a busy two-core machine.
		it('exits 2 with a one-line reason for a bad e-mail, a weak password or no command', () => {
			const dir = mkdtempSync(join(tmpdir(), 'vc-users-'));
			onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
			const badUsers = join(dir, 'users.json');
			writeFileSync(
				badUsers,
				JSON.stringify([{ email: 'ok@forening.test', password: 'good-password' }, { name: 'x' }])
			);
			const cases: Array<[string[], string]> = [
				[
					['create-user', '--email', 'not-an-address', '--password', 'good-password'],
					'admin: --email must be an e-mail address'
				],
				[
					['create-user', '--email', 'x@forening.test', '--password', 'short'],
					'admin: --password: too short (at least 10 characters)'
				],
				[
					['reset-password', '--email', 'ghost@forening.test', '--password', 'good-password'],
					'admin: no user with e-mail ghost@forening.test'
				],
				[['create-users', '--file', badUsers], 'admin: --file: entry 1 needs an e-mail address'],
				[['create-users'], 'admin: --file is required'],
				[['delete-everything'], 'admin: unknown command "delete-everything"'],
				[[], 'admin: no command given']
			];
			for (const [args, message] of cases) {
				const result = cli(...args);
				expect(result.status, args.join(' ')).toBe(2);
				const [first, ...usage] = result.stderr.trim().split('\n');
				expect(first).toBe(message);
				expect(usage[0]).toBe('usage:');
				expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
				expect(result.stdout).toBe('');
			}
		}, 180_000);

		it('resets a password from the command line', () => {
			const result = cli('reset-password', '--email', member.email, '--password', 'cli-sat-kode');
			expect(result.status).toBe(0);
			expect(result.stdout.trim()).toBe(
				`password reset for ${member.email}; their sessions were ended`
			);
		});
	});

	it('lets the new users and passwords in once the server runs again', async () => {
		// `admin` signed in before the stop: sessions outlive a restart.
		expect((await admin.get('/admin/outbox')).status).toBe(200);

		const olga = new Client(app.url);
		await olga.signIn('olga@forening.test', 'olga-sikker-kode');
		expect(await text(await olga.get('/'))).toContain('Olga Olsen');

		await new Client(app.url).signIn(member.email, 'cli-sat-kode');
		const old = await new Client(app.url).post('/login', {
			email: member.email,
			password: PASSWORD
		});
		expect(old.status).toBe(400);
	});
});
