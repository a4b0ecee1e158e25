/**
 * An editor's upkeep of an entry in a real browser, by keyboard: attach a file and remove it again
 * from the edit page, then read who changed what on the history page; axe-core finds no serious
 * WCAG 2.1 A/AA violations on either page.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, signIn, useBrowser } from '../helpers/browser';

const PASSWORD = 'library-edit-browser-password';
const editor = {
	email: 'editor@edit-browser.example',
	password: PASSWORD,
	name: 'Ida Redaktør',
	org: 'Kolding Kommune',
	role: 'editor'
};

describe('editing an entry in the browser', () => {
	const suite = useBrowser({ users: [editor] });

	it('attaches and removes a file by keyboard and shows the metadata revisions, all accessible', async () => {
		const { page } = suite;
		await signIn(page, editor.email, editor.password);
		const created = await page.request.post('/api/v1/cases', {
			data: { kind: 'case', title: 'Bilag i browseren', scope: 'public' },
			headers: { origin: suite.app.url }
		});
		expect(created.status()).toBe(201);
		const { id } = (await created.json()) as { id: string };
		const patched = await page.request.patch(`/api/v1/cases/${id}`, {
			data: { flexJobs: 3 },
			headers: { origin: suite.app.url }
		});
		expect(patched.status()).toBe(200);

		await page.goto(`/library/${id}/edit`);
		await page.locator('#attachment').setInputFiles({
			name: 'plan.pdf',
			mimeType: 'application/pdf',
			buffer: Buffer.from('%PDF-1.4 plan')
		});
		await page.getByRole('button', { name: 'Tilføj bilag' }).click();
		const remove = page.getByRole('button', { name: 'Fjern bilaget plan.pdf' });
		await expect.poll(() => remove.count()).toBe(1);
		await expectAccessible(page);

		await remove.focus();
		await page.keyboard.press('Enter');
		await expect
			.poll(() => page.getByRole('status').first().textContent())
			.toContain('Bilaget plan.pdf er fjernet.');
		expect(await page.getByRole('link', { name: 'plan.pdf' }).count()).toBe(0);
		await expectAccessible(page);

		await page.goto(`/library/${id}/history`);
		const table = page.getByRole('table');
		await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
		expect(await table.locator('tbody tr').first().textContent()).toContain('Ida Redaktør');
		expect(await table.locator('tbody tr').first().textContent()).toContain('Fleksjob');
		await expectAccessible(page);
	});
});
