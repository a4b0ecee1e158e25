import { describe, expect, it } from 'vitest';
import { expectAccessible, signIn, useBrowser } from '../helpers/browser';

const PASSWORD = 'networks-browser-pw';
const ADMIN = {
	email: 'admin@netbrowser.test',
	name: 'Asta Admin',
	admin: true,
	password: PASSWORD
};
const KIM = { email: 'kim@netbrowser.test', name: 'Kim Koordinator', password: PASSWORD };

const suite = useBrowser({ users: [ADMIN, KIM] });

describe('the network page in a browser', () => {
	it('an admin adds a person by e-mail and appoints them coordinator with labelled forms', async () => {
		const page = suite.page;
		await signIn(page, ADMIN.email, PASSWORD);
		await page.goto('/meetings/networks');
		await page.getByRole('link', { name: 'Netværk for socialøkonomi' }).first().click();
		await page.getByRole('heading', { level: 1, name: 'Netværk for socialøkonomi' }).waitFor();

		await page.getByLabel('Tilføj person (e-mail)').fill('nobody@netbrowser.test');
		await page.getByRole('button', { name: 'Tilføj person' }).click();
		await page.getByText('Der er ingen bruger med den e-mail.').first().waitFor();
		await expectAccessible(page);

		await page.getByLabel('Tilføj person (e-mail)').fill(KIM.email);
		await page.getByRole('button', { name: 'Tilføj person' }).click();
		await page.getByRole('cell', { name: KIM.name, exact: true }).waitFor();
		await page.getByRole('button', { name: `Gør til koordinator: ${KIM.name}` }).click();
		await page.getByRole('button', { name: `Gør til medlem: ${KIM.name}` }).waitFor();
		// With one coordinator, the controls that would leave none are disabled.
		expect(
			await page.getByRole('button', { name: `Gør til medlem: ${KIM.name}` }).isDisabled()
		).toBe(true);
		await expectAccessible(page);
		expect(suite.pageErrors).toEqual([]);
	});
});
