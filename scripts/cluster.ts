/**
 * `npm run start:cluster` — N processes of the same build on one machine, for trying multi-node
 * mode: the app on PORT+1 … PORT+N and a small round-robin proxy on PORT (HTTP and websocket
 * upgrades). Needs DATABASE_URL (PostgreSQL; the embedded database is one process only) and
 * REDIS_URL. CLUSTER_SIZE (default 2) sets N. In production use a real load balancer
 * (docs/deploy/scale-out.md).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';

const size = Number(process.env.CLUSTER_SIZE ?? process.argv[2] ?? 2);
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
	console.error('start:cluster needs DATABASE_URL (PostgreSQL) and REDIS_URL.');
	process.exit(1);
}
if (!Number.isInteger(size) || size < 1 || size > 32) {
	console.error('CLUSTER_SIZE must be 1–32.');
	process.exit(1);
}

const children: ChildProcess[] = [];
const backends = Array.from({ length: size }, (_, i) => port + 1 + i);

async function launch(appPort: number): Promise<void> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
		env: { ...process.env, PORT: String(appPort), HOST: '127.0.0.1' },
		stdio: ['ignore', 'inherit', 'inherit']
	});
	children.push(child);
	let exited = false;
	child.once('exit', () => (exited = true));
	// Ready when its /healthz answers 200.
	for (;;) {
		if (exited) throw new Error(`process on ${appPort} exited`);
		try {
			if ((await fetch(`http://127.0.0.1:${appPort}/healthz`)).ok) return;
		} catch {
			/* not listening yet */
		}
		await new Promise((r) => setTimeout(r, 250));
	}
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.once(signal, () => {
		proxy.close();
		// A process that already died (kill -9) sends no second 'exit': wait only for the others.
		const alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
		for (const child of alive) child.kill('SIGTERM');
		Promise.all(alive.map((c) => new Promise((r) => c.once('exit', r)))).then(() =>
			process.exit(0)
		);
	});
}

// The first process migrates and seeds; the others start once it listens.
await launch(backends[0]);
await Promise.all(backends.slice(1).map(launch));

let next = 0;
const pick = () => backends[next++ % backends.length];

function forwardedHeaders(req: IncomingMessage) {
	return {
		...req.headers,
		'x-forwarded-for': req.socket.remoteAddress ?? '',
		'x-forwarded-proto': 'http'
	};
}

const proxy = createServer((req, res) => {
	const attempt = (tries: number) => {
		const target = pick();
		const upstream = request(
			{
				host: '127.0.0.1',
				port: target,
				method: req.method,
				path: req.url,
				headers: forwardedHeaders(req)
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			}
		);
		upstream.on('error', () => {
			if (tries > 1 && !res.headersSent) attempt(tries - 1);
			else if (!res.headersSent) res.writeHead(502).end('Bad Gateway');
		});
		req.pipe(upstream);
	};
	attempt(backends.length);
});

// Websockets (socket.io, /yjs): a raw TCP tunnel to one process, which keeps it for its lifetime.
// A process that does not take the connection (it died) is skipped for the next one, so a client
// reconnecting after a crash reaches a survivor at its first try.
proxy.on('upgrade', (req, socket, head) => {
	socket.on('error', () => socket.destroy());
	const attempt = (tries: number) => {
		const target = pick();
		let connected = false;
		const upstream = connect(target, '127.0.0.1', () => {
			connected = true;
			const headers = forwardedHeaders(req);
			let raw = `${req.method} ${req.url} HTTP/1.1\r\n`;
			for (const [name, value] of Object.entries(headers)) {
				for (const v of Array.isArray(value) ? value : [value]) raw += `${name}: ${v}\r\n`;
			}
			upstream.write(raw + '\r\n');
			if (head.length) upstream.write(head);
			upstream.pipe(socket).pipe(upstream);
			socket.on('error', () => upstream.destroy());
		});
		upstream.on('error', () => {
			if (!connected && tries > 1 && !socket.destroyed) attempt(tries - 1);
			else socket.destroy();
		});
	};
	attempt(backends.length);
});

proxy.listen(port, host, () => {
	console.log(`cluster of ${size} on ${backends.join(', ')}; proxy at http://${host}:${port}`);
});
