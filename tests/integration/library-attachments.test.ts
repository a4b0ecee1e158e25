/**
 * Attachments in an S3-compatible bucket: a tiny in-process fake (PUT/GET/DELETE object, checks
 * the request is signed) stands in for MinIO/S3. Upload through the edit form, download through the
 * app, byte for byte; the size limit passes uploads up to it through adapter-node and refuses
 * larger ones with a message, without hurting the server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/server';
import { Client } from '../helpers/http';

const PW = 'attachment-test-password-1';
const editor = {
	email: 'editor@attach.example',
	password: PW,
	org: 'Kolding Kommune',
	role: 'editor'
};
const KEY_ID = 'TESTKEYID';

/** Objects by path (/bucket/key), and every request seen. */
const objects = new Map<string, { body: Buffer; type: string }>();
const seen: { method: string; path: string; signed: boolean }[] = [];

function fakeS3(): Promise<Server> {
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
			const auth = String(req.headers.authorization ?? '');
			const signed =
				auth.startsWith(`AWS4-HMAC-SHA256 Credential=${KEY_ID}/`) &&
				auth.includes('/s3/aws4_request');
			seen.push({ method: req.method ?? '', path, signed });
			if (!signed) return res.writeHead(403).end('<Error><Code>AccessDenied</Code></Error>');
			if (req.method === 'PUT') {
				objects.set(path, {
					body: Buffer.concat(chunks),
					type: String(req.headers['content-type'] ?? '')
				});
				return res.writeHead(200, { etag: '"x"' }).end();
			}
			const obj = objects.get(path);
			if (req.method === 'GET') {
				if (!obj) return res.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>');
				return res
					.writeHead(200, { 'content-type': obj.type, 'content-length': obj.body.length })
					.end(obj.body);
			}
			if (req.method === 'DELETE') {
				objects.delete(path);
				return res.writeHead(204).end();
			}
			res.writeHead(405).end();
		});
	});
	return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

describe('library attachments in S3-compatible storage', { timeout: 180_000 }, () => {
	let s3: Server;
	let app: TestApp;
	let client: Client;

	beforeAll(async () => {
		s3 = await fakeS3();
		const port = (s3.address() as AddressInfo).port;
		app = await startApp({
			users: [editor],
			env: {
				S3_ENDPOINT: `http://127.0.0.1:${port}`,
				S3_BUCKET: 'vc-attachments',
				S3_ACCESS_KEY_ID: KEY_ID,
				S3_SECRET_ACCESS_KEY: 'test-secret',
				S3_REGION: 'eu-north-1'
			}
		});
		client = new Client(app.url);
		await client.signIn(editor.email, PW);
	}, 900_000);
	afterAll(async () => {
		await app?.stop();
		await new Promise((ok) => s3?.close(ok));
	});

	const attach = (id: string, name: string, bytes: Uint8Array<ArrayBuffer>, type: string) => {
		const form = new FormData();
		form.append('attachment', new Blob([bytes], { type }), name);
		return fetch(`${app.url}/library/${id}/edit?/attach`, {
			method: 'POST',
			body: form,
			headers: {
				cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
				origin: app.url,
				accept: 'text/html'
			}
		});
	};

	async function draft(title: string) {
		const res = await client.json('POST', '/api/v1/cases', { kind: 'case', title });
		expect(res.status).toBe(201);
		return ((await res.json()) as { id: string }).id;
	}

	it('stores an upload in the bucket and serves it back byte for byte', async () => {
		const id = await draft('Bilag i S3');
		const bytes = new Uint8Array(300 * 1024);
		bytes.set([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37]); // %PDF-1.7
		for (let i = 8; i < bytes.length; i++) bytes[i] = (i * 31) % 251;
		expect((await attach(id, 'rapport.pdf', bytes, 'application/pdf')).status).toBe(200);

		const put = seen.find((s) => s.method === 'PUT');
		expect(put?.signed).toBe(true);
		expect(put?.path).toMatch(new RegExp(`^/vc-attachments/cases/${id}/[0-9a-f-]{36}\\.pdf$`));
		expect(objects.get(put!.path)?.body.equals(Buffer.from(bytes))).toBe(true);

		const html = await (await client.get(`/library/${id}`)).text();
		const href = new RegExp(`/library/${id}/attachments/([0-9a-f-]{36})`).exec(html)?.[0];
		expect(href).toBeTruthy();
		const download = await client.get(href!);
		expect(download.status).toBe(200);
		expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
		expect(seen.some((s) => s.method === 'GET' && s.path === put!.path)).toBe(true);
	});

	it('passes uploads up to the limit through, refuses bigger ones with a message, never crashes', async () => {
		const id = await draft('Store bilag');
		const pdf = (size: number) => {
			const b = new Uint8Array(size);
			b.set([0x25, 0x50, 0x44, 0x46]);
			return b;
		};
		// 9.5 MB: far over adapter-node's default body limit of 512 KB, under the attachment limit.
		expect((await attach(id, 'stor.pdf', pdf(9.5 * 1024 * 1024), 'application/pdf')).status).toBe(
			200
		);
		// 11 MB: over the attachment limit, under the request limit: the form says why.
		const over = await attach(id, 'for-stor.pdf', pdf(11 * 1024 * 1024), 'application/pdf');
		expect(over.status).toBe(422);
		expect(await over.text()).toContain('Filen er for stor (højst 10 MB).');
		// 30 MB: over the request limit: 413 before the action runs.
		const huge = await attach(id, 'enorm.pdf', pdf(30 * 1024 * 1024), 'application/pdf');
		expect(huge.status).toBe(413);
		// A wrong type gets its message too, and the server still answers.
		const exe = await attach(
			id,
			'tool.exe',
			new TextEncoder().encode('MZ\u0000evil'),
			'application/octet-stream'
		);
		expect(exe.status).toBe(400);
		expect(await exe.text()).toContain('Den filtype kan ikke vedhæftes.');
		expect((await client.get(`/library/${id}`)).status).toBe(200);
	});
	it('removes an attachment from the bucket when an editor deletes it, and serves it no more', async () => {
		const id = await draft('Bilag der fjernes');
		const bytes = new TextEncoder().encode('%PDF-1.4 fjernes') as Uint8Array<ArrayBuffer>;
		expect((await attach(id, 'fjern.pdf', bytes, 'application/pdf')).status).toBe(200);
		const put = seen.findLast((s) => s.method === 'PUT' && s.path.includes(id));
		expect(objects.has(put!.path)).toBe(true);
		const edit = await (await client.get(`/library/${id}/edit`)).text();
		const aid = new RegExp(`/library/${id}/attachments/([0-9a-f-]{36})`).exec(edit)?.[1];
		expect(aid).toBeTruthy();

		const res = await client.post(`/library/${id}/edit?/detach`, { attachment: aid! });
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('Bilaget fjern.pdf er fjernet.');
		const del = seen.findLast((s) => s.method === 'DELETE');
		expect(del).toEqual({ method: 'DELETE', path: put!.path, signed: true });
		expect(objects.has(put!.path)).toBe(false);
		expect((await client.get(`/library/${id}/attachments/${aid}`)).status).toBe(404);
		expect(await (await client.get(`/library/${id}/edit`)).text()).not.toContain('fjern.pdf');
		// Removing it again says it is gone rather than failing.
		expect((await client.post(`/library/${id}/edit?/detach`, { attachment: aid! })).status).toBe(
			404
		);
	});
});
