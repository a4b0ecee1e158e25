/**
 * Open connections follow the session across processes (issue 16.2): a sign-out on one process
 * closes the Yjs websocket (4401) and the socket.io socket (`session:ended`) another process holds,
 * and a registration cancelled on one process takes the user out of the meeting room on another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { io as ioClient } from 'socket.io-client';
import { Client } from '../helpers/http';
import { startApp, type TestApp } from '../helpers/server';
import { createMeeting, cookieOf, RoomClient, waitFor } from '../helpers/meetings';
import { assertServicesWhenRequired, databaseUrl, redisUrl } from '../helpers/services';

assertServicesWhenRequired();
const haveServices = Boolean(databaseUrl && redisUrl);
const reason = 'needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); set both to run';

const PW = 'cluster-sessions-password-1';
const people = {
	editor: {
		email: 'editor@csess.test',
		name: 'Eva Editor',
		org: 'Kolding Kommune',
		role: 'editor'
	},
	chair: { email: 'chair@csess.test', name: 'Connie Chair', admin: true },
	alice: { email: 'alice@csess.test', name: 'Alice Andersen' }
};

describe.skipIf(!haveServices)(
	`sessions across processes (${reason})`,
	{ timeout: 180_000 },
	() => {
		const apps: TestApp[] = [];
		const open: Array<{ destroy(): void }> = [];
		const c = {} as Record<keyof typeof people, Client>;

		beforeAll(async () => {
			const first = await startApp({
				users: Object.values(people).map((p) => ({ ...p, password: PW }))
			});
			apps.push(first, await startApp({ shareDatabaseWith: first }));
			for (const [key, p] of Object.entries(people)) {
				const client = new Client(first.url);
				await client.signIn(p.email, PW);
				c[key as keyof typeof people] = client;
			}
		}, 600_000);

		afterAll(async () => {
			for (const o of open) o.destroy();
			for (const app of [...apps].reverse()) await app.stop();
		});

		it('a sign-out on one process closes the Yjs and socket.io connections another holds', async () => {
			const res = await c.editor.json('POST', '/api/v1/cases', {
				kind: 'method_note',
				title: 'Fælles notat',
				summary: 'Skrevet på to processer.'
			});
			const id = ((await res.json()) as { id: string }).id;
			const leaving = new Client(apps[0].url);
			await leaving.signIn(people.editor.email, PW);
			const cookie = cookieOf(leaving);
			class CookieSocket extends WebSocket {
				constructor(url: string, protocols?: string | string[]) {
					super(url, protocols, { headers: { cookie } });
				}
			}
			const doc = new Y.Doc();
			const p = new WebsocketProvider(`ws://127.0.0.1:${apps[1].port}/yjs`, id, doc, {
				WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket,
				maxBackoffTime: 200,
				disableBc: true
			});
			open.push(p);
			const codes: number[] = [];
			p.on('connection-close', (event: { code: number } | null) => {
				if (event) codes.push(event.code);
			});
			const socket = ioClient(apps[1].url, {
				path: '/socket.io',
				transports: ['websocket'],
				extraHeaders: { cookie },
				reconnection: false
			});
			open.push({ destroy: () => socket.close() });
			const events: string[] = [];
			socket.on('session:ended', (info: { reason: string }) => events.push(`ended:${info.reason}`));
			socket.on('disconnect', (why) => events.push(`disconnect:${why}`));
			await waitFor(() => p.synced && socket.connected, 10_000);

			expect((await leaving.post('/logout', { signout: '1' })).status).toBe(303);
			await waitFor(() => codes.includes(4401) && events.length >= 2, 5000);
			expect(events).toEqual(['ended:session_ended', 'disconnect:io server disconnect']);
			// The provider's reconnects are refused: the edit made after sign-out never reaches the server.
			doc.getText('t').insert(0, 'after sign-out');
			await new Promise((r) => setTimeout(r, 1000));
			const check = new Y.Doc();
			const editorCookie = cookieOf(c.editor);
			class EditorSocket extends WebSocket {
				constructor(url: string, protocols?: string | string[]) {
					super(url, protocols, { headers: { cookie: editorCookie } });
				}
			}
			const q = new WebsocketProvider(`ws://127.0.0.1:${apps[0].port}/yjs`, id, check, {
				WebSocketPolyfill: EditorSocket as unknown as typeof globalThis.WebSocket,
				disableBc: true
			});
			open.push(q);
			await waitFor(() => q.synced, 10_000);
			expect(check.getText('t').toString()).toBe('');
			p.destroy();
		});

		it('a registration cancelled on one process takes the user out of the room on another', async () => {
			const meetingId = await createMeeting(c.chair);
			expect((await c.alice.post(`/meetings/${meetingId}?/register`, {})).status).toBe(200);
			const alice = new RoomClient(apps[1].url, c.alice, meetingId);
			open.push({ destroy: () => alice.close() });
			expect((await alice.joined()).ok).toBe(true);
			const ended = alice.next<{ reason: string; meetingId: string }>('session:ended');
			expect((await c.alice.post(`/meetings/${meetingId}?/cancel`, {})).status).toBe(200);
			expect(await ended).toEqual({ reason: 'access_lost', meetingId });
			await waitFor(() => !alice.socket.connected, 5000);
		});
	}
);
