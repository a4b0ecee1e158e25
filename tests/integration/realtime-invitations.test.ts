/**
 * Co-authors across organisations: an invitation by e-mail (through the outbox), accepted while
 * signed in (sign-in first, then back to the link), single use; the co-author writes live; the
 * owner removes them and their open connection closes. All of it in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/server';
import { Client } from '../helpers/http';
import { linkIn, readOutbox } from '../helpers/mail';
import { connect, cookieOf, synced, until, upgradeStatus, type Peer } from '../helpers/yjs';

const PW = 'invitation-test-password-1';
const users = {
	admin: { email: 'admin@inv.example', password: PW, admin: true },
	owner: {
		email: 'owner@sdu-inv.example',
		password: PW,
		org: 'Syddansk Universitet',
		role: 'editor'
	},
	guest: {
		email: 'konsulent@kolding-inv.example',
		password: PW,
		org: 'Kolding Kommune',
		role: 'member'
	},
	outsider: {
		email: 'editor@slagelse-inv.example',
		password: PW,
		org: 'Slagelse Kommune',
		role: 'editor'
	}
};

describe('co-author invitations', { timeout: 120_000 }, () => {
	let app: TestApp;
	const c: Record<keyof typeof users, Client> = {} as never;
	const peers: Peer[] = [];
	let id: string;

	beforeAll(async () => {
		app = await startApp({ users: Object.values(users) });
		for (const [key, u] of Object.entries(users)) {
			c[key as keyof typeof users] = new Client(app.url);
			await c[key as keyof typeof users].signIn(u.email, u.password);
		}
		const res = await c.owner.json('POST', '/api/v1/cases', {
			kind: 'method_note',
			title: 'Metodenotat på tværs af kommuner',
			summary: 'Skrevet af tre.'
		});
		id = ((await res.json()) as { id: string }).id;
	}, 300_000);

	afterAll(async () => {
		for (const p of peers) p.destroy();
		await app?.stop();
	});

	it('invites by e-mail, accepts once while signed in, writes live, and is removed by the owner', async () => {
		const ws = `${app.url.replace(/^http/, 'ws')}/yjs/${id}`;
		expect(await upgradeStatus(ws, { cookie: cookieOf(c.guest) })).toBe(403);

		// Bad addresses are refused, naming the field.
		const bad = await c.owner.post(`/library/${id}/authors?/invite`, { email: 'ikke-en-adresse' });
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain('invite-email-error');
		// Only those who may edit the entry can invite.
		expect(
			(await c.outsider.post(`/library/${id}/authors?/invite`, { email: users.guest.email })).status
		).toBe(404);

		const sent = await c.owner.post(`/library/${id}/authors?/invite`, {
			email: users.guest.email.toUpperCase()
		});
		expect(sent.status).toBe(200);
		const mail = (await readOutbox(c.admin)).find(
			(x) => x.kind === 'library.invitation' && x.to === users.guest.email
		);
		expect(mail).toBeDefined();
		expect(mail!.subject).toContain('Metodenotat på tværs af kommuner');
		const link = new URL(linkIn(mail!, '/invitations/'));
		// The pending invitation is listed for the authors.
		expect(await (await c.owner.get(`/library/${id}/authors`)).text()).toContain(users.guest.email);
		// The invitee, who has an account, is notified in the app too.
		expect(await (await c.guest.get('/notifications')).text()).toContain(
			'Du er inviteret til at skrive med'
		);

		// Signed out: sign in first, then back to the link.
		const anon = new Client(app.url);
		const toLogin = await anon.get(link.pathname);
		expect(toLogin.status).toBe(303);
		const login = new URL(toLogin.headers.get('location')!, app.url);
		expect(login.pathname).toBe('/login');
		expect(login.searchParams.get('next')).toBe(link.pathname);

		// Bound to the invited e-mail: another account is refused, the link stays usable, and the
		// attempt is in the audit log.
		const wrong = await c.outsider.post(`${link.pathname}?/accept`, {});
		expect(wrong.status).toBe(200);
		expect(await wrong.text()).toContain('sendt til en anden e-mailadresse');
		expect(await upgradeStatus(ws, { cookie: cookieOf(c.outsider) })).toBe(403);
		const auditPage = await (await c.admin.get('/admin/audit')).text();
		expect(auditPage).toContain('data-action="library.invitation_wrong_account"');

		const page = await c.guest.get(link.pathname);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Tag imod invitationen');
		const accepted = await c.guest.post(`${link.pathname}?/accept`, {});
		expect(accepted.status).toBe(303);
		expect(accepted.headers.get('location')).toContain(`/library/${id}/authors`);
		expect(await (await c.guest.get(accepted.headers.get('location')!)).text()).toContain(
			'Du er nu medforfatter på'
		);
		// Single use: the link is spent, for anyone.
		const again = await c.outsider.post(`${link.pathname}?/accept`, {});
		expect(again.status).toBe(200);
		expect(await again.text()).toContain('allerede brugt');
		expect(await upgradeStatus(ws, { cookie: cookieOf(c.outsider) })).toBe(403);
		expect((await c.guest.get('/invitations/not-a-real-token')).status).toBe(200);
		expect(await (await c.guest.get('/invitations/not-a-real-token')).text()).toContain(
			'findes ikke'
		);

		// The co-author now writes, live, with the owner.
		const owner = connect(app.url, id, { client: c.owner });
		const guest = connect(app.url, id, { client: c.guest });
		peers.push(owner, guest);
		await Promise.all([synced(owner), synced(guest)]);
		guest.doc.getText('t').insert(0, 'fra Kolding');
		await until(() => owner.doc.getText('t').toString() === 'fra Kolding', 'owner to see it');

		// Only the owner (or the owning organisation's editors) removes co-authors.
		const authors = await (await c.owner.get(`/library/${id}/authors`)).text();
		const guestId = authors.match(/name="user" value="([0-9a-f-]{36})"/)![1];
		expect((await c.guest.post(`/library/${id}/authors?/remove`, { user: guestId })).status).toBe(
			403
		);
		const removed = await c.owner.post(`/library/${id}/authors?/remove`, { user: guestId });
		expect(removed.status).toBe(200);
		await until(() => guest.closes.some((x) => x.code === 4403), 'the co-author to be cut off');
		guest.provider.disconnect();
		expect(await upgradeStatus(ws, { cookie: cookieOf(c.guest) })).toBe(403);
		// The owner's connection goes on.
		owner.doc.getText('t').insert(0, 'ejer: ');
		const check = connect(app.url, id, { client: c.owner });
		peers.push(check);
		await until(
			() => check.provider.synced && check.doc.getText('t').toString() === 'ejer: fra Kolding',
			'owner edits after the removal'
		);

		const log = await (await c.admin.get('/admin/audit')).text();
		for (const action of [
			'library.coauthor_invited',
			'library.coauthor_joined',
			'library.coauthor_removed'
		]) {
			expect(log).toContain(action);
		}
	});

	it('lets an author withdraw a pending invitation; the link then stops working', async () => {
		expect(
			(await c.owner.post(`/library/${id}/authors?/invite`, { email: 'ny@odense-inv.example' }))
				.status
		).toBe(200);
		const mail = (await readOutbox(c.admin)).find((x) => x.to === 'ny@odense-inv.example')!;
		const link = new URL(linkIn(mail, '/invitations/'));
		const authors = await (await c.owner.get(`/library/${id}/authors`)).text();
		const invitation = authors.match(/name="invitation" value="([0-9a-f-]{36})"/)![1];
		expect((await c.owner.post(`/library/${id}/authors?/withdraw`, { invitation })).status).toBe(
			200
		);
		const res = await c.outsider.post(`${link.pathname}?/accept`, {});
		expect(await res.text()).toContain('trukket tilbage');
		expect(
			await upgradeStatus(`${app.url.replace(/^http/, 'ws')}/yjs/${id}`, {
				cookie: cookieOf(c.outsider)
			})
		).toBe(403);
	});
});
