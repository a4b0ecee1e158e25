import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDb } from '../../../tests/helpers/db';
import type { Db } from '../../../db/client';
import { emailOutbox, users } from '../../../db/schema';
import {
	emailWanted,
	kindsFor,
	listNotifications,
	markAllRead,
	markRead,
	notificationKinds,
	notificationFamilies,
	notify,
	notifyEach,
	preferencesFromForm,
	unreadCount
} from './notifications';

describe('notification kinds', () => {
	it('lists each kind once, each with a label in Danish and English', () => {
		const kinds = notificationKinds.map((k) => k.kind);
		expect(new Set(kinds).size).toBe(kinds.length);
		for (const kind of notificationKinds) {
			expect(kind.label('da')).not.toBe('');
			expect(kind.label('en')).not.toBe('');
			expect(kind.label('en')).not.toBe(kind.label('da'));
		}
		expect(kinds).toContain('organisation.join_request');
		expect(kinds).toContain('account.password_changed');
	});

	it('puts every kind in a family that has a heading', () => {
		const families = new Set(notificationFamilies.map((f) => f.family as string));
		for (const { kind } of notificationKinds) expect(families).toContain(kind.split('.')[0]);
		for (const f of notificationFamilies) expect(f.label()).not.toBe('');
	});

	it('shows admin-only kinds to platform admins only', () => {
		const forUser = kindsFor({ role: 'user' }).map((k) => k.kind);
		const forAdmin = kindsFor({ role: 'admin' }).map((k) => k.kind);
		expect(forUser).not.toContain('organisation.pending');
		expect(forAdmin).toContain('organisation.pending');
		expect(forAdmin.length).toBe(notificationKinds.length);
	});
});

describe('emailWanted', () => {
	it('sends e-mail unless the user turned the kind off', () => {
		expect(emailWanted({}, 'organisation.join_request')).toBe(true);
		expect(emailWanted({ 'organisation.join_request': false }, 'organisation.join_request')).toBe(
			false
		);
		expect(emailWanted({ 'organisation.join_request': false }, 'account.role_changed')).toBe(true);
	});

	it('sends e-mail for a kind nobody registered yet', () => {
		expect(emailWanted({}, 'something.new')).toBe(true);
	});
});

describe('preferencesFromForm', () => {
	it('turns the shown kinds on when ticked and off when not', () => {
		expect(preferencesFromForm({}, ['a', 'b', 'c'], ['b'])).toEqual({
			a: false,
			b: true,
			c: false
		});
	});

	it('keeps earlier choices for kinds the form did not show', () => {
		expect(preferencesFromForm({ hidden: false, a: false }, ['a'], ['a'])).toEqual({
			hidden: false,
			a: true
		});
	});

	it('ignores ticked values that were not on the form', () => {
		expect(preferencesFromForm({}, ['a'], ['a', 'forged'])).toEqual({ a: true });
	});
});

describe('the notification centre', () => {
	let handle: Awaited<ReturnType<typeof testDb>>;
	let db: Db;
	let counter = 0;

	beforeAll(async () => {
		handle = await testDb();
		db = handle.db;
	});
	afterAll(() => handle?.drop());

	async function makeUser(prefs: Record<string, boolean> = {}) {
		const n = ++counter;
		const [user] = await db
			.insert(users)
			.values({ email: `notify${n}@test.example`, name: `Person ${n}`, emailPrefs: prefs })
			.returning();
		return user;
	}

	async function mailsTo(email: string) {
		return db.select().from(emailOutbox).where(eq(emailOutbox.to, email));
	}

	it('stores the notification and mails it with its link', async () => {
		const user = await makeUser();
		await notify(
			db,
			user.id,
			{ kind: 'organisation.join_approved', title: 'Velkommen', body: 'Du er med.', link: '/x' },
			'https://vc.example'
		);
		expect(await unreadCount(db, user.id)).toBe(1);
		const [mail] = await mailsTo(user.email);
		expect(mail).toMatchObject({ kind: 'organisation.join_approved', subject: 'Velkommen' });
		expect(mail.text).toBe('Du er med.\n\nhttps://vc.example/x');
	});

	it('writes to each recipient in their own language', async () => {
		const dansk = await makeUser();
		const english = await makeUser();
		await db.update(users).set({ locale: 'en' }).where(eq(users.id, english.id));
		await notifyEach(db, [dansk.id, english.id, dansk.id], (locale) => ({
			kind: 'advice.message',
			title: locale === 'en' ? 'New message' : 'Ny besked'
		}));
		const titles = async (id: string) =>
			(await listNotifications(db, id)).items.map((n) => n.title);
		expect(await titles(dansk.id)).toEqual(['Ny besked']);
		expect(await titles(english.id)).toEqual(['New message']);
	});

	it('posts in-app but sends no e-mail for a kind the user turned off', async () => {
		const user = await makeUser({ 'organisation.join_approved': false });
		await notify(db, user.id, { kind: 'organisation.join_approved', title: 'Velkommen' });
		expect(await unreadCount(db, user.id)).toBe(1);
		expect(await mailsTo(user.email)).toHaveLength(0);
	});

	it('lists newest first and counts the unread', async () => {
		const user = await makeUser();
		for (const title of ['første', 'anden', 'tredje']) {
			await notify(db, user.id, { kind: 'meeting.changed', title });
			await new Promise((r) => setTimeout(r, 5));
		}
		const page = await listNotifications(db, user.id, { limit: 2 });
		expect(page.items.map((n) => n.title)).toEqual(['tredje', 'anden']);
		expect(page.total).toBe(3);
		expect(page.unread).toBe(3);
		const rest = await listNotifications(db, user.id, { offset: 2, limit: 2 });
		expect(rest.items.map((n) => n.title)).toEqual(['første']);
	});

	it('marks one read only for its owner, and all read at once', async () => {
		const owner = await makeUser();
		const other = await makeUser();
		await notify(db, owner.id, { kind: 'meeting.changed', title: 'a', link: '/organisations' });
		await notify(db, owner.id, { kind: 'meeting.changed', title: 'b' });
		const { items } = await listNotifications(db, owner.id);
		const target = items.find((n) => n.title === 'a')!;

		expect(await markRead(db, other.id, target.id)).toBeNull();
		expect(await unreadCount(db, owner.id)).toBe(2);

		expect(await markRead(db, owner.id, target.id)).toEqual({
			id: target.id,
			link: '/organisations'
		});
		expect(await unreadCount(db, owner.id)).toBe(1);
		expect(await markRead(db, owner.id, 'garbage')).toBeNull();

		expect(await markAllRead(db, owner.id)).toBe(1);
		expect(await unreadCount(db, owner.id)).toBe(0);
	});

	it('replaces an unread notification of the same thread instead of adding one, mailing only the first', async () => {
		const user = await makeUser();
		const thread = { replaceUnread: ['/t/1', '/en/t/1'] };
		const post = (title: string, link = '/t/1') =>
			notify(db, user.id, { kind: 'mentor.message', title, link }, 'https://vc.example', thread);
		expect(await post('første')).toBe(true);
		expect(await post('anden', '/en/t/1')).toBe(false);
		// Another thread, or the same link of another kind, is news of its own.
		await notify(
			db,
			user.id,
			{ kind: 'mentor.message', title: 'andet emne', link: '/t/2' },
			undefined,
			{
				replaceUnread: ['/t/2']
			}
		);
		await notify(db, user.id, { kind: 'advice.message', title: 'anden slags', link: '/t/1' });
		let page = await listNotifications(db, user.id);
		expect(
			page.items.filter((n) => n.link?.endsWith('/t/1') && n.kind === 'mentor.message')
		).toEqual([expect.objectContaining({ title: 'anden', link: '/en/t/1', readAt: null })]);
		expect(page.unread).toBe(3);
		expect((await mailsTo(user.email)).map((m) => m.subject).sort()).toEqual(
			['anden slags', 'andet emne', 'første'].sort()
		);

		// Once read, the next one in the thread is new again, and mailed.
		await markAllRead(db, user.id);
		expect(await post('tredje')).toBe(true);
		page = await listNotifications(db, user.id);
		expect(page.unread).toBe(1);
		expect(page.total).toBe(4);
		expect(await mailsTo(user.email)).toHaveLength(4);
	});

	it('does not notify a deleted account', async () => {
		const user = await makeUser();
		await db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, user.id));
		await notify(db, user.id, { kind: 'meeting.changed', title: 'hej' });
		expect(await unreadCount(db, user.id)).toBe(0);
	});
});
