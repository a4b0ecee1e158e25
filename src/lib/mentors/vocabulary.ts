/**
 * The managed vocabulary of the mentor directory: expertise tags, sectors, languages and ways to
 * meet. Profiles and requests store the slugs; labels come from the message files, so the same
 * profile reads in Danish and English. Adding a tag means adding it here and its two labels.
 */
import { m } from '../paraglide/messages';

export const expertiseTags = [
	'business_model',
	'financing',
	'procurement',
	'hr_inclusive_employment',
	'impact_measurement',
	'legal_forms_rsv',
	'marketing_sales',
	'municipal_partnership',
	'governance',
	'spin_off'
] as const;
export type ExpertiseTag = (typeof expertiseTags)[number];

export const sectors = [
	'food_cafe',
	'cleaning_facility',
	'crafts_production',
	'retail_recycling',
	'it_digital',
	'care_health',
	'culture_tourism',
	'green_environment',
	'services'
] as const;
export type Sector = (typeof sectors)[number];

export const languages = ['da', 'en', 'de', 'ar', 'uk', 'so', 'tr', 'fa', 'pl'] as const;
export type Language = (typeof languages)[number];

export const meetingModes = ['online', 'in_person'] as const;
export type MeetingMode = (typeof meetingModes)[number];

type Locale = 'da' | 'en';
type Label = (inputs?: Record<string, never>, options?: { locale?: Locale }) => string;

const tagLabels: Record<ExpertiseTag, Label> = {
	business_model: m.mentor_tag_business_model,
	financing: m.mentor_tag_financing,
	procurement: m.mentor_tag_procurement,
	hr_inclusive_employment: m.mentor_tag_hr_inclusive_employment,
	impact_measurement: m.mentor_tag_impact_measurement,
	legal_forms_rsv: m.mentor_tag_legal_forms_rsv,
	marketing_sales: m.mentor_tag_marketing_sales,
	municipal_partnership: m.mentor_tag_municipal_partnership,
	governance: m.mentor_tag_governance,
	spin_off: m.mentor_tag_spin_off
};

const sectorLabels: Record<Sector, Label> = {
	food_cafe: m.mentor_sector_food_cafe,
	cleaning_facility: m.mentor_sector_cleaning_facility,
	crafts_production: m.mentor_sector_crafts_production,
	retail_recycling: m.mentor_sector_retail_recycling,
	it_digital: m.mentor_sector_it_digital,
	care_health: m.mentor_sector_care_health,
	culture_tourism: m.mentor_sector_culture_tourism,
	green_environment: m.mentor_sector_green_environment,
	services: m.mentor_sector_services
};

const languageLabels: Record<Language, Label> = {
	da: m.mentor_lang_da,
	en: m.mentor_lang_en,
	de: m.mentor_lang_de,
	ar: m.mentor_lang_ar,
	uk: m.mentor_lang_uk,
	so: m.mentor_lang_so,
	tr: m.mentor_lang_tr,
	fa: m.mentor_lang_fa,
	pl: m.mentor_lang_pl
};

const modeLabels: Record<MeetingMode, Label> = {
	online: m.mentor_mode_online,
	in_person: m.mentor_mode_in_person
};

const is =
	<T extends string>(list: readonly T[]) =>
	(value: unknown): value is T =>
		typeof value === 'string' && (list as readonly string[]).includes(value);

export const isTag = is(expertiseTags);
export const isSector = is(sectors);
export const isLanguage = is(languages);
export const isMode = is(meetingModes);

const label =
	<T extends string>(labels: Record<T, Label>, guard: (v: unknown) => v is T) =>
	(value: string, locale?: Locale): string =>
		guard(value) ? labels[value]({}, locale ? { locale } : undefined) : value;

export const tagLabel = label(tagLabels, isTag);
export const sectorLabel = label(sectorLabels, isSector);
export const languageLabel = label(languageLabels, isLanguage);
export const modeLabel = label(modeLabels, isMode);

/** The words a profile is found by besides its own text: names and tag labels in both languages. */
export function searchTextFor(
	name: string,
	organisation: string,
	expertise: string[],
	sectorList: string[]
): string {
	return [
		name,
		organisation,
		...expertise.flatMap((t) => [tagLabel(t, 'da'), tagLabel(t, 'en')]),
		...sectorList.flatMap((s) => [sectorLabel(s, 'da'), sectorLabel(s, 'en')])
	].join(' ');
}
