/**
 * Global setup of the browser tests: finds Debian's Chromium (playwright's own browser downloads are
 * not reachable here), installing it with apt-get when we are root on Debian, and hands its path to
 * the test files through `inject('chromiumPath')` and `CHROMIUM_PATH`.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
	export interface ProvidedContext {
		chromiumPath: string;
	}
}

const DEFAULT_PATH = '/usr/bin/chromium';
const HOW_TO =
	'Chromium is needed for the browser tests: install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary.';

function executable(path: string): boolean {
	try {
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

function aptInstall(): boolean {
	const install = () =>
		spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
		}).status === 0;
	if (install()) return true;
	// A fresh container often has no package lists yet.
	spawnSync('apt-get', ['update'], { stdio: 'inherit' });
	return install();
}

export function resolveChromium(): string {
	const configured = process.env.CHROMIUM_PATH;
	if (configured) {
		if (!executable(configured))
			throw new Error(`CHROMIUM_PATH=${configured} is not executable. ${HOW_TO}`);
		return configured;
	}
	if (executable(DEFAULT_PATH)) return DEFAULT_PATH;
	const root = process.getuid?.() === 0;
	if (root && existsSync('/etc/debian_version')) {
		console.log('Chromium is missing: installing it with apt-get (root on Debian)');
		if (aptInstall() && executable(DEFAULT_PATH)) return DEFAULT_PATH;
		throw new Error(`apt-get install chromium failed. ${HOW_TO}`);
	}
	throw new Error(HOW_TO);
}

export default function setup(project: TestProject): void {
	const path = resolveChromium();
	process.env.CHROMIUM_PATH = path;
	project.provide('chromiumPath', path);
}
