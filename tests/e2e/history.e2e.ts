/**
 * The history pages in a real browser, by keyboard: name a version, open it, see the changes
 * marked, restore it; invite a co-author; axe-core finds no WCAG 2.1 A/AA violations on the
 * history list, the version view, the co-authors page and the invitation page.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, signIn, useBrowser } from '../helpers/browser';

const PASSWORD = 'history-browser-password';
const OWNER = {
	email: 'forfatter@historik.test',
	name: 'Frida Forfatter',
	org: 'Historik Kommune',
	role: 'editor',
	password: PASSWORD
};

const suite = useBrowser({ users: [OWNER] });

describe('history in the browser', () => {
	it('names a version, shows what changed and restores it, accessible by keyboard', async () => {
		const page = suite.page;
		await signIn(page, OWNER.email, PASSWORD);
		const created = await page.request.post('/api/v1/cases', {
			data: { kind: 'method_note', title: 'Notat med historik', summary: 'Til browsertest.' },
			headers: { origin: suite.app.url }
		});
		expect(created.status()).toBe(201);
		const { id } = (await created.json()) as { id: string };
		const setBody = (markdown: string) =>
			page.request.post(`/library/${id}/edit?/body`, {
				form: { markdown },
				headers: { origin: suite.app.url, accept: 'application/json' }
			});
		expect((await setBody('Første udgave af teksten.')).status()).toBe(200);

		await page.goto(`/library/${id}/history`);
		await expectAccessible(page);
		// Submitting without a name says what is missing, at the field.
		await page.getByLabel('Navn på versionen').focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => page.getByRole('alert').first().textContent()).toBeTruthy();
		expect(await page.getByLabel('Navn på versionen').getAttribute('aria-invalid')).toBe('true');
		await page.getByLabel('Navn på versionen').fill('Udkast 1');
		await page.keyboard.press('Enter');
		await page.getByText('Versionen »Udkast 1« er gemt.').waitFor();
		await expectAccessible(page);

		expect((await setBody('Anden udgave af teksten.\n\nEt nyt afsnit.')).status()).toBe(200);
		await page.goto(`/library/${id}/history`);
		await page.getByRole('link', { name: 'Udkast 1' }).click();
		await page.getByRole('heading', { level: 1, name: 'Version: Udkast 1' }).waitFor();
		expect(await page.locator('del').first().innerText()).toContain('Første');
		expect(await page.locator('ins').first().innerText()).toContain('Anden');
		await expectAccessible(page);

		await page.getByRole('button', { name: 'Gendan denne version' }).focus();
		await page.keyboard.press('Enter');
		await page.getByText('Versionen er gendannet som en ny ændring.').waitFor();
		await page.goto(`/library/${id}`);
		expect(await page.locator('main').innerText()).toContain('Første udgave af teksten.');

		// The co-authors page: invite by keyboard, then withdraw.
		await page.goto(`/library/${id}/authors`);
		await expectAccessible(page);
		await page.getByLabel('E-mailadresse').fill('gaest@andet-sted.test');
		await page.keyboard.press('Enter');
		await page.getByText('Invitationen er sendt til gaest@andet-sted.test.').waitFor();
		await expectAccessible(page);
		await page.goto('/invitations/ukendt-token');
		await expectAccessible(page);
		expect(suite.pageErrors).toEqual([]);
	});
});
