import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, useBrowser } from '../helpers/browser';

const USER = {
	email: 'mikkel.dahl@example.org',
	password: 'et-godt-langt-kodeord',
	name: 'Mikkel Dahl'
};

const suite = useBrowser({ users: [USER] });

/** Presses Tab until `matches` holds for the focused element; fails after `max` presses. */
async function tabTo(page: Page, matches: string, max = 25): Promise<number> {
	for (let presses = 1; presses <= max; presses++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, matches)) {
			return presses;
		}
	}
	throw new Error(`Tab never reached ${matches} in ${max} presses`);
}

const focusedIs = (page: Page, selector: string) =>
	page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector);

describe('signing in and out with the keyboard only', () => {
	it('signs in by Tab, typing and Enter, then signs out from the account menu', async () => {
		const { page } = suite;
		await page.goto('/login');

		await tabTo(page, 'input#email');
		await page.keyboard.type(USER.email);
		await page.keyboard.press('Tab');
		expect(await focusedIs(page, 'input#password')).toBe(true);
		await page.keyboard.type(USER.password);
		await page.keyboard.press('Enter');

		await page.waitForURL((url) => url.pathname === '/');
		const menu = page.locator('header summary');
		await menu.waitFor();
		expect(await menu.isVisible()).toBe(true);
		expect(await menu.innerText()).toContain(USER.name);
		expect(await page.getByRole('link', { name: 'Log ind', exact: true }).count()).toBe(0);

		// Open the account menu (a disclosure) and reach "Log ud" without the mouse.
		await tabTo(page, 'header summary');
		await page.keyboard.press('Enter');
		expect(await page.locator('header details').getAttribute('open')).not.toBeNull();
		await tabTo(page, 'header details button[type=submit]', 5);
		expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Log ud');
		await page.keyboard.press('Enter');

		await page.waitForURL((url) => url.pathname === '/login');
		expect(await page.getByRole('status').innerText()).toBe('Du er logget ud.');
		expect(await page.locator('header summary').count()).toBe(0);
		expect(await page.getByRole('link', { name: 'Log ind', exact: true }).count()).toBe(1);
		expect(suite.pageErrors).toEqual([]);
	});

	it('announces a wrong password as an alert that takes focus and leads to the field', async () => {
		const { page } = suite;
		await page.goto('/login');
		await tabTo(page, 'input#email');
		await page.keyboard.type(USER.email);
		await page.keyboard.press('Tab');
		await page.keyboard.type('ikke-det-rigtige-kodeord');
		await page.keyboard.press('Enter');

		const alert = page.getByRole('alert');
		await alert.waitFor();
		expect(await alert.innerText()).toContain('Adgangskode: Forkert e-mail eller adgangskode.');
		// Focus moves to the error summary, so a screen reader reads it and Tab continues from it.
		await expect.poll(() => focusedIs(page, '[role=alert]')).toBe(true);
		await page.keyboard.press('Tab');
		expect(await focusedIs(page, '[role=alert] a[href="#password"]')).toBe(true);
		await page.keyboard.press('Enter');
		await expect.poll(() => focusedIs(page, 'input#password')).toBe(true);

		// The field says what is wrong, and the e-mail typed is kept.
		expect(await page.locator('#password').getAttribute('aria-invalid')).toBe('true');
		expect(await page.locator('#password').getAttribute('aria-describedby')).toContain(
			'password-error'
		);
		expect(await page.locator('#email').inputValue()).toBe(USER.email);
		expect(await page.locator('header summary').count()).toBe(0);
		await expectAccessible(page);
	});
});

describe('signing up', () => {
	it('creates an account through the form and asks to check the e-mail', async () => {
		const { page } = suite;
		const email = 'sofie.lund@example.org';
		await page.goto('/signup');
		await page.getByLabel('Navn').fill('Sofie Lund');
		await page.getByLabel('E-mail').fill(email);
		await page.getByLabel('Adgangskode').fill('mit-nye-lange-kodeord');
		await page.getByLabel('Adgangskode').press('Enter');

		await page.waitForURL((url) => url.pathname === '/signup' && url.search === '?done=1');
		expect(await page.locator('h1').innerText()).toBe('Tjek din e-mail');
		expect(await page.getByRole('status').innerText()).toContain(email);
		await expectAccessible(page);
		// Nobody is signed in by signing up; the page leads on to signing in.
		expect(await page.locator('header summary').count()).toBe(0);
		await page.getByRole('main').getByRole('link', { name: 'Log ind' }).click();
		await page.waitForURL((url) => url.pathname === '/login');
	});

	it('keeps what was typed and names the problem when the password is too short', async () => {
		const { page } = suite;
		await page.goto('/en/signup');
		await page.getByLabel('Name').fill('Jonas Berg');
		await page.getByLabel('E-mail').fill('jonas.berg@example.org');
		await page.getByLabel('Password').fill('kort');
		await page.locator('main form button[type=submit]').click();

		const alert = page.getByRole('alert');
		await alert.waitFor();
		expect(await alert.innerText()).toMatch(/Password/);
		expect(await page.getAttribute('html', 'lang')).toBe('en');
		expect(await page.getByLabel('Name').inputValue()).toBe('Jonas Berg');
		expect(await page.locator('#password').getAttribute('aria-invalid')).toBe('true');
	});
});
