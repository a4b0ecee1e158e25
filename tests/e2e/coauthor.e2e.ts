/**
 * Two people write one method note at once in two browsers: each sees the other's text and caret
 * with their name, the presence list names both, the status reaches "saved" (and what it called
 * saved survives a kill -9 of the server), a reload shows the
 * text from the server, a reader gets the read-only view, and axe-core finds no WCAG 2.1 A/AA
 * violations on the editor page.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, signIn, useBrowser } from '../helpers/browser';

const PASSWORD = 'coauthor-browser-password';
const ORG = 'Skrivested Kommune';
const ANNA = {
	email: 'anna@skrivested.test',
	name: 'Anna Analytiker',
	org: ORG,
	role: 'editor',
	password: PASSWORD
};
const BO = {
	email: 'bo@skrivested.test',
	name: 'Bo Borgerrådgiver',
	org: ORG,
	role: 'editor',
	password: PASSWORD
};

const suite = useBrowser({ users: [ANNA, BO] });

describe('writing together in the browser', () => {
	it('shows each writer the other one’s text and caret, and keeps the text', async () => {
		const anna = suite.page;
		await signIn(anna, ANNA.email, PASSWORD);
		const created = await anna.request.post('/api/v1/cases', {
			data: { kind: 'method_note', title: 'Fælles metodenotat', summary: 'Skrives af to.' },
			headers: { origin: suite.app.url }
		});
		expect(created.status()).toBe(201);
		const { id } = (await created.json()) as { id: string };

		const bo = await suite.newPage();
		await signIn(bo, BO.email, PASSWORD);

		// The entry links to the editor.
		await anna.goto(`/library/${id}`);
		await anna.getByRole('link', { name: 'Skriv sammen' }).click();
		await anna.waitForURL((url) => url.pathname === `/library/${id}/write`);
		await bo.goto(`/library/${id}/write`);

		const annaBody = anna.getByRole('textbox', { name: 'Brødtekst' });
		const boBody = bo.getByRole('textbox', { name: 'Brødtekst' });
		await annaBody.waitFor();
		await boBody.waitFor();
		await anna.locator('.status[data-status="saved"]').waitFor();
		await bo.locator('.status[data-status="saved"]').waitFor();

		// Both are listed as present on both pages.
		for (const page of [anna, bo])
			for (const name of [ANNA.name, BO.name])
				await page.locator('.presence li', { hasText: name }).waitFor();

		await annaBody.click();
		await anna.keyboard.type('Anna skriver indledningen. ');
		await bo.getByText('Anna skriver indledningen.').waitFor();

		await boBody.click();
		await bo.keyboard.press('Control+End');
		await bo.keyboard.press('Enter');
		await bo.keyboard.type('Bo tilføjer et afsnit.');
		await anna.getByText('Bo tilføjer et afsnit.').waitFor();

		// Each sees the other's caret with the other's name.
		await anna.locator('.collaboration-carets__label', { hasText: BO.name }).waitFor();
		await bo.locator('.collaboration-carets__label', { hasText: ANNA.name }).waitFor();

		// The toolbar works from the keyboard: one Tab stop, arrows between buttons.
		await anna.getByRole('button', { name: 'Fed' }).focus();
		await anna.keyboard.press('ArrowRight');
		expect(await anna.evaluate(() => document.activeElement?.textContent)).toBe('Kursiv');

		await anna.locator('.status[data-status="saved"]').waitFor();
		await bo.locator('.status[data-status="saved"]').waitFor();
		await expectAccessible(anna);

		// "Saved" means in the database: the server killed outright the moment it shows loses
		// nothing (the status waits for the server's answer to a sync request sent after the text).
		await annaBody.click();
		await anna.keyboard.press('Control+End');
		await anna.keyboard.type(' Gemt før nedbruddet.');
		expect(await anna.locator('.status').getAttribute('data-status')).toBe('syncing');
		await anna.locator('.status[data-status="saved"]').waitFor();
		const killed = new Promise((done) => suite.app.child.once('exit', done));
		suite.app.child.kill('SIGKILL');
		await killed;
		await anna
			.locator('.status[data-status="offline"], .status[data-status="connecting"]')
			.waitFor();
		await suite.app.restart();

		// The text is on the server: a fresh page in a new browser context shows it.
		const fresh = await suite.newPage();
		await signIn(fresh, ANNA.email, PASSWORD);
		await fresh.goto(`/library/${id}/write`);
		await fresh.getByText('Bo tilføjer et afsnit.').waitFor();
		await fresh.getByText('Anna skriver indledningen.').waitFor();
		await fresh.getByText('Gemt før nedbruddet.').waitFor();
		expect(suite.pageErrors).toEqual([]);
	});

	it('adds and removes table rows and columns from the toolbar while the cursor is in a table', async () => {
		const page = suite.page;
		await signIn(page, ANNA.email, PASSWORD);
		const created = await page.request.post('/api/v1/cases', {
			data: { kind: 'method_note', title: 'Notat med tabel', summary: 'Tal i en tabel.' },
			headers: { origin: suite.app.url }
		});
		const { id } = (await created.json()) as { id: string };
		await page.goto(`/library/${id}/write`);
		const body = page.getByRole('textbox', { name: 'Brødtekst' });
		await body.waitFor();
		await body.click();
		const rowBelow = page.getByRole('button', { name: 'Række under' });
		expect(await rowBelow.count()).toBe(0);

		await page.getByRole('button', { name: 'Indsæt tabel' }).click();
		const rows = page.locator('.collab-body table tr');
		await expect.poll(() => rows.count()).toBe(3);
		// From the keyboard: the controls are buttons of the same toolbar.
		await rowBelow.focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => rows.count()).toBe(4);
		await page.getByRole('button', { name: 'Kolonne til højre' }).click();
		await expect.poll(() => rows.first().locator('th, td').count()).toBe(4);
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Slet kolonne' }).click();
		await expect.poll(() => rows.first().locator('th, td').count()).toBe(3);
		await page.getByRole('button', { name: 'Slet række' }).click();
		await expect.poll(() => rows.count()).toBe(3);
		await page.getByRole('button', { name: 'Slet tabel' }).click();
		await expect.poll(() => page.locator('.collab-body table').count()).toBe(0);
		expect(await rowBelow.count()).toBe(0);
		expect(suite.pageErrors).toEqual([]);
	});
});
