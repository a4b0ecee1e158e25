/**
 * The library in a real browser: search, narrow by a facet, open an entry; axe-core finds no
 * WCAG 2.1 A/AA violations on the index or the entry page. (Same approach as tests/helpers/browser.ts
 * on main: playwright-core driving Debian's Chromium against the built server.)
 */
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/server';

async function expectAccessible(page: Page) {
	const result = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	expect(
		result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}

describe('library in the browser', () => {
	let app: TestApp;
	let browser: Browser;

	beforeAll(async () => {
		const executablePath =
			(inject('chromiumPath' as never) as string | undefined) ??
			process.env.CHROMIUM_PATH ??
			'/usr/bin/chromium';
		[app, browser] = await Promise.all([
			startApp(),
			chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] })
		]);
	}, 300_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	it('searches, filters by municipality and opens an entry, all accessible', async () => {
		const context = await browser.newContext({
			baseURL: app.url,
			viewport: { width: 1280, height: 800 }
		});
		context.setDefaultTimeout(20_000);
		const page = await context.newPage();
		await page.goto('/library');
		await expectAccessible(page);

		await page.getByLabel('Søg i biblioteket').fill('fleksjob');
		await page.getByRole('button', { name: 'Søg' }).click();
		await page.waitForURL(/q=fleksjob/);
		await expect.poll(() => page.locator('mark').count()).toBeGreaterThan(0);

		await page
			.getByRole('link', { name: /Silkeborg \(\d+\)/ })
			.first()
			.click();
		await page.waitForURL(/municipality=740/);
		const titles = await page.locator('.items h3').allTextContents();
		expect(titles).toContain('Kantine i Silkeborg forpagtes af socialøkonomisk virksomhed');
		await expectAccessible(page);

		await page
			.getByRole('link', { name: 'Kantine i Silkeborg forpagtes af socialøkonomisk virksomhed' })
			.click();
		await expect
			.poll(() => page.locator('h1').textContent())
			.toBe('Kantine i Silkeborg forpagtes af socialøkonomisk virksomhed');
		expect(await page.locator('.figures').textContent()).toContain('10');
		expect(await page.getByRole('heading', { name: 'Partnere' }).count()).toBe(1);
		await expectAccessible(page);

		// Narrow screens: the page still works at 320 px.
		await page.setViewportSize({ width: 320, height: 700 });
		await page.goto('/library?q=ressourceforl%C3%B8b');
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(width).toBeLessThanOrEqual(330);
		await context.close();
	});
});
