import { describe, expect, it } from 'vitest';
import { expectAccessible, signIn, useBrowser } from '../helpers/browser';

const PASSWORD = 'mentors-browser-password';
const MENTOR = {
	email: 'mira@fond.test',
	name: 'Mira Mentorsen',
	org: 'Fond for Test',
	role: 'member',
	password: PASSWORD
};
const MENTEE = { email: 'ivan@start.test', name: 'Ivan Iværksen', password: PASSWORD };

const suite = useBrowser({ users: [MENTOR, MENTEE] });

describe('finding a mentor and starting a mentorship in the browser', () => {
	it('filters, sends a request, sees it accepted live from the other account, and talks live', async () => {
		const mentor = suite.page;
		await signIn(mentor, MENTOR.email, PASSWORD);
		await mentor.goto('/mentors/profile');
		await expectAccessible(mentor);
		await mentor.getByLabel('Overskrift').fill('Finansiering for caféer med fleksjob');
		await mentor.getByRole('checkbox', { name: 'Finansiering' }).check();
		await mentor.locator('#municipalityCode').selectOption({ label: 'Kolding' });
		await mentor.getByLabel('Kontakt-e-mail (valgfri)').fill('mira.direkte@fond.test');
		await mentor.getByRole('button', { name: 'Gem profilen' }).click();
		await mentor.getByText('Din mentorprofil er gemt.').waitFor();

		const mentee = await suite.newPage();
		await signIn(mentee, MENTEE.email, PASSWORD);
		await mentee.goto('/mentors');
		await mentee.getByRole('checkbox', { name: 'Finansiering' }).check();
		await mentee.getByRole('checkbox', { name: 'Region Syddanmark' }).check();
		await mentee.getByRole('button', { name: 'Find mentorer' }).click();
		await mentee.waitForURL(/tag=financing/);
		const card = mentee.locator('li.mentor', { hasText: MENTOR.name });
		expect(await card.locator('.reasons').innerText()).toBe(
			'Matcher: Finansiering, Region Syddanmark'
		);
		await expectAccessible(mentee);

		await card.getByRole('link', { name: MENTOR.name }).click();
		await mentee.getByRole('heading', { level: 1, name: MENTOR.name }).waitFor();
		expect(await mentee.content()).not.toContain('mira.direkte@fond.test');
		// The needs from the search travel along to the request form.
		expect(await mentee.getByRole('checkbox', { name: 'Finansiering' }).isChecked()).toBe(true);
		await expectAccessible(mentee);
		await mentee
			.getByLabel('Dit behov')
			.fill('Jeg vil åbne en café med fleksjob og mangler en finansieringsplan.');
		await mentee.getByRole('button', { name: 'Send anmodning' }).click();
		await mentee.getByText('Din anmodning er sendt.').waitFor();
		expect(await mentee.locator('.status').getAttribute('data-status')).toBe('pending');
		await expectAccessible(mentee);

		// The mentor answers from their own account; the mentee's open page follows live.
		await mentor.goto('/mentors/requests');
		await mentor.getByRole('link', { name: MENTEE.name }).click();
		await mentor.getByLabel(`Besked til ${MENTEE.name}`).fill('Velkommen! Lad os mødes online.');
		await expectAccessible(mentor);
		await mentor.getByRole('button', { name: 'Acceptér' }).click();
		await mentor.getByText('Du har accepteret anmodningen.').waitFor();

		await mentee.locator('.status[data-status="accepted"]').waitFor();
		// The header heard it too: a live notice with a link, and the unread count from the server.
		await mentee.getByTestId('live-notice').getByRole('link').waitFor();
		await expect.poll(() => mentee.getByTestId('unread-count').innerText()).toBe('1');
		await mentee.getByText('mira.direkte@fond.test').waitFor();
		await mentee.getByText('Velkommen! Lad os mødes online.').waitFor();

		// Both pages are joined to the conversation; a message from one appears on the other.
		await mentor.getByText('Opdateres live').waitFor();
		await mentee.getByText('Opdateres live').waitFor();
		await mentee.getByLabel('Ny besked').fill('Tak, Mira! Passer tirsdag?');
		await mentee.getByRole('button', { name: 'Send', exact: true }).click();
		await mentor.locator('.messages li', { hasText: 'Tak, Mira! Passer tirsdag?' }).waitFor();
		// The field empties when the server acknowledges, which may come just after the broadcast.
		await expect.poll(() => mentee.getByLabel('Ny besked').inputValue()).toBe('');
		await expectAccessible(mentor);

		// At 320 px the conversation page does not scroll sideways.
		const narrow = await suite.newPage({ viewport: { width: 320, height: 640 } });
		await signIn(narrow, MENTEE.email, PASSWORD);
		await narrow.goto(mentee.url());
		const overflow = await narrow.evaluate(
			() => document.documentElement.scrollWidth - window.innerWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
		expect(suite.pageErrors).toEqual([]);
	});
});
