/**
 * Organisations from the source documents. Annex 1 of the 2015 experience report lists the
 * social-economy enterprises each municipality works with; an enterprise named by several
 * municipalities is seeded once, under the first. Fragments of the scanned list are left out.
 */
export const annex1: Array<{ municipality: string | null; names: string[]; note?: string }> = [
	{ municipality: 'Frederikshavn', names: ['Topvirk', 'Nr. Vesterskov', 'Knivholt'] },
	{
		municipality: 'Vejle',
		names: [
			'Pattern Like',
			'UpCommers',
			'Dyrk Vejle',
			'VIFIN',
			'TUC Socialøkonomisk Virksomhed',
			'Virksomhedsporten',
			'SuperWerk',
			'BuddhaBikes',
			'Dansksimulatoren'
		]
	},
	{ municipality: 'Randers', names: ['Borup Service'] },
	{
		municipality: 'Silkeborg',
		names: [
			'Updesign ApS',
			'Æblespecialisterne ApS',
			'Assistanze IVS',
			'Mental Sundhedscenter IVS',
			'Coligo IVS',
			'Handi Boat IVS',
			'BOAS Specialister ApS',
			'Børnenes Kartel ApS',
			'Base To Go ApS'
		]
	},
	{
		municipality: 'Kolding',
		names: [
			'Slotssøbadet',
			'BeeLiving',
			'Soul Café',
			'No. 29 Coffee & Print',
			'Special Solutions',
			'DanCamps',
			'Kunstgruppen',
			'Glad Design',
			'Glad Erhverv',
			'Glad Fagskole / Glad Flex',
			'Legehytten',
			'fødevarerBanken',
			'Borups Pakkeri',
			'Allehånde',
			'Gadens Stemmer',
			'Place de Bleu',
			'Send Flere Krydderier',
			'Blindes Arbejde'
		]
	},
	{
		municipality: 'Jammerbugt',
		names: [
			'Råd & Dåd S.M.B.A.',
			'Hjortdal Købmandshandel A.M.B.A.',
			'Fonden NordVirk',
			'Stiftelsen Købmandsgården',
			'Skovsgaard Hotel',
			'Re-cykel ApS'
		]
	},
	{
		municipality: 'Roskilde',
		names: ['INSPI', 'Sct. Hans Have', 'Fiora Haveterapi', 'Skolerne i Boserup']
	},
	{ municipality: null, names: ['Grennessminde'], note: 'Samarbejder med Albertslund Kommune.' },
	{
		municipality: 'Næstved',
		names: [
			'Næstved Sociale Virksomhed',
			'Frivillighedscentret',
			'Markkloppen',
			'Tybjerglille Brugs',
			'DUKAN IT'
		]
	},
	{ municipality: 'Favrskov', names: ['Huset Venture'] },
	{ municipality: 'Skive', names: ['Salling Genbyg', 'Handigood', 'Bustrup'] },
	{ municipality: 'Slagelse', names: ['Sumak', 'Bevar', 'VeteranHaven'] },
	{ municipality: 'Horsens', names: ['Integrationsnet Sundhedscafeen'] },
	{ municipality: 'Skanderborg', names: ['Bistad', 'Living by Heart', 'Feast'] }
];

/** Knowledge partners named in the Kolding strategy and slides. */
export const partners = [
	{
		name: 'Syddansk Universitet (SDU)',
		kind: 'university',
		municipality: 'Odense',
		website: 'https://www.sdu.dk'
	},
	{
		name: 'Roskilde Universitet (RUC)',
		kind: 'university',
		municipality: 'Roskilde',
		website: 'https://ruc.dk'
	},
	{
		name: 'Copenhagen Business School (CBS)',
		kind: 'university',
		municipality: 'Frederiksberg',
		website: 'https://www.cbs.dk'
	},
	{
		name: 'Den Sociale Kapitalfond',
		kind: 'fund',
		municipality: 'København',
		website: 'https://densocialekapitalfond.dk'
	},
	{
		name: 'Videnscenter for Socialøkonomi',
		kind: 'business_support',
		municipality: 'Kolding',
		website: null
	}
] as const;
