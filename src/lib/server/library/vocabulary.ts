/** The managed vocabularies' starting terms, taken from the source documents. Admins add more. */
import type { Vocabulary } from '../../../../db/schema';

export interface SeedTerm {
	vocabulary: Vocabulary;
	slug: string;
	labelDa: string;
	labelEn: string;
}

export const seedTerms: SeedTerm[] = [
	{ vocabulary: 'theme', slug: 'fleksjob', labelDa: 'Fleksjob', labelEn: 'Flex jobs' },
	{
		vocabulary: 'theme',
		slug: 'ressourceforloeb',
		labelDa: 'Ressourceforløb',
		labelEn: 'Rehabilitation programmes'
	},
	{
		vocabulary: 'theme',
		slug: 'afknopning',
		labelDa: 'Afknopning',
		labelEn: 'Spin-offs from the municipality'
	},
	{
		vocabulary: 'theme',
		slug: 'landdistrikter',
		labelDa: 'Landdistrikter',
		labelEn: 'Rural areas'
	},
	{
		vocabulary: 'theme',
		slug: 'indkoeb-udbud',
		labelDa: 'Indkøb og udbud',
		labelEn: 'Procurement'
	},
	{ vocabulary: 'theme', slug: 'partnerskab', labelDa: 'Partnerskaber', labelEn: 'Partnerships' },
	{
		vocabulary: 'theme',
		slug: 'effektmaaling',
		labelDa: 'Effektmåling',
		labelEn: 'Impact measurement'
	},
	{
		vocabulary: 'theme',
		slug: 'raadgivning',
		labelDa: 'Rådgivning og iværksætteri',
		labelEn: 'Advice and entrepreneurship'
	},
	{ vocabulary: 'theme', slug: 'netvaerk', labelDa: 'Netværk', labelEn: 'Networks' },
	{
		vocabulary: 'theme',
		slug: 'strategi',
		labelDa: 'Strategi og politik',
		labelEn: 'Strategy and policy'
	},
	{
		vocabulary: 'theme',
		slug: 'boligomraader',
		labelDa: 'Udsatte boligområder',
		labelEn: 'Deprived housing areas'
	},
	{ vocabulary: 'target_group', slug: 'unge', labelDa: 'Unge', labelEn: 'Young people' },
	{
		vocabulary: 'target_group',
		slug: 'udsatte-borgere',
		labelDa: 'Udsatte borgere',
		labelEn: 'Vulnerable citizens'
	},
	{ vocabulary: 'target_group', slug: 'ledige', labelDa: 'Ledige', labelEn: 'Unemployed people' },
	{
		vocabulary: 'target_group',
		slug: 'nedsat-arbejdsevne',
		labelDa: 'Borgere med nedsat arbejdsevne',
		labelEn: 'People with reduced working capacity'
	},
	{
		vocabulary: 'target_group',
		slug: 'flygtninge',
		labelDa: 'Flygtninge og indvandrere',
		labelEn: 'Refugees and immigrants'
	},
	{
		vocabulary: 'target_group',
		slug: 'handicap',
		labelDa: 'Borgere med handicap',
		labelEn: 'People with disabilities'
	},
	{
		vocabulary: 'target_group',
		slug: 'psykisk-saarbare',
		labelDa: 'Psykisk sårbare',
		labelEn: 'People with mental-health problems'
	},
	{
		vocabulary: 'target_group',
		slug: 'virksomheder',
		labelDa: 'Virksomheder',
		labelEn: 'Enterprises'
	}
];
