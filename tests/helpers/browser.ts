/**
 * Browser tests: playwright-core driving Debian's Chromium against the built server (startApp).
 * `useBrowser()` starts one server and one browser per file and a fresh context (cookies, storage)
 * per test; `expectAccessible(page)` runs axe with the WCAG 2.1 A/AA rules.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AxeBuilder } from '@axe-core/playwright';
import {
	chromium,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Page
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest';
import { startApp, type StartOptions, type TestApp } from './server';

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--headless'
];

/** Chromium found (or installed) by tests/helpers/chromium-setup.ts. */
export function chromiumPath(): string {
	return inject('chromiumPath') ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

export interface BrowserSuite {
	readonly app: TestApp;
	readonly browser: Browser;
	/** This test's context (its own cookies), with baseURL set to the app. */
	readonly context: BrowserContext;
	/** A page in this test's context. */
	readonly page: Page;
	/** Uncaught errors thrown in this test's pages. */
	readonly pageErrors: Error[];
	/** Another context (e.g. a second user, or a narrow viewport), closed after the test. */
	newPage(options?: BrowserContextOptions): Promise<Page>;
}

/** Registers the hooks of a browser test file: one app and browser per file, a context per test. */
export function useBrowser(
	options: StartOptions = {},
	contextOptions: BrowserContextOptions = {}
): BrowserSuite {
	let app: TestApp | undefined;
	let browser: Browser | undefined;
	let contexts: BrowserContext[] = [];
	let page: Page | undefined;
	let pageErrors: Error[] = [];
	let cspViolations: string[] = [];

	const open = async (extra: BrowserContextOptions = {}) => {
		const context = await browser!.newContext({
			baseURL: app!.url,
			viewport: { width: 1280, height: 800 },
			...contextOptions,
			...extra
		});
		context.setDefaultTimeout(10_000);
		context.on('weberror', (error) => pageErrors.push(error.error()));
		// Anything the Content-Security-Policy blocks is a bug: a script, style or image the page needs.
		context.on('console', (message) => {
			if (message.type() === 'error' && /Content[- ]Security[- ]Policy/i.test(message.text()))
				cspViolations.push(`${message.location().url}: ${message.text()}`);
		});
		contexts.push(context);
		return context.newPage();
	};

	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(options), launchBrowser()]);
	});
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});
	beforeEach(async () => {
		pageErrors = [];
		cspViolations = [];
		page = await open();
	});
	afterEach(async () => {
		await Promise.all(contexts.map((c) => c.close()));
		contexts = [];
		expect(cspViolations, 'blocked by the Content-Security-Policy').toEqual([]);
	});

	return {
		get app() {
			return app!;
		},
		get browser() {
			return browser!;
		},
		get context() {
			return contexts[0];
		},
		get page() {
			return page!;
		},
		get pageErrors() {
			return pageErrors;
		},
		newPage: open
	};
}

/** Signs in through the login form (mouse-free fill, not the keyboard test). */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
	await page.goto('/login');
	await page.locator('#email').fill(email);
	await page.locator('#password').fill(password);
	await Promise.all([
		page.waitForURL((url) => url.pathname !== '/login'),
		page.locator('main form button[type=submit]').click()
	]);
}

// The project's axe-core (newer than the copy bundled with @axe-core/playwright).
const axeSource = readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Fails with a list of the serious and critical WCAG 2.1 A/AA violations on the page as it is now,
 * each with the selectors of the offending elements.
 */
export async function expectAccessible(
	page: Page,
	options: { exclude?: string[]; disableRules?: string[] } = {}
): Promise<void> {
	let builder = new AxeBuilder({ page, axeSource }).withTags(WCAG_TAGS);
	for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
	if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
	const results = await builder.analyze();
	const problems = results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map(
			(v) =>
				`${v.id} (${v.impact}): ${v.help} — ${v.nodes
					.map((n) => n.target.map(String).join(' > '))
					.join(', ')}`
		);
	const report = `serious or critical axe violations on ${page.url()}:\n  ${problems.join('\n  ')}\n`;
	expect(problems.length, report).toBe(0);
}
