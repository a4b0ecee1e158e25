/**
 * Part of bench/meetings-room.ts: holds a share of the participants in its own thread. Plain
 * JavaScript, so the worker needs no TypeScript loader.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { io } from 'socket.io-client';

const { url, meetingId, tokens } = workerData;
const now = () => performance.timeOrigin + performance.now();
/** @type {Array<[string, number]>} */
const receipts = [];
const sockets = [];

async function join(token) {
	const socket = io(`${url}/meetings`, {
		path: '/socket.io',
		transports: ['websocket'],
		extraHeaders: { cookie: `vc_session=${token}` },
		forceNew: true,
		reconnection: false
	});
	await new Promise((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	const reply = await socket.emitWithAck('join', { meetingId });
	if (!reply.ok) throw new Error(`join refused: ${JSON.stringify(reply)}`);
	socket.on('chat', (m) => receipts.push([m.body, now()]));
	sockets.push(socket);
}

for (let i = 0; i < tokens.length; i += 25) await Promise.all(tokens.slice(i, i + 25).map(join));
parentPort.postMessage({ type: 'ready' });
parentPort.on('message', (msg) => {
	if (msg.type === 'report') parentPort.postMessage({ type: 'report', receipts });
	if (msg.type === 'close') {
		for (const s of sockets) s.disconnect();
		parentPort.postMessage({ type: 'closed' });
	}
});
