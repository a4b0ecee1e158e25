import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, signIn, useBrowser } from '../helpers/browser';

const ADMIN = {
	email: 'astrid.holm@example.org',
	password: 'lang-nok-adgangskode-1',
	name: 'Astrid Holm',
	admin: true,
	org: 'Kolding Kommune',
	role: 'org_admin'
};

const suite = useBrowser({ users: [ADMIN] });

const navLabels = (page: Page) =>
	page
		.getByRole('navigation', { name: /Hovedmenu|Main menu/ })
		.getByRole('link')
		.allInnerTexts();

/** The element that has focus, described well enough to assert on. */
const focused = (page: Page) =>
	page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		if (!el || el === document.body) return null;
		const style = getComputedStyle(el);
		const box = el.getBoundingClientRect();
		return {
			tag: el.tagName.toLowerCase(),
			id: el.id,
			text: el.innerText?.trim() ?? '',
			outlineStyle: style.outlineStyle,
			outlineWidth: parseFloat(style.outlineWidth),
			boxShadow: style.boxShadow,
			inViewport: box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0
		};
	});

describe('the frame in Danish and English', () => {
	it('is Danish by default, with the five sections in the main menu', async () => {
		const { page } = suite;
		await page.goto('/');
		expect(await page.getAttribute('html', 'lang')).toBe('da');
		expect(await navLabels(page)).toEqual([
			'Bibliotek',
			'Møder',
			'Mentorer',
			'Erhvervsparken',
			'Effekt'
		]);
		await expect.poll(() => page.title()).toBe('Videnscenter');
		expect(suite.pageErrors).toEqual([]);
	});

	it('is English under /en', async () => {
		const { page } = suite;
		await page.goto('/en');
		expect(await page.getAttribute('html', 'lang')).toBe('en');
		expect(await navLabels(page)).toEqual([
			'Library',
			'Meetings',
			'Mentors',
			'Business park',
			'Impact'
		]);
		expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBe(1);
	});

	it('switches language and stays on the same page', async () => {
		const { page } = suite;
		await page.goto('/library');
		await expect.poll(() => page.locator('h1').innerText()).toBe('Erfaringsbibliotek');
		await page.locator('a[hreflang="en"]').click();
		await page.waitForURL((url) => url.pathname === '/en/library');
		expect(await page.getAttribute('html', 'lang')).toBe('en');
		expect(await page.locator('h1').innerText()).toBe('Experience library');

		await page.locator('a[hreflang="da"]').click();
		await page.waitForURL((url) => url.pathname === '/library');
		expect(await page.getAttribute('html', 'lang')).toBe('da');
		expect(await page.locator('h1').innerText()).toBe('Erfaringsbibliotek');
	});

	it('shows a 404 page in the visitor’s language', async () => {
		const { page } = suite;
		const da = await page.goto('/findes-ikke');
		expect(da?.status()).toBe(404);
		expect(await page.getAttribute('html', 'lang')).toBe('da');
		expect(await page.locator('h1').innerText()).toBe('Fejl 404');
		expect(await page.locator('main').innerText()).toContain('Siden findes ikke.');
		expect(await page.getByRole('link', { name: 'Til forsiden' }).getAttribute('href')).toBe('/');

		const en = await page.goto('/en/does-not-exist');
		expect(en?.status()).toBe(404);
		expect(await page.getAttribute('html', 'lang')).toBe('en');
		expect(await page.locator('h1').innerText()).toBe('Error 404');
		expect(await page.locator('main').innerText()).toContain('This page does not exist.');
		await page.getByRole('link', { name: 'Back to the home page' }).click();
		await page.waitForURL((url) => url.pathname.replace(/\/$/, '') === '/en');
		expect(await page.getAttribute('html', 'lang')).toBe('en');
	});
});

describe('keyboard use of the frame', () => {
	it('makes the skip link the first Tab stop, visible, and moves focus to main', async () => {
		const { page } = suite;
		await page.goto('/');
		await page.keyboard.press('Tab');
		const first = await focused(page);
		expect(first).toMatchObject({ tag: 'a', text: 'Spring til indhold', inViewport: true });
		await page.keyboard.press('Enter');
		await expect.poll(async () => (await focused(page))?.id).toBe('main');
		// The next Tab continues inside the page content, not back in the header.
		await page.keyboard.press('Tab');
		expect(
			await page.evaluate(() => document.querySelector('main')!.contains(document.activeElement))
		).toBe(true);
	});

	it('shows a visible focus indicator on every Tab stop of the header', async () => {
		const { page } = suite;
		await page.goto('/');
		const stops: string[] = [];
		for (let i = 0; i < 10; i++) {
			await page.keyboard.press('Tab');
			const el = await focused(page);
			expect(el, `Tab stop ${i + 1}`).not.toBeNull();
			const outlined = el!.outlineStyle !== 'none' && el!.outlineWidth >= 2;
			const shadowed = el!.boxShadow !== 'none';
			expect(outlined || shadowed, `focus indicator on "${el!.text}"`).toBe(true);
			expect(el!.inViewport, `"${el!.text}" is on screen when focused`).toBe(true);
			stops.push(el!.text);
		}
		// Skip link, brand, the five sections, language, sign in, sign up.
		expect(stops).toEqual([
			'Spring til indhold',
			'Videnscenter',
			'Bibliotek',
			'Møder',
			'Mentorer',
			'Erhvervsparken',
			'Effekt',
			'English',
			'Log ind',
			'Opret konto'
		]);
	});
});

describe('narrow screens', () => {
	for (const path of ['/', '/login', '/signup', '/en']) {
		it(`needs no horizontal scrolling at 320 px on ${path}`, async () => {
			const page = await suite.newPage({ viewport: { width: 320, height: 640 } });
			await page.goto(path);
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			expect(width).toBeLessThanOrEqual(320);
		});
	}

	it('keeps the open account menu on screen at 320 px', async () => {
		const page = await suite.newPage({ viewport: { width: 320, height: 640 } });
		await signIn(page, ADMIN.email, ADMIN.password);
		await page.goto('/');
		await page.locator('header summary').click();
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(width).toBeLessThanOrEqual(320);
		const items = page.locator('header details li');
		expect(await items.count()).toBe(4);
		for (const item of await items.all()) {
			const box = (await item.boundingBox())!;
			expect(box.x, await item.innerText()).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width, await item.innerText()).toBeLessThanOrEqual(320);
		}
	});
});

describe('accessibility (axe, WCAG 2.1 A/AA): no serious or critical violations', () => {
	it('is checked by a helper that does report violations', async () => {
		const { page } = suite;
		await page.setContent(
			'<!doctype html><html lang="da"><body><main><h1>Prøve</h1><img src="x.png"><button></button></main></body></html>'
		);
		const failure = await expectAccessible(page).catch((error: Error) => error);
		expect(String(failure)).toMatch(/image-alt \(critical\).*img/s);
		expect(String(failure)).toMatch(/button-name \(critical\).*button/s);
	});

	const publicPages = [
		'/',
		'/en',
		'/login',
		'/en/login',
		'/signup',
		'/reset-password',
		'/reset-password/ugyldigt-link',
		'/verify-email?token=ugyldigt',
		'/library',
		'/meetings',
		'/mentors',
		'/park',
		'/impact',
		'/findes-ikke'
	];
	for (const path of publicPages) {
		it(`on ${path}`, async () => {
			const { page } = suite;
			await page.goto(path);
			await expectAccessible(page);
		});
	}

	it('on the sign-in form showing its errors', async () => {
		const { page } = suite;
		await page.goto('/login');
		await page.locator('#email').fill('nobody@example.org');
		await page.locator('#password').fill('forkert-adgangskode');
		await page.locator('main form button[type=submit]').click();
		await page.getByRole('alert').waitFor();
		await expectAccessible(page);
	});

	it('on the sign-up form showing its errors', async () => {
		const { page } = suite;
		await page.goto('/signup');
		await page.locator('main form button[type=submit]').click();
		await page.getByRole('alert').waitFor();
		await expectAccessible(page);
	});

	// Signed-in pages that exist now; each must answer 200 to a platform admin.
	const signedInPages = [
		'/',
		'/organisations',
		'/organisations/new',
		'/organisations/kolding-kommune',
		'/admin/organisations',
		'/admin/outbox',
		'/admin/system',
		// The e-mail choices, grouped by the part of the platform they come from.
		'/account',
		'/notifications'
	];
	for (const path of signedInPages) {
		it(`signed in, on ${path}`, async () => {
			const { page } = suite;
			await signIn(page, ADMIN.email, ADMIN.password);
			const response = await page.goto(path);
			expect(response?.status()).toBe(200);
			await expectAccessible(page);
		});
	}

	it('signed in, with the account menu open', async () => {
		const { page } = suite;
		await signIn(page, ADMIN.email, ADMIN.password);
		await page.goto('/');
		await page.locator('summary').click();
		await expectAccessible(page);
	});
});
