/** Helpers for meeting tests: create a meeting through the chair's form, open room sockets. */
import { io, type Socket } from 'socket.io-client';
import type { Client } from './http';

export async function createMeeting(
	chair: Client,
	form: Record<string, string> = {}
): Promise<string> {
	const response = await chair.post('/meetings/new', {
		title: 'Kvartalsmøde',
		description: 'Netværksmøde',
		day: '2099-03-12',
		start: '14:00',
		end: '16:00',
		place: 'Vejlevej 1, 6000 Kolding',
		online: 'on',
		capacity: '50',
		...form
	});
	if (response.status !== 303) throw new Error(`create meeting failed: ${response.status}`);
	const id = /\/meetings\/([0-9a-f-]{36})\/manage/.exec(response.headers.get('location')!)?.[1];
	if (!id) throw new Error('no meeting id in redirect');
	return id;
}

export function cookieOf(client: Client): string {
	return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

export interface RoomMessage {
	id: number;
	userId: string | null;
	name: string;
	body: string;
}

/**
 * A room client as the page behaves: joins on every (re)connect asking for messages after the last
 * one it has, and keeps them in id order without duplicates.
 */
export class RoomClient {
	readonly socket: Socket;
	messages: RoomMessage[] = [];
	joins: Array<Record<string, unknown>> = [];
	events: Array<[string, unknown]> = [];

	constructor(
		base: string,
		client: Client | null,
		readonly meetingId: string,
		autoJoin = true
	) {
		this.socket = io(`${base}/meetings`, {
			path: '/socket.io',
			transports: ['websocket'],
			extraHeaders: client ? { cookie: cookieOf(client) } : {},
			reconnectionDelay: 50,
			reconnectionDelayMax: 200,
			forceNew: true
		});
		if (autoJoin) this.socket.on('connect', () => void this.join());
		this.socket.on('chat', (m: RoomMessage) => this.merge([m]));
		this.socket.onAny((event, payload) => this.events.push([event, payload]));
	}

	merge(incoming: RoomMessage[]) {
		const seen = new Set(this.messages.map((m) => m.id));
		this.messages.push(...incoming.filter((m) => !seen.has(m.id)));
		this.messages.sort((a, b) => a.id - b.id);
	}

	async join(): Promise<Record<string, unknown>> {
		const since = this.messages.length ? this.messages[this.messages.length - 1].id : null;
		const reply = (await this.socket.emitWithAck('join', {
			meetingId: this.meetingId,
			since
		})) as Record<string, unknown>;
		this.joins.push(reply);
		if (reply.ok) this.merge(reply.messages as RoomMessage[]);
		return reply;
	}

	emit(event: string, payload: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
		return this.socket.emitWithAck(event, { meetingId: this.meetingId, ...payload });
	}

	/** Resolves when the room has been joined (after connect). */
	async joined(count = 1, timeout = 5000): Promise<Record<string, unknown>> {
		await waitFor(() => this.joins.length >= count, timeout);
		return this.joins[count - 1];
	}

	next<T = unknown>(event: string, timeout = 5000): Promise<T> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no ${event} in ${timeout} ms`)), timeout);
			this.socket.once(event, (payload: T) => {
				clearTimeout(timer);
				resolve(payload);
			});
		});
	}

	close() {
		this.socket.disconnect();
	}
}

export async function waitFor(check: () => boolean, timeout = 5000): Promise<void> {
	const until = Date.now() + timeout;
	while (!check()) {
		if (Date.now() > until) throw new Error('condition not met in time');
		await new Promise((r) => setTimeout(r, 10));
	}
}
