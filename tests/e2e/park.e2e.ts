/**
 * The park and the impact dashboard in a browser: searching the directory, an advice request from
 * submission to answer, and the dashboard's charts, all checked with axe-core.
 * Uses the shared browser helper (playwright-core + Debian Chromium + @axe-core/playwright).
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, signIn, useBrowser } from '../helpers/browser';

const PASSWORD = 'park-browser-password';
const ADMIN = { email: 'chef@vc.example.org', name: 'Karen Krog', admin: true, password: PASSWORD };
const FOUNDER = { email: 'frida@ide.example.org', name: 'Frida Fisker', password: PASSWORD };

const suite = useBrowser({ users: [ADMIN, FOUNDER] });

describe('the park directory', () => {
	it('narrows the list as the visitor searches and filters, and passes axe', async () => {
		const { page } = suite;
		await page.goto('/park');
		expect(await page.locator('h1').innerText()).toBe('Erhvervsparken Staldgården');
		const all = await page.locator('li.enterprise').count();
		expect(all).toBeGreaterThan(10);
		await expectAccessible(page);

		await page.getByLabel('Søg i navn, beskrivelse, ydelser og brancher').fill('kunst');
		await Promise.all([
			page.waitForURL(/q=kunst/),
			page.getByRole('button', { name: 'Søg', exact: true }).click()
		]);
		expect(await page.locator('li.enterprise h2').allInnerTexts()).toEqual(['Kunstgruppen']);

		await page.getByLabel('Søg i navn, beskrivelse, ydelser og brancher').fill('');
		await page.getByLabel('Fase').selectOption('starting');
		await Promise.all([
			page.waitForURL(/stage=starting/),
			page.getByRole('button', { name: 'Søg', exact: true }).click()
		]);
		await page.getByRole('link', { name: /National socialøkonomisk virksomhed/ }).click();
		await page.waitForURL(/\/park\/national-/);
		expect(await page.locator('h1').innerText()).toContain('National socialøkonomisk virksomhed');
		// The dialogue is for the enterprise and its advisers, not for visitors.
		expect(await page.getByRole('heading', { name: 'Dialog', exact: true }).count()).toBe(0);
		await expectAccessible(page);
		expect(suite.pageErrors).toEqual([]);
	});
});

describe('one door in', () => {
	it('takes a question from the entrepreneur to the adviser’s answer', async () => {
		const { page } = suite;
		// The admin joins the knowledge centre's group, which takes questions from anywhere.
		await signIn(page, ADMIN.email, ADMIN.password);
		await page.goto('/park/advice/routing');
		const group = page.locator('article.group', { hasText: 'Videnscenter for Socialøkonomi' });
		await group.getByLabel('Tilføj rådgiver (e-mail)').fill(ADMIN.email);
		await Promise.all([
			page.waitForURL(/done=saved/),
			group.getByRole('button', { name: 'Tilføj', exact: true }).click()
		]);
		await expectAccessible(page);

		const founder = await suite.newPage();
		await signIn(founder, FOUNDER.email, FOUNDER.password);
		await founder.goto('/park/advice');
		await expectAccessible(founder);
		await founder.getByLabel('Emne').selectOption('registration');
		await founder.getByLabel('Kommune').selectOption('740');
		await founder.getByLabel('Overskrift').fill('Hvordan bliver vi RSV?');
		await founder
			.getByLabel('Beskriv dit spørgsmål')
			.fill('Vi er et ApS i Silkeborg med et socialt formål.');
		await Promise.all([
			founder.waitForURL(/\/park\/advice\/[0-9a-f-]{36}\?done=sent/),
			founder.getByRole('button', { name: 'Send spørgsmålet' }).click()
		]);
		expect(await founder.getByRole('status').innerText()).toBe(
			'Tak. Dit spørgsmål er sendt til Videnscenter for Socialøkonomi.'
		);
		const requestUrl = founder.url().split('?')[0];

		await page.goto('/park/advice/inbox');
		await expectAccessible(page);
		await page.getByRole('link', { name: 'Hvordan bliver vi RSV?' }).click();
		await page
			.getByRole('textbox', { name: 'Svar til spørgeren' })
			.fill('Ansøg hos Erhvervsstyrelsen; vi hjælper gerne med vedtægterne.');
		await Promise.all([
			page.waitForURL(/done=reply/),
			page.getByRole('button', { name: 'Send svar' }).click()
		]);
		await expectAccessible(page);

		await founder.goto(requestUrl);
		expect(await founder.locator('.thread').innerText()).toContain('Ansøg hos Erhvervsstyrelsen');
		expect(await founder.locator('dd.status').innerText()).toBe('Besvaret');
		await expectAccessible(founder);
		expect(suite.pageErrors).toEqual([]);
	});
});

describe('the impact dashboard', () => {
	it('draws a chart with a table beside it for each figure, and passes axe', async () => {
		const { page } = suite;
		await page.goto('/impact');
		expect(await page.locator('h1').innerText()).toBe('Effekt på tværs af kommuner');
		expect(await page.locator('dd[data-metric="enterprises_total"]').innerText()).toBe('76');
		const charts = page.locator('figure.chart');
		expect(await charts.count()).toBe(4);
		// LayerChart draws the bars in the browser: one per municipality in the first chart.
		await expect
			.poll(() => charts.first().locator('rect, path').count(), { timeout: 10_000 })
			.toBeGreaterThanOrEqual(14);
		expect(
			await page.locator('#chart-enterprises_total-heading ~ .side-by-side tbody tr').count()
		).toBe(17);
		await expectAccessible(page);

		// Compare with the live figures, filtered to one region.
		await page.getByLabel('Sammenlign med').selectOption('live');
		await page.getByLabel('Region').selectOption('Region Syddanmark');
		await Promise.all([
			page.waitForURL(/region=Region/),
			page.getByRole('button', { name: 'Vis', exact: true }).click()
		]);
		const kolding = page.locator('#chart-enterprises_total-heading ~ .side-by-side tbody tr', {
			hasText: 'Kolding'
		});
		expect((await kolding.innerText()).split(/\s+/)).toEqual(['Kolding', '7', '19', '-12']);
		await expectAccessible(page);
		expect(suite.pageErrors).toEqual([]);
	});

	it('fits a 320 px wide screen without horizontal scrolling', async () => {
		const narrow = await suite.newPage({ viewport: { width: 320, height: 700 } });
		await narrow.goto('/impact');
		const overflow = await narrow.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
	});
});
