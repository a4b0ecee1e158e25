import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/server';

describe('GET /healthz', () => {
	let app: TestApp;
	beforeAll(async () => {
		app = await startApp();
	});
	afterAll(() => app?.stop());

	it('reports the database as up, with the driver in use', async () => {
		const response = await fetch(`${app.url}/healthz`);
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body.status).toBe('ok');
		expect(body.database.status).toBe('ok');
		expect(body.database.driver).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
	});

	it('tags every response with a request id and logs it', async () => {
		const response = await fetch(`${app.url}/`, { headers: { 'x-request-id': 'test-req-42' } });
		expect(response.headers.get('x-request-id')).toBe('test-req-42');
		await new Promise((r) => setTimeout(r, 100));
		const line = app.logs.find((l) => l.includes('"requestId":"test-req-42"'));
		expect(line).toBeDefined();
		expect(JSON.parse(line!)).toMatchObject({ method: 'GET', path: '/', status: 200 });
	});
});
