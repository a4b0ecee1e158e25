import { describe, expect, it } from 'vitest';
import { expectAccessible, signIn, useBrowser } from '../helpers/browser';
import { Client } from '../helpers/http';
import { createMeeting } from '../helpers/meetings';

const PASSWORD = 'meetings-browser-pw';
const CHAIR = {
	email: 'chair@browser.test',
	name: 'Cecilie Chair',
	admin: true,
	password: PASSWORD
};
const ALICE = { email: 'alice@browser.test', name: 'Alice Amstrup', password: PASSWORD };

const suite = useBrowser({ users: [CHAIR, ALICE] });

describe('the meeting room in two browsers', () => {
	it('a member raises a hand, the chair gives them the floor and moves the agenda; both see it live', async () => {
		const chairHttp = new Client(suite.app.url);
		await chairHttp.signIn(CHAIR.email, PASSWORD);
		const id = await createMeeting(chairHttp, { title: 'Kvartalsmøde i netværket' });
		for (const itemTitle of ['Velkomst', 'Nyt fra medlemmerne']) {
			await chairHttp.post(`/meetings/${id}/manage?/addItem`, {
				itemTitle,
				itemTime: '14:00',
				itemDuration: '15',
				itemPresenter: ''
			});
		}

		// Alice registers from the meeting page, without scripts needed.
		const alice = suite.page;
		await signIn(alice, ALICE.email, PASSWORD);
		await alice.goto(`/meetings/${id}`);
		await alice.getByRole('button', { name: 'Tilmeld mig' }).click();
		await alice.getByTestId('reg-status').waitFor();
		expect(await alice.getByTestId('reg-status').innerText()).toBe('Du er tilmeldt.');
		await alice.getByRole('link', { name: 'Gå til mødelokalet' }).click();
		await alice.waitForURL(`**/meetings/${id}/room`);

		const chair = await suite.newPage();
		await signIn(chair, CHAIR.email, PASSWORD);
		await chair.goto(`/meetings/${id}/room`);

		for (const page of [alice, chair]) {
			await page.getByTestId('room-status').filter({ hasText: 'Forbundet' }).waitFor();
		}
		await chair.getByTestId('presence').getByText(ALICE.name).waitFor();
		await alice.getByTestId('presence').getByText(CHAIR.name).waitFor();
		// The arrival is written where sighted users see it, not only read out.
		await alice.getByTestId('activity').getByText(`${CHAIR.name} kom ind i lokalet.`).waitFor();
		expect(await alice.getByTestId('activity').isVisible()).toBe(true);

		// The chair adds an agenda item on the manage page; the open room shows it without a reload.
		await chairHttp.post(`/meetings/${id}/manage?/addItem`, {
			itemTitle: 'Eventuelt',
			itemTime: '15:30',
			itemDuration: '10',
			itemPresenter: ''
		});
		await alice.locator('ol.agenda li', { hasText: 'Eventuelt' }).waitFor();
		await alice.getByTestId('activity').getByText('Dagsordenen er ændret.').waitFor();

		await alice.getByRole('button', { name: 'Ræk hånden op' }).click();
		await chair.getByTestId('hands').getByText(ALICE.name).waitFor();
		await alice.getByRole('button', { name: 'Tag hånden ned' }).waitFor();

		await chair.getByRole('button', { name: 'Giv ordet til den næste' }).click();
		await alice
			.getByTestId('called')
			.filter({ hasText: `${ALICE.name} har ordet.` })
			.waitFor();
		await alice.getByRole('button', { name: 'Ræk hånden op' }).waitFor();
		expect(await chair.getByText('Ingen har rakt hånden op.').isVisible()).toBe(true);

		// Members have no agenda controls; the chair moves the agenda and Alice sees it.
		expect(await alice.getByRole('button', { name: /Gør til aktuelt punkt/ }).count()).toBe(0);
		await chair.getByRole('button', { name: 'Gør til aktuelt punkt: Nyt fra medlemmerne' }).click();
		await alice.locator('li[aria-current="step"]', { hasText: 'Nyt fra medlemmerne' }).waitFor();

		// Chat is shown as text, markup and all.
		await alice.getByLabel('Besked').fill('<b>Hej</b> alle');
		await alice.getByRole('button', { name: 'Send' }).click();
		await chair.getByTestId('chat').getByText('<b>Hej</b> alle').waitFor();
		expect(await chair.getByTestId('chat').locator('b').count()).toBe(0);

		// The minutes beside the room are one document: Alice writes, the chair sees it.
		const aliceMinutes = alice.getByRole('textbox', { name: 'Referat' });
		await aliceMinutes.waitFor();
		await chair.getByRole('textbox', { name: 'Referat' }).waitFor();
		await aliceMinutes.click();
		await alice.keyboard.press('Control+End');
		await alice.keyboard.press('Enter');
		await alice.keyboard.type('Alice noterer: næste møde i Odense.');
		await chair.getByText('Alice noterer: næste møde i Odense.').waitFor();

		await expectAccessible(chair);
		await expectAccessible(alice);
		expect(suite.pageErrors).toEqual([]);
	});
});
