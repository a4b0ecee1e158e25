/**
 * Every notification arrives live: whatever part of the platform posts it, the recipient's open tab
 * gets a socket.io `notice` once the change committed (the notification centre sends it; no domain
 * has its own path). One case per family here; mentors.test and meetings.test cover their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { Client } from '../helpers/http';
import { startApp, type TestApp } from '../helpers/server';
import { cookieOf } from '../helpers/meetings';

const PASSWORD = 'notices-live-password';
const people = {
	admin: { email: 'admin@notices.test', name: 'Ada Admin', admin: true },
	editor: {
		email: 'editor@notices.test',
		name: 'Erik Editor',
		org: 'Kolding Kommune',
		role: 'editor'
	},
	orgadmin: {
		email: 'orgadmin@notices.test',
		name: 'Olga Orgadmin',
		org: 'Notice ApS',
		role: 'org_admin'
	},
	person: { email: 'person@notices.test', name: 'Per Person' },
	adviser: { email: 'adviser@notices.test', name: 'Rie Rådgiver' }
} as const;
type Person = keyof typeof people;

let app: TestApp;
const clients = {} as Record<Person, Client>;
const sockets: Socket[] = [];

beforeAll(async () => {
	app = await startApp({ users: Object.values(people).map((p) => ({ ...p, password: PASSWORD })) });
	for (const [key, person] of Object.entries(people) as Array<[Person, { email: string }]>) {
		clients[key] = new Client(app.url);
		await clients[key].signIn(person.email, PASSWORD);
	}
}, 240_000);
afterAll(async () => {
	for (const s of sockets) s.close();
	await app?.stop();
});

interface Notice {
	kind: string;
	title: string;
	link?: string | null;
}

/** An open tab of the user: every notice it receives. */
async function tab(person: Person): Promise<Notice[]> {
	const socket = io(app.url, {
		path: '/socket.io',
		transports: ['websocket'],
		extraHeaders: { cookie: cookieOf(clients[person]) },
		reconnection: false,
		forceNew: true
	});
	sockets.push(socket);
	const seen: Notice[] = [];
	socket.on('notice', (n: Notice) => seen.push(n));
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	return seen;
}

async function arrives(seen: Notice[], kind: string): Promise<Notice> {
	const start = Date.now();
	while (Date.now() - start < 5000) {
		const found = seen.find((n) => n.kind === kind);
		if (found) return found;
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error(`no ${kind} notice in 5 s; got ${seen.map((n) => n.kind).join(', ') || 'none'}`);
}

const userId = async (email: string) => {
	const page = await (
		await clients.admin.get(`/admin/users?q=${encodeURIComponent(email)}`)
	).text();
	return /name="id" value="([0-9a-f-]{36})"/.exec(page)![1];
};

describe('live notices', () => {
	it('account: a role change reaches the user’s open tab', async () => {
		const seen = await tab('person');
		const granted = await clients.admin.post('/admin/users?/grant', {
			id: await userId(people.person.email)
		});
		expect(granted.status).toBe(303);
		expect(await arrives(seen, 'account.role_changed')).toMatchObject({
			title: expect.stringContaining('administrator')
		});
		await clients.admin.post('/admin/users?/revoke', { id: await userId(people.person.email) });
	});

	it('organisation: a join request reaches the organisation’s admin', async () => {
		const seen = await tab('orgadmin');
		const page = await (await clients.person.get('/organisations?q=Notice')).text();
		const slug = /href="\/organisations\/([a-z0-9-]+)"[^>]*>Notice ApS/.exec(page)![1];
		const asked = await clients.person.post(`/organisations/${slug}?/join`, { message: 'Hej' });
		expect(asked.status).toBe(303);
		expect(await arrives(seen, 'organisation.join_request')).toMatchObject({
			link: expect.stringContaining(`/organisations/${slug}`)
		});
	});

	it('library: an entry sent for review reaches the platform admins', async () => {
		const seen = await tab('admin');
		const created = await clients.editor.json('POST', '/api/v1/cases', {
			kind: 'case',
			title: 'Levende besked',
			summary: 'Til gennemsyn.'
		});
		expect(created.status).toBe(201);
		const { id } = (await created.json()) as { id: string };
		expect((await clients.editor.post(`/library/${id}?/submit`, {})).status).toBe(200);
		expect(await arrives(seen, 'library.submit')).toMatchObject({ link: `/library/${id}` });
	});

	it('network: being added to a network reaches the person', async () => {
		const seen = await tab('person');
		const list = await (await clients.admin.get('/meetings/networks')).text();
		const networkId = /\/meetings\/networks\/([0-9a-f-]{36})/.exec(list)![1];
		const added = await clients.admin.post(`/meetings/networks/${networkId}?/addPerson`, {
			email: people.person.email
		});
		expect(added.status).toBe(200);
		expect(await arrives(seen, 'network.added')).toMatchObject({
			link: `/meetings/networks/${networkId}`
		});
	});

	it('advice: a new request reaches the advisers it is routed to', async () => {
		const routing = await (await clients.admin.get('/park/advice/routing')).text();
		const group = /<h3>Jobcenter Kolding<\/h3>[\s\S]*?name="groupId" value="([0-9a-f-]{36})"/.exec(
			routing
		)![1];
		const member = await clients.admin.post('/park/advice/routing?/addMember', {
			groupId: group,
			email: people.adviser.email
		});
		expect(member.status).toBe(303);
		const seen = await tab('adviser');
		const form = new FormData();
		form.set('topic', 'employment');
		form.set('municipalityCode', '621');
		form.set('subject', 'Fleksjob i værkstedet');
		form.set('description', 'Hvordan ansætter vi i fleksjob?');
		const asked = await clients.person.postMultipart('/park/advice', form);
		expect(asked.status).toBe(303);
		expect(await arrives(seen, 'advice.new_request')).toMatchObject({
			title: expect.stringContaining('Fleksjob i værkstedet')
		});
	});

	it('sends no notice for a change that was refused', async () => {
		const seen = await tab('orgadmin');
		const page = await (await clients.person.get('/organisations?q=Notice')).text();
		const slug = /href="\/organisations\/([a-z0-9-]+)"[^>]*>Notice ApS/.exec(page)![1];
		// A second request while the first is pending is refused: nothing is stored, nothing sent.
		const again = await clients.person.post(`/organisations/${slug}?/join`, { message: 'Igen' });
		expect(again.status).toBe(422);
		await new Promise((r) => setTimeout(r, 500));
		expect(seen.filter((n) => n.kind === 'organisation.join_request')).toEqual([]);
	});
});
