import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http';
import { startApp, type TestApp } from '../helpers/server';
import { createMeeting } from '../helpers/meetings';
import { connect, synced, until } from '../helpers/yjs';

const PASSWORD = 'networks-test-pw';
const ORG = 'Fællesskabets Værksted ApS';
const people = {
	admin: { email: 'admin@net.test', name: 'Ada Admin', admin: true },
	coord: { email: 'coord@net.test', name: 'Carl Koordinator' },
	alice: { email: 'alice@net.test', name: 'Alice Medlem' },
	bob: { email: 'bob@net.test', name: 'Bob Udenfor' },
	orgadmin: { email: 'orgadmin@net.test', name: 'Olga Orgadmin', org: ORG, role: 'org_admin' },
	orgmember: { email: 'orgmember@net.test', name: 'Otto Orgmedlem', org: ORG, role: 'member' }
} as const;
type Person = keyof typeof people;

let app: TestApp;
const clients = {} as Record<Person, Client>;
let networkId: string;
let base: string;

beforeAll(async () => {
	app = await startApp({ users: Object.values(people).map((p) => ({ ...p, password: PASSWORD })) });
	for (const [key, person] of Object.entries(people) as Array<[Person, { email: string }]>) {
		clients[key] = new Client(app.url);
		await clients[key].signIn(person.email, PASSWORD);
	}
	const list = await (await clients.admin.get('/meetings/networks')).text();
	networkId = /\/meetings\/networks\/([0-9a-f-]{36})/.exec(list)![1];
	base = `/meetings/networks/${networkId}`;
}, 300_000);
afterAll(() => app?.stop());

/** The roster row id of a person or organisation on the coordinator's view of the page. */
async function memberId(viewer: Client, name: string): Promise<string> {
	const page = await (await viewer.get(base)).text();
	const at = page.indexOf(`${name}</`);
	if (at < 0) throw new Error(`${name} not on the roster`);
	return /name="member" value="([0-9a-f-]{36})"/.exec(page.slice(at))![1];
}

const outbox = async () =>
	(await (await clients.admin.get('/admin/outbox')).text()).replace(/&#39;|&amp;/g, '');

describe('network membership', () => {
	it('lets a platform admin add a person by e-mail and appoint them coordinator, audited and notified', async () => {
		const unknown = await clients.admin.post(`${base}?/addPerson`, { email: 'nobody@net.test' });
		expect(unknown.status).toBe(422);
		expect(await unknown.text()).toContain('Der er ingen bruger med den e-mail.');
		expect((await clients.admin.post(`${base}?/addPerson`, { email: '' })).status).toBe(422);

		expect(
			(await clients.admin.post(`${base}?/addPerson`, { email: 'Coord@net.test' })).status
		).toBe(200);
		const again = await clients.admin.post(`${base}?/addPerson`, { email: 'coord@net.test' });
		expect(again.status).toBe(409);

		const coord = await memberId(clients.admin, people.coord.name);
		expect(
			(await clients.admin.post(`${base}?/role`, { member: coord, role: 'coordinator' })).status
		).toBe(200);
		const mails = await outbox();
		expect(mails).toContain('Du er med i netværket Netværk for socialøkonomi');
		expect(mails).toContain('Du er nu koordinator for Netværk for socialøkonomi');
		const log = await (await clients.admin.get('/admin/audit')).text();
		expect(log).toContain('network.member_add');
		expect(log).toContain('network.coordinator_appoint');

		// The new coordinator sees and manages the roster; a plain member does neither.
		const page = await (await clients.coord.get(base)).text();
		expect(page).toContain('Du er koordinator.');
		expect(page).toContain('coord@net.test');
		expect(
			(await clients.coord.post(`${base}?/addPerson`, { email: 'alice@net.test' })).status
		).toBe(200);
		const member = await (await clients.alice.get(base)).text();
		expect(member).toContain('Du er medlem.');
		expect(member).not.toContain('coord@net.test');
		expect((await clients.alice.post(`${base}?/addPerson`, { email: 'bob@net.test' })).status).toBe(
			403
		);
		expect(
			(
				await clients.bob.post(`${base}?/remove`, {
					member: await memberId(clients.coord, people.alice.name)
				})
			).status
		).toBe(403);
	});

	it('never leaves the network without a coordinator', async () => {
		const coord = await memberId(clients.coord, people.coord.name);
		const demote = await clients.coord.post(`${base}?/role`, { member: coord, role: 'member' });
		expect(demote.status).toBe(409);
		expect(await demote.text()).toContain('Netværket skal have mindst én koordinator.');
		expect((await clients.coord.post(`${base}?/remove`, { member: coord })).status).toBe(409);

		const alice = await memberId(clients.coord, people.alice.name);
		expect(
			(await clients.coord.post(`${base}?/role`, { member: alice, role: 'coordinator' })).status
		).toBe(200);
		expect(
			(await clients.coord.post(`${base}?/role`, { member: coord, role: 'member' })).status
		).toBe(200);
		// Carl is a member again and may no longer manage; Alice, the one coordinator, stays.
		expect((await clients.coord.post(`${base}?/addPerson`, { email: 'bob@net.test' })).status).toBe(
			403
		);
		const last = await clients.alice.post(`${base}?/role`, { member: alice, role: 'member' });
		expect(last.status).toBe(409);
		expect(await outbox()).toContain(
			'Du er ikke længere koordinator for Netværk for socialøkonomi'
		);
	});

	it('takes an organisation in on its org admin’s request, and its members then count as network members', async () => {
		const joinPage = await (await clients.orgadmin.get(base)).text();
		const orgId = new RegExp(`<option value="([0-9a-f-]{36})">${ORG}</option>`).exec(joinPage)![1];

		// A plain member of the organisation cannot ask on its behalf.
		const refused = await clients.orgmember.post(`${base}?/join`, { organisation: orgId });
		expect(refused.status).toBe(403);
		expect(await refused.text()).toContain('Kun organisationens administratorer');

		expect(
			(
				await clients.orgadmin.post(`${base}?/join`, {
					organisation: orgId,
					message: 'Vi vil gerne med'
				})
			).status
		).toBe(200);
		expect((await clients.orgadmin.post(`${base}?/join`, { organisation: orgId })).status).toBe(
			409
		);

		const queue = await (await clients.alice.get(base)).text();
		expect(queue).toContain(`for ${ORG}`);
		const request = /name="request" value="([0-9a-f-]{36})"/.exec(queue)![1];
		expect(
			(await clients.alice.post(`${base}?/decide`, { request, decision: 'approve' })).status
		).toBe(200);
		expect(await (await clients.orgmember.get(base)).text()).toContain('Du er medlem.');
		expect(await outbox()).toContain('Du er med i netværket Netværk for socialøkonomi');

		// The library's network scope follows: the network's published minutes are readable by
		// members of the member organisation, not by outsiders.
		const meeting = await createMeeting(clients.admin, {
			title: 'Netværksmødet',
			network: networkId
		});
		// Opening the chair's page makes the shared minutes document, as in a real meeting.
		expect((await clients.admin.get(`/meetings/${meeting}/manage`)).status).toBe(200);
		expect(
			(
				await clients.admin.post(`/meetings/${meeting}/manage?/publish`, {
					minutes: '# Referat\n\nTak.'
				})
			).status
		).toBe(303);
		const page = await (await clients.admin.get(`/meetings/${meeting}`)).text();
		const entry = /\/library\/([0-9a-f-]{36})/.exec(page)![1];
		expect((await clients.orgmember.get(`/library/${entry}`)).status).toBe(200);
		expect((await clients.bob.get(`/library/${entry}`)).status).toBeGreaterThanOrEqual(403);
		// A member of the member organisation has the minutes open live, as a reader.
		const reader = connect(app.url, entry, { client: clients.orgmember });
		await synced(reader);

		// Removing the organisation ends it for its members, and its admin is told.
		const org = await memberId(clients.alice, ORG);
		expect((await clients.alice.post(`${base}?/remove`, { member: org })).status).toBe(200);
		// Their open document connection is decided again and closed as "access lost".
		await until(() => reader.closes.some((x) => x.code === 4403), 'the reader to be cut off');
		reader.destroy();
		expect(await (await clients.orgmember.get(base)).text()).not.toContain('Du er medlem.');
		expect((await clients.orgmember.get(`/library/${entry}`)).status).toBeGreaterThanOrEqual(403);
		expect(await outbox()).toContain(
			'Du er ikke længere med i netværket Netværk for socialøkonomi'
		);
		const log = await (await clients.admin.get('/admin/audit')).text();
		expect(log).toContain('network.join_approve');
		expect(log).toContain('network.organisation_remove');
	});

	it('a person asks to join and a coordinator rejects, telling them', async () => {
		expect((await clients.bob.post(`${base}?/join`, { message: 'Hej' })).status).toBe(200);
		expect(await (await clients.bob.get(base)).text()).toContain(
			'Din anmodning venter på en koordinator.'
		);
		const queue = await (await clients.alice.get(base)).text();
		const request = /name="request" value="([0-9a-f-]{36})"/.exec(queue)![1];
		expect(
			(await clients.alice.post(`${base}?/decide`, { request, decision: 'reject' })).status
		).toBe(200);
		expect(await outbox()).toContain('Din anmodning blev afvist: Netværk for socialøkonomi');
		expect(await (await clients.bob.get(base)).text()).not.toContain('Du er medlem.');
	});
});
