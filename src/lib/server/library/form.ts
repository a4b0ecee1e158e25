/** Reads the entry form (pages) into the raw metadata the validator takes. */
import type { RawMetadata } from './validate';

const ROWS = 30;

export function rawFromForm(data: FormData): RawMetadata {
	const text = (name: string) => {
		const v = data.get(name);
		return typeof v === 'string' ? v : '';
	};
	const all = (name: string) => data.getAll(name).filter((v): v is string => typeof v === 'string');
	const partners = [];
	const indicators = [];
	for (let i = 0; i < ROWS; i++) {
		if (data.has(`partners.${i}.name`))
			partners.push({
				name: text(`partners.${i}.name`),
				role: text(`partners.${i}.role`),
				organisationId: text(`partners.${i}.organisationId`),
				description: text(`partners.${i}.description`)
			});
		if (data.has(`indicators.${i}.label`))
			indicators.push({
				label: text(`indicators.${i}.label`),
				value: text(`indicators.${i}.value`),
				unit: text(`indicators.${i}.unit`),
				period: text(`indicators.${i}.period`),
				source: text(`indicators.${i}.source`)
			});
	}
	return {
		kind: text('kind'),
		title: text('title'),
		summary: text('summary'),
		scope: text('scope'),
		periodStart: text('periodStart'),
		periodEnd: text('periodEnd'),
		municipalities: all('municipalities'),
		themes: all('themes'),
		targetGroups: all('targetGroups'),
		networks: all('networks'),
		partners,
		indicators,
		jobsCreated: text('jobsCreated'),
		flexJobs: text('flexJobs'),
		peopleInTraining: text('peopleInTraining'),
		peopleInRessourceforloeb: text('peopleInRessourceforloeb'),
		sroiRatio: text('sroiRatio')
	};
}
