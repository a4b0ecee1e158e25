import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT, loadConfig } from '../src/lib/server/config';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const unit = read('docs/deploy/videnscenter.service');
const nginx = read('docs/deploy/nginx-single.conf');
const guide = read('docs/deploy/README.md');

const unitEnv = Object.fromEntries(
	[...unit.matchAll(/^Environment=([A-Z_0-9]+)=(.*)$/gm)].map((m) => [m[1], m[2]])
);

describe('deployment examples', () => {
	it('name only variables the platform reads', () => {
		expect(Object.keys(unitEnv).length).toBeGreaterThan(3);
		for (const name of Object.keys(unitEnv)) expect(ENVIRONMENT, name).toContain(name);
	});

	it('list every variable the config module reads', () => {
		const source = read('src/lib/server/config.ts');
		const read_ = new Set([...source.matchAll(/\(env, '([A-Z_0-9]+)'/g)].map((m) => m[1]));
		for (const name of read_) expect(ENVIRONMENT, name).toContain(name);
		for (const name of ENVIRONMENT)
			expect(guide, `${name} in docs/deploy/README.md`).toContain(name);
	});

	it('give a unit environment the config module accepts, in production without demo users', () => {
		const config = loadConfig(unitEnv);
		expect(config.demo).toBe(false);
		expect(config.origin).toMatch(/^https:\/\//);
		expect(unitEnv.NODE_ENV).toBe('production');
	});

	it('point nginx at the port the unit listens on, with websocket upgrades and the body size', () => {
		const upstream = /upstream videnscenter \{[^}]*server 127\.0\.0\.1:(\d+)/.exec(nginx);
		expect(upstream?.[1]).toBe(unitEnv.PORT);
		expect(nginx).toMatch(
			/location ~ \^\/\(socket\\\.io\|yjs\)\/ \{[^}]*proxy_set_header Upgrade \$http_upgrade/
		);
		const body = /client_max_body_size (\d+)m;/.exec(nginx);
		expect(Number(body?.[1])).toBeGreaterThanOrEqual(21);
		expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node --import tsx server\.ts$/m);
	});
});
