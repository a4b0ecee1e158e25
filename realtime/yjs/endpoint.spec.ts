import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import pino from 'pino';
import * as Y from 'yjs';
import { createYjsEndpoint, type Grant, type YjsEndpoint } from './endpoint';
import { CloseCode } from './limits';

/** An endpoint on a real HTTP server, with a memory log and access decided by the test. */
async function start(decide: {
	authenticate(): Promise<Grant | 401 | 403>;
	reauthorize(): Promise<'write' | 'read' | null>;
}) {
	const endpoint = createYjsEndpoint({
		log: pino({ level: 'silent' }),
		persistence: {
			load: async () => ({ state: Y.encodeStateAsUpdate(new Y.Doc()), logLength: 0 }),
			append: async (_id, _updates, sealed) => sealed?.(),
			compact: async () => null
		},
		authenticate: () => decide.authenticate(),
		reauthorize: () => decide.reauthorize()
	});
	const server = createServer();
	server.on('upgrade', (req, socket, head) => endpoint.handleUpgrade(req, socket, head));
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return { endpoint, server, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let running: { endpoint: YjsEndpoint; server: Server } | null = null;
afterEach(async () => {
	if (!running) return;
	await running.endpoint.close();
	await new Promise((r) => running!.server.close(r));
	running = null;
});

/** Resolves with the close code, or 'open' if the connection is still open after `ms`. */
function outcome(ws: WebSocket, ms: number): Promise<number | 'open'> {
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve('open'), ms);
		ws.once('close', (code) => {
			clearTimeout(timer);
			resolve(code);
		});
	});
}

const writer: Grant = { access: 'write', user: { id: 'u1', name: 'Ulla' } };

describe('access decided during an upgrade', () => {
	it('is decided again when it changed while the upgrade was being decided', async () => {
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		let rechecks = 0;
		const app = await start({
			authenticate: async () => {
				await gate;
				return writer;
			},
			reauthorize: async () => {
				rechecks++;
				return null;
			}
		});
		running = app;
		const ws = new WebSocket(`${app.url}/yjs/doc-a`);
		// The upgrade is waiting for its access decision; the co-author is removed meanwhile.
		await new Promise((r) => setTimeout(r, 50));
		await app.endpoint.accessChanged('doc-a');
		release();
		expect(await outcome(ws, 2000)).toBe(CloseCode.revoked);
		expect(rechecks).toBe(1);
	});

	it('is not decided again when nothing changed meanwhile', async () => {
		let rechecks = 0;
		const app = await start({
			authenticate: async () => writer,
			reauthorize: async () => {
				rechecks++;
				return null;
			}
		});
		running = app;
		const ws = new WebSocket(`${app.url}/yjs/doc-b`);
		// An access change to another document does not concern this one.
		await app.endpoint.accessChanged('doc-other');
		expect(await outcome(ws, 300)).toBe('open');
		expect(rechecks).toBe(0);
		ws.close();
	});
});
