/**
 * The vocabulary admin page in a real browser: axe-core finds no WCAG 2.1 A/AA violations, before
 * and after adding a term (with the status message) and with a field error.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/server';

const ADMIN = {
	email: 'admin@vocab-e2e.example',
	password: 'vocabulary-e2e-password',
	admin: true
};

async function expectAccessible(page: Page) {
	const result = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	expect(
		result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}

describe('vocabulary admin in the browser', () => {
	let app: TestApp;
	let browser: Browser;

	beforeAll(async () => {
		const executablePath =
			(inject('chromiumPath' as never) as string | undefined) ??
			process.env.CHROMIUM_PATH ??
			'/usr/bin/chromium';
		[app, browser] = await Promise.all([
			startApp({ users: [ADMIN] }),
			chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] })
		]);
	}, 300_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('adds a term and shows errors, all accessible', async () => {
		const context = await browser.newContext({ baseURL: app.url });
		context.setDefaultTimeout(20_000);
		const page = await context.newPage();
		await page.goto('/login');
		await page.locator('input#email').fill(ADMIN.email);
		await page.locator('input#password').fill(ADMIN.password);
		await page.locator('input#password').press('Enter');
		await page.waitForURL((u) => !u.pathname.endsWith('/login'));

		await page.goto('/admin/vocabularies');
		await expectAccessible(page);

		await page.getByLabel('Dansk betegnelse', { exact: true }).first().fill('Social innovation');
		await page.getByRole('button', { name: 'Tilføj', exact: true }).click();
		await expect.poll(() => page.getByRole('status').textContent()).toContain('Social innovation');
		expect(await page.locator('tr[data-slug="social-innovation"]').count()).toBe(1);
		await expectAccessible(page);

		await page.getByLabel('Dansk betegnelse', { exact: true }).first().fill('Social innovation');
		await page.getByRole('button', { name: 'Tilføj', exact: true }).click();
		await expect.poll(() => page.getByRole('alert').textContent()).toContain('findes allerede');
		await expectAccessible(page);
		await context.close();
	}, 120_000);
});
