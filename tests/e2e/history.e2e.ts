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

const ADMIN = {
	email: 'admin@historik.test',
	name: 'Asta Admin',
	admin: true,
	password: PASSWORD
};

const suite = useBrowser({ users: [OWNER, ADMIN] });

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

	it('lets an admin purge pasted personal data from the text and its versions, by keyboard', async () => {
		const page = suite.page;
		await page.context().clearCookies();
		await signIn(page, OWNER.email, PASSWORD);
		const created = await page.request.post('/api/v1/cases', {
			data: { kind: 'case', title: 'Sag med et CPR-nummer', summary: 'Til browsertest.' },
			headers: { origin: suite.app.url }
		});
		const { id } = (await created.json()) as { id: string };
		const body = await page.request.post(`/library/${id}/edit?/body`, {
			form: { markdown: 'Borgeren 1111119999 fik et fleksjob.' },
			headers: { origin: suite.app.url, accept: 'application/json' }
		});
		expect(body.status()).toBe(200);
		await page.request.post(`/library/${id}/history?/save`, {
			form: { name: 'Med fejl' },
			headers: { origin: suite.app.url, accept: 'application/json' }
		});
		await page.goto(`/library/${id}/history`);
		expect(
			await page.getByRole('heading', { name: 'Fjern tekst fra hele historikken' }).count()
		).toBe(0);

		await page.context().clearCookies();
		await signIn(page, ADMIN.email, PASSWORD);
		await page.goto(`/library/${id}/history`);
		await page.getByLabel('Tekst, der skal fjernes').fill('1111119999');
		await page.keyboard.press('Enter');
		// Not confirmed: the error is at the checkbox and the typed text is still there.
		await page.getByText('Bekræft, at teksten skal fjernes for altid.').waitFor();
		expect(await page.getByLabel('Tekst, der skal fjernes').inputValue()).toBe('1111119999');
		await expectAccessible(page);
		await page
			.getByLabel('Jeg forstår, at teksten fjernes for altid, også fra versionerne')
			.focus();
		await page.keyboard.press('Space');
		await page.getByRole('button', { name: 'Fjern teksten' }).focus();
		await page.keyboard.press('Enter');
		await page.getByText(/Fjernet: 1 forekomster i den nuværende tekst, 1 versioner/).waitFor();
		await expectAccessible(page);
		await page.getByRole('link', { name: 'Med fejl' }).click();
		await page.getByRole('heading', { level: 1, name: 'Version: Med fejl' }).waitFor();
		expect(await page.locator('main').innerText()).not.toContain('1111119999');
		await page.goto(`/library/${id}`);
		const entry = await page.locator('main').innerText();
		expect(entry).toContain('fik et fleksjob.');
		expect(entry).not.toContain('1111119999');
		expect(suite.pageErrors).toEqual([]);
	});
});
