/**
 * Persist-before-relay under a crash: a writer types continuously while an observer records what
 * the server relayed to it; the server (a child process) is killed with SIGKILL mid-stream. After a
 * restart on the same data, everything the observer had received must be in the document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/server';
import { Client } from '../helpers/http';
import { connect, synced, until, type Peer } from '../helpers/yjs';

const PW = 'durability-test-password-1';
const owner = {
	email: 'owner@durable.example',
	password: PW,
	org: 'Vejle Kommune',
	role: 'editor'
};

describe('realtime durability across kill -9', { timeout: 180_000 }, () => {
	let app: TestApp;
	let client: Client;
	const peers: Peer[] = [];

	beforeAll(async () => {
		app = await startApp({ users: [owner] });
		client = new Client(app.url);
		await client.signIn(owner.email, owner.password);
	}, 300_000);

	afterAll(async () => {
		for (const p of peers) p.destroy();
		await app?.stop();
	});

	it('keeps every update another client had received when the server is killed', async () => {
		const res = await client.json('POST', '/api/v1/cases', {
			kind: 'method_note',
			title: 'Notat der overlever et nedbrud',
			summary: 'Skrevet mens serveren dør.'
		});
		expect(res.status).toBe(201);
		const { id } = (await res.json()) as { id: string };

		for (let round = 0; round < 2; round++) {
			const writer = connect(app.url, id, { client });
			const observer = connect(app.url, id, { client });
			peers.push(writer, observer);
			await Promise.all([synced(writer), synced(observer)]);
			const text = writer.doc.getText('t');
			let typed = 0;
			// One keystroke per transaction, as an editor sends them, about 400 a second.
			const typing = setInterval(() => {
				for (let i = 0; i < 2; i++)
					text.insert(text.length, String.fromCharCode(97 + (typed++ % 26)));
			}, 5);
			await until(
				() => observer.doc.getText('t').length >= (round + 1) * 300,
				'the observer to receive a few hundred keystrokes',
				20_000
			);
			const exited = new Promise((done) => app.child.once('exit', done));
			app.child.kill('SIGKILL');
			// What the observer holds now is all it can ever get from the dead server.
			const received = observer.doc.getText('t').toString();
			clearInterval(typing);
			writer.destroy();
			observer.destroy();
			await exited;
			expect(typed).toBeGreaterThan(0);

			await app.restart();
			const after = connect(app.url, id, { client });
			peers.push(after);
			await synced(after);
			const recovered = after.doc.getText('t').toString();
			expect(recovered.length).toBeGreaterThanOrEqual(received.length);
			expect(recovered.startsWith(received)).toBe(true);
			after.destroy();
		}
	});
});
