/**
 * Real y-websocket clients for integration tests: a stock `WebsocketProvider` over the `ws` package,
 * signed in by the session cookie of a `Client` or by a token in the query string.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { Client } from './http';

/** A `ws` WebSocket class that sends the given headers (a cookie) with the upgrade request. */
export function socketClass(headers: Record<string, string>): typeof WebSocket {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	} as unknown as typeof WebSocket;
}

export function cookieOf(client: Client): string {
	return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

export interface Peer {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Close events of the provider's sockets (code and reason). */
	closes: { code: number; reason: string }[];
	destroy(): void;
}

/** A provider for /yjs/<id>, as `client` (by cookie) or with `token`. */
export function connect(
	base: string,
	id: string,
	auth: { client?: Client; token?: string },
	options: { connect?: boolean } = {}
): Peer {
	const doc = new Y.Doc();
	const closes: { code: number; reason: string }[] = [];
	const headers: Record<string, string> = auth.client ? { cookie: cookieOf(auth.client) } : {};
	const provider = new WebsocketProvider(base.replace(/^http/, 'ws') + '/yjs', id, doc, {
		WebSocketPolyfill: socketClass(headers) as never,
		params: auth.token ? { token: auth.token } : {},
		connect: options.connect ?? true,
		disableBc: true,
		maxBackoffTime: 500
	});
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: String(event.reason) });
	});
	return {
		doc,
		provider,
		closes,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

export async function until(
	check: () => boolean | Promise<boolean>,
	what: string,
	timeoutMs = 10_000
): Promise<void> {
	const start = Date.now();
	while (!(await check())) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

export function synced(peer: Peer): Promise<void> {
	return until(() => peer.provider.synced, 'sync');
}

/** The status of a refused upgrade (or 101 when it was accepted). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, { headers });
		ws.on('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			ws.terminate();
		});
		ws.on('open', () => {
			resolve(101);
			ws.close();
		});
		ws.on('error', (err) => {
			if (!String(err.message).includes('Unexpected server response')) reject(err);
		});
	});
}

/** A raw websocket (for malformed messages); resolves when open. */
export function rawSocket(url: string, headers: Record<string, string>): Promise<WebSocket> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, { headers });
		ws.on('open', () => resolve(ws));
		ws.on('error', reject);
	});
}

export function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
	return new Promise((resolve) =>
		ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
}

/** Appends a paragraph with `text` to the document's ProseMirror fragment (as Tiptap would). */
export function addParagraph(doc: Y.Doc, text: string): void {
	const fragment = doc.getXmlFragment('default');
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(text)]);
	fragment.push([paragraph]);
}
