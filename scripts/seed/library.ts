/**
 * The library's starting content: the managed vocabularies, the social-economy network with the 17
 * municipalities of the 2015 experience report, and library entries written in Danish from the
 * facts of the source documents (the four case articles, the five municipality-as-customer
 * examples, the Slagelse terms of reference, the Kolding definition and the 2019 policy). Everything
 * is published with scope `public`. People named in the documents are not made users. Idempotent.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { cases, libraryTerms, networkMembers, networks, organisations } from '../../db/schema';
import { insertSeeded } from '../../src/lib/server/library/entries';
import type { Metadata, PartnerInput } from '../../src/lib/server/library/validate';
import { seedTerms } from '../../src/lib/server/library/vocabulary';
import { readSeedCsv } from './csv';

export const SOCIAL_ECONOMY_NETWORK = 'netvaerk-for-socialoekonomi';

type P = Omit<PartnerInput, 'organisationId' | 'description'> & { description?: string };

interface SeedEntry extends Partial<Metadata> {
	kind: Metadata['kind'];
	title: string;
	summary: string;
	owner: string;
	publishedAt: string;
	body: string;
	partnersBy?: P[];
}

const entries: SeedEntry[] = [
	{
		kind: 'case',
		title: 'Kolding: En strategisk dagsorden for hele kommunen',
		owner: 'Kolding Kommune',
		publishedAt: '2015-12-15',
		periodStart: '2014-10-01',
		periodEnd: '2015-12-31',
		municipalities: ['621'],
		themes: ['strategi', 'afknopning', 'indkoeb-udbud', 'netvaerk'],
		targetGroups: ['udsatte-borgere', 'virksomheder'],
		summary:
			'Kolding forankrede socialøkonomien i direktionen og på tværs af forvaltningerne, gav virksomhederne én indgang til kommunen og tiltrak på kort tid syv socialøkonomiske virksomheder, mens 13 flere var på vej ved udgangen af 2015.',
		partnersBy: [
			{
				name: 'Kolding Kommune',
				role: 'owner',
				description: 'Styregruppe for socialøkonomi på direktørniveau'
			},
			{
				name: 'Business Kolding',
				role: 'adviser',
				description: 'Kommunens erhvervsorganisation; sikrer det forretningsmæssige grundlag'
			},
			{
				name: 'BOAS Specialister ApS',
				role: 'partner',
				description: 'Etableret socialøkonomisk virksomhed, der åbnede afdeling i Kolding'
			},
			{
				name: 'Virksomhedsporten',
				role: 'operator',
				description: 'Vandt udbuddet på biblioteksydelser'
			}
		],
		indicators: [
			{
				label: 'Socialøkonomiske virksomheder i kommunen',
				value: 7,
				unit: 'virksomheder',
				period: 'udgangen af 2015',
				source: 'Erfaringsopsamling 2015, tabel 1'
			},
			{
				label: 'Virksomheder på vej',
				value: 13,
				unit: 'virksomheder',
				period: 'udgangen af 2015',
				source: 'Erfaringsopsamling 2015, tabel 1'
			},
			{
				label: 'Mål for nye socialøkonomiske virksomheder',
				value: 10,
				unit: 'virksomheder',
				period: 'inden udgangen af 2015',
				source: 'Overskud giver overskud, 2014'
			}
		],
		body: `<h2>Udgangspunkt</h2><p>Kolding havde længe set socialøkonomi som et middel til et arbejdsmarked med plads til alle, men først med den reviderede strategi <em>Overskud giver overskud</em> i slutningen af 2014 blev det til en model, der kunne omsættes til handling. Kommunen blev kåret som årets socialøkonomiske kommune i 2015.</p>
<h2>Mål</h2><ul><li><p>Mindst ti nye socialøkonomiske virksomheder inden udgangen af 2015.</p></li><li><p>Inspirere almindelige virksomheder til at agere socialøkonomisk.</p></li><li><p>Undersøge muligheden for kommunale knopskydninger (afknopning).</p></li><li><p>Etablere en erhvervspark og et videncenter for socialøkonomi i Staldgården ved Koldinghus.</p></li></ul>
<h2>Organisering</h2><p>Arbejdet er forankret i den øverste direktion med en tværgående styregruppe og tværfaglige seminarer. Den største udfordring var det interne samarbejde: for meget udsatte borgere virker en kombination af tilbud, som ofte ligger under forskellige lovgivninger og forvaltninger. Medarbejdere på tværs af forvaltninger blev derfor bragt sammen, så de lærte hinandens muligheder at kende.</p>
<h2>Én indgang og tæt virksomhedskontakt</h2><p>Socialøkonomiske virksomheder får én indgang til kommunen. Erhvervsorganisationen Business Kolding sikrer det forretningsmæssige grundlag i nye initiativer. Kommunen har også tiltrukket etablerede virksomheder, bl.a. BOAS Specialister ApS, og Koldingbibliotekernes logistik- og serviceopgaver blev vundet i udbud af Virksomhedsporten A/S – på pris, service og kvalitet.</p>
<h2>Resultater</h2><table><tbody><tr><th><p>Opgørelse</p></th><th><p>Antal</p></th></tr><tr><td><p>Socialøkonomiske virksomheder, udgangen af 2015</p></td><td><p>7</p></td></tr><tr><td><p>Heraf registrerede</p></td><td><p>3</p></td></tr><tr><td><p>Virksomheder på vej</p></td><td><p>13</p></td></tr></tbody></table>`
	},
	{
		kind: 'case',
		title: 'Jammerbugt: Socialøkonomiske partnerskaber som motor i landdistriktsudviklingen',
		owner: 'Jammerbugt Kommune',
		publishedAt: '2015-12-15',
		periodStart: '2015-05-01',
		municipalities: ['849'],
		themes: ['landdistrikter', 'partnerskab', 'netvaerk'],
		targetGroups: ['udsatte-borgere', 'ledige'],
		summary:
			'En forpligtende partnerskabsaftale fra maj 2015 mellem Jammerbugt Kommune og seks socialøkonomiske virksomheder – et hotel, en landsbyservice, en it-virksomhed og et økologisk gartneri blandt dem – gør socialøkonomien til motor for landdistrikterne og for beskæftigelsen af udsatte borgere.',
		partnersBy: [
			{
				name: 'Jammerbugt Kommune',
				role: 'lead',
				description: 'Facilitator, handleplan og kortlægning af potentialet'
			},
			{ name: 'Råd & Dåd S.M.B.A.', role: 'partner' },
			{ name: 'Skovsgaard Hotel', role: 'partner' },
			{ name: 'Hjortdal Købmandshandel A.M.B.A.', role: 'partner' },
			{ name: 'Fonden NordVirk', role: 'partner' },
			{ name: 'Re-cykel ApS', role: 'partner' },
			{ name: 'Stiftelsen Købmandsgården', role: 'partner' }
		],
		indicators: [
			{
				label: 'Virksomheder i partnerskabsaftalen',
				value: 6,
				unit: 'virksomheder',
				period: 'maj 2015',
				source: 'Erfaringsopsamling 2015'
			},
			{
				label: 'Socialøkonomiske virksomheder i kommunen',
				value: 7,
				unit: 'virksomheder',
				period: '2015',
				source: 'Erfaringsopsamling 2015, tabel 1'
			}
		],
		body: `<h2>Partnerskabsaftalen</h2><p>I maj 2015 lancerede kommunen og seks socialøkonomiske virksomheder en fælles partnerskabsaftale. Formålet er at styrke sammenhængen mellem den socialøkonomiske virksomhedsform og kommunens interesser inden for beskæftigelse, det sociale område, erhverv, turisme og landdistriktsudvikling. Aftalen er en hensigtserklæring med en tilhørende handleplan; første del var en analyse af virksomhedernes forretningspotentiale fulgt af en bootcamp i forretningsudvikling.</p>
<h3>Kommunens rolle</h3><ul><li><p>Facilitator for partnerskabet.</p></li><li><p>Sparring og vejledning om drift og opstart.</p></li><li><p>Ansvarlig for handleplanen og for en kortlægning af det socialøkonomiske udviklingspotentiale.</p></li></ul>
<h3>Virksomhedernes rolle</h3><ul><li><p>Stiller viden og erfaringer til rådighed.</p></li><li><p>Byder ind med initiativer til beskæftigelse af udsatte borgere.</p></li><li><p>Bidrager med kendskab til nøglepersoner og ildsjæle i nærområdet.</p></li></ul>
<h2>Beskæftigelse</h2><p>Kommunen og virksomhederne gennemgik sammen beskæftigelseslovgivningen og aktiveringsstrategien. Virksomhedernes styrke viser sig især for borgere længst fra arbejdsmarkedet – flere har fx en henteordning, hvor medarbejderen hentes hjemme og køres på arbejde.</p>
<h2>Ildsjæle i landsbyerne</h2><p>Nye idéer skal vokse nedefra i dialog med lokalbefolkningen og lokalrådene. Den lokale købmand, der løfter et behov beboerne selv har formuleret, kan også vande blomster, vaske byskilte eller sætte flagallé op. De socialøkonomiske mål skrives ind i kommunens planstrategi, og borgmesteren leder følgegruppen for aftalen.</p>`
	},
	{
		kind: 'case',
		title: 'Slagelse: Socialøkonomiske virksomheder i beskæftigelsesindsatsen',
		owner: 'Slagelse Kommune',
		publishedAt: '2015-12-15',
		periodStart: '2014-08-12',
		municipalities: ['330'],
		themes: ['fleksjob', 'ressourceforloeb', 'raadgivning'],
		targetGroups: ['nedsat-arbejdsevne', 'ledige', 'udsatte-borgere'],
		summary:
			'Jobcenter Slagelse driver socialøkonomi som en af tre investeringsstrategier med krav om konkrete job: 28 fleksjob indtil videre, en ny model for ressourceforløb i rigtige virksomheder og én indgang for socialøkonomiske iværksættere.',
		flexJobs: 28,
		partnersBy: [
			{
				name: 'Slagelse Kommune',
				role: 'owner',
				description: 'Jobcentret, Arbejdsmarked og Integration'
			},
			{
				name: 'Musholm',
				role: 'partner',
				description: 'Lagde rengøring om til eftermiddagen af hensyn til fleksjobbere'
			},
			{ name: 'Sparekassen Sjælland', role: 'adviser' },
			{
				name: '3F, FOA og HK',
				role: 'adviser',
				description: 'Overenskomster og ansættelsesvilkår'
			},
			{ name: 'Landudvikling Slagelse', role: 'funder', description: 'Puljemidler' }
		],
		indicators: [
			{
				label: 'Mål i businesscasen: fleksjobbere ansat',
				value: 30,
				unit: 'personer',
				period: '2015',
				source: 'Kommissorium, Slagelse Kommune 2015'
			}
		],
		body: `<h2>En businesscase med krav om job</h2><p>Indsatsen er én af jobcentrets tre investeringsstrategier og rummer en dobbelt opgave: at etablere socialøkonomiske initiativer og virksomheder – og at skabe job til ledige med nedsat arbejdsevne. Resultaterne afgør, om investeringen fortsætter næste år. Indtil nu er der skabt 28 fleksjob.</p>
<h2>Match mellem job og borger</h2><p>Jobcentrets konsulenter kortlægger sammen med en coach kompetencer, styrker og talenter hos personer på ledighedsydelse, og rekrutteringen tager afsæt i opgaverne, rammerne og kulturen i virksomheden. Socialøkonomiske virksomheder er gode til at tilpasse arbejdsgange – Musholm lagde fx en del af rengøringen om fra morgen til eftermiddag af hensyn til medarbejdere i fleksjob.</p>
<h2>Ny model for ressourceforløb</h2><p>Kommunen udvikler samarbejdsaftaler med socialøkonomiske virksomheder, der har borgere i ressourceforløb. Forløbet skal foregå i en rigtig virksomhed og sigte mod et job dér eller i en anden virksomhed bagefter: det handler om arbejdsidentitet og job, ikke om pladser.</p>
<h2>Én indgang</h2><p>Samarbejder med Sparekassen Sjælland, 3F, FOA og HK, Landudvikling Slagelse, erhvervscentret og boligorganisationerne giver socialøkonomiske iværksættere én indgang. Indsatsen er koblet til kommunens CSR-strategi og rapporteres løbende til Beskæftigelses- og Integrationsudvalget.</p>`
	},
	{
		kind: 'case',
		title: 'Silkeborg: Erhvervslivet tager socialøkonomisk ansvar',
		owner: 'Silkeborg Kommune',
		publishedAt: '2015-12-15',
		periodStart: '2013-01-01',
		periodEnd: '2020-12-31',
		municipalities: ['740'],
		themes: ['raadgivning', 'netvaerk', 'afknopning', 'strategi'],
		targetGroups: ['udsatte-borgere', 'virksomheder', 'flygtninge'],
		summary:
			'Silkeborg samarbejder tæt med det eksisterende erhvervsliv: én indgang til råd og vejledning, tæt kontakt i etableringsfasen, Inhouse-modellen og et virksomhedsnetværk, der mødes hver tredje måned. Målet for 2020 er 20 nye registrerede virksomheder og 150 stillinger til udsatte borgere.',
		partnersBy: [
			{ name: 'Silkeborg Kommune', role: 'lead', description: 'Job- og Borgerserviceafdelingen' },
			{ name: 'Jobcenter Silkeborg', role: 'partner', description: 'Rekruttering og fast kontakt' },
			{
				name: 'erhvervSilkeborg',
				role: 'adviser',
				description: 'Kursusforløb og gratis vejledning'
			},
			{ name: 'Frivilligcenter Silkeborg', role: 'partner' }
		],
		indicators: [
			{
				label: 'Mål: nye registrerede socialøkonomiske virksomheder',
				value: 20,
				unit: 'virksomheder',
				period: 'til 2020',
				source: 'Strategi for socialøkonomiske virksomheder til 2020'
			},
			{
				label: 'Mål: virksomheder der har anvendt Inhouse-modellen',
				value: 20,
				unit: 'virksomheder',
				period: 'til 2020',
				source: 'Strategi for socialøkonomiske virksomheder til 2020'
			},
			{
				label: 'Mål: stillinger til udsatte borgere',
				value: 150,
				unit: 'stillinger',
				period: 'til 2020',
				source: 'Strategi for socialøkonomiske virksomheder til 2020'
			}
		],
		body: `<h2>Baggrund</h2><p>I 2013 startede Job- og Borgerserviceafdelingen et projekt for at fremme opstarten af socialøkonomiske virksomheder. Sammen med Jobcenter Silkeborg, erhvervSilkeborg og Frivilligcenter Silkeborg blev der skabt én fælles indgang til råd og vejledning. Den nye strategi lægger vægt på den demografiske udvikling med flere ældre og færre i arbejde og på et stigende antal flygtninge.</p>
<h2>Succeskriterier for 2020</h2><ul><li><p>20 nye registrerede socialøkonomiske virksomheder, heraf afknopning af offentlige aktiviteter.</p></li><li><p>20 virksomheder har anvendt Inhouse-modellen, hvor større virksomheder tager en gruppe borgere på kanten af arbejdsmarkedet ind og skaber de rette rammer.</p></li><li><p>150 stillinger til udsatte borgere.</p></li><li><p>Silkeborg er blandt landets førende kommuner i samarbejdet med socialøkonomiske virksomheder.</p></li></ul>
<h2>Tæt kontakt – også i starten</h2><p>Projektlederen besøger virksomhederne, fortæller om muligheden for at arbejde socialøkonomisk og giver en fast kontakt i etableringsfasen, hvor virksomhederne er mest sårbare. Virksomhederne får lettere adgang til fondsmidler, kommunen får lettere ved at købe hos dem, og en Task Force i Udviklingsafdelingen formidler kontakt til erhvervsmæglere.</p>
<h2>Virksomhedsnetværk</h2><p>Et netværk for erhverv, socialøkonomiske virksomheder og kommunen mødes hver tredje måned med deltagelse af Jobcenter Silkeborg. Første møde var den 12. november 2015.</p>`
	},
	{
		kind: 'case',
		title: 'Kantine i Silkeborg forpagtes af socialøkonomisk virksomhed',
		owner: 'Silkeborg Kommune',
		publishedAt: '2015-12-16',
		periodStart: '2014-01-01',
		municipalities: ['740'],
		themes: ['indkoeb-udbud', 'fleksjob'],
		targetGroups: ['udsatte-borgere', 'nedsat-arbejdsevne'],
		summary:
			'Kommunen lod kantinen på Handelsskolen i Silkeborg forpagte af den socialøkonomiske virksomhed Sterk ApS, der beskæftiger ti medarbejdere i fleksjob.',
		flexJobs: 10,
		partnersBy: [
			{ name: 'Silkeborg Kommune', role: 'customer' },
			{
				name: 'Sterk ApS',
				role: 'operator',
				description: 'Kantine, rengøring, haveservice og pedelopgaver'
			}
		],
		body: `<p>Silkeborg Kommune ville skabe flere arbejdspladser for socialt udsatte og besluttede, at kantinen på Handelsskolen skulle forpagtes af en socialøkonomisk virksomhed, som kunne rumme en andel socialt udsatte medarbejdere.</p><p>Forpagter blev Sterk ApS fra Salten uden for Silkeborg, etableret i 2014. Virksomheden er et beskæftigelsestilbud til udsatte og sårbare borgere med løsninger inden for kantine, rengøring, haveservice og pedelopgaver. De fleste er ansat på nedsat tid: et meningsfuldt arbejde betyder meget, også når det kun er få timer om dagen.</p><h2>Resultat</h2><p>Kantinen drives med ti ansatte i fleksjob.</p>`
	},
	{
		kind: 'case',
		title: 'Koldingbibliotekernes opgaver udbudt og vundet af socialøkonomisk virksomhed',
		owner: 'Kolding Kommune',
		publishedAt: '2015-12-16',
		periodStart: '2015-01-01',
		municipalities: ['621'],
		themes: ['indkoeb-udbud', 'fleksjob'],
		targetGroups: ['nedsat-arbejdsevne'],
		summary:
			'Første gang i Danmark, at et bibliotek har tænkt socialøkonomi ind i centrale opgaver: RSV Virksomhedsporten A/S vandt udbuddet på logistik- og serviceydelser – på kvalitet, pris og innovation – med medarbejdere i fleksjob.',
		partnersBy: [
			{ name: 'Koldingbibliotekerne', role: 'customer' },
			{
				name: 'Virksomhedsporten',
				role: 'operator',
				description: 'Sorteringsmaskine, genplacering, bestillinger og forsendelse'
			}
		],
		body: `<p>Koldingbibliotekerne udbød deres logistik- og servicerelaterede opgaver efter en designproces, der afdækkede, om opgaverne kunne løses socialøkonomisk. Tilbudsgiverne blev målt på kvalitet, pris og evne til innovation – ikke alene på at være socialøkonomiske.</p><p>Virksomhedsporten A/S, en registreret socialøkonomisk virksomhed, vandt og står for det daglige arbejde ved bibliotekets sorteringsmaskine: bøger sættes på plads, bestillinger fra hjemmesiden findes frem, og bøger pakkes til andre biblioteker. Medarbejderne er i fleksjob på grund af nedsat arbejdsevne, og formålet er at hjælpe dem til at starte eller genstarte et arbejdsliv.</p><p>Aftalen understøtter kommunens strategi <em>Overskud giver overskud</em>.</p>`
	},
	{
		kind: 'case',
		title: 'Café i Sundhedshuset i Albertslund udbudt på socialøkonomisk grundlag',
		owner: 'Albertslund Kommune',
		publishedAt: '2015-12-16',
		municipalities: ['165'],
		themes: ['indkoeb-udbud'],
		targetGroups: ['handicap', 'unge', 'nedsat-arbejdsevne'],
		summary:
			'Albertslund Kommune udbød caféen i det nye sundhedshus til drift på socialøkonomisk grundlag: job til udsatte ledige, mad til plejecentret, kantine for husets ansatte og et mødested for alle borgere.',
		partnersBy: [
			{ name: 'Albertslund Kommune', role: 'customer', description: 'Ejer af Sundhedshuset' }
		],
		indicators: [
			{
				label: 'Potentielt kundegrundlag',
				value: 28000,
				unit: 'borgere',
				period: '2015',
				source: 'Udbudsmaterialet, Albertslund Kommune'
			}
		],
		body: `<p>Forpagteren behøver ikke være registreret socialøkonomisk virksomhed, men skal skabe job til udsatte ledige – fx personer med handicap, fleksjobansatte eller unge, der skal sluses ind på arbejdsmarkedet.</p><h2>Opgaven</h2><ul><li><p>Drive caféen i stueetagen med udeservering som et mødested på tværs af interesser og alder.</p></li><li><p>Levere mad til plejecentret og kantinetilbud til husets ansatte.</p></li><li><p>Forplejning til møder, herunder kommunale møder.</p></li><li><p>Afspejle gennem madens kvalitet, at det er et sundhedshus.</p></li></ul><p>Caféen er åben for alle; kundegrundlaget er omkring 28.000 borgere plus husets besøgende.</p>`
	},
	{
		kind: 'case',
		title: 'Slagelse: Frivillige indkøbsaftaler med socialøkonomiske virksomheder',
		owner: 'Slagelse Kommune',
		publishedAt: '2015-12-16',
		periodStart: '2015-08-01',
		municipalities: ['330'],
		themes: ['indkoeb-udbud', 'netvaerk'],
		targetGroups: ['virksomheder'],
		summary:
			'Hvor kommunen ikke har faste indkøbsaftaler, kan indkøberne handle hos socialøkonomiske virksomheder gennem frivillige aftaler – tre i kommunen og én i Jylland i 2015, synlige med tekst og billeder i indkøbssystemet.',
		partnersBy: [
			{ name: 'Slagelse Kommune', role: 'customer', description: 'Indkøb og forsikring' },
			{ name: 'Legehytten', role: 'partner' }
		],
		indicators: [
			{
				label: 'Frivillige indkøbsaftaler i kommunen',
				value: 3,
				unit: 'aftaler',
				period: 'efteråret 2015',
				source: 'Erfaringsopsamling 2015'
			},
			{
				label: 'Frivillige indkøbsaftaler uden for kommunen',
				value: 1,
				unit: 'aftaler',
				period: 'efteråret 2015',
				source: 'Erfaringsopsamling 2015'
			}
		],
		body: `<p>På et møde i Socialøkonomisk Netværk i Slagelse i august 2015 gennemgik kommunens indkøbs- og forsikringschef den nye udbudslov. Spørgsmålet om frivillige indkøbsaftaler med socialøkonomiske virksomheder fik et ja – og arbejdet var allerede i gang.</p><p>Et nyt indkøbssystem viser produkterne med tekst og billeder; fra efteråret 2015 lagde virksomhederne billeder op, fx Legehyttens legehuse. Tilgangen er praktisk: skal der købes en jubilæumsgave, kan indkøberen vælge en socialøkonomisk leverandør. De faste indkøbsaftaler gælder fortsat; de frivillige aftaler bruges hvor der ikke er faste.</p>`
	},
	{
		kind: 'case',
		title: 'Korsør: Socialøkonomiske virksomheder i et udsat boligområde',
		owner: 'Slagelse Kommune',
		publishedAt: '2015-12-16',
		periodStart: '2015-03-01',
		municipalities: ['330'],
		themes: ['boligomraader', 'partnerskab'],
		targetGroups: ['udsatte-borgere', 'flygtninge', 'ledige'],
		summary:
			'"Et drys af erhverv" i Motalavej-kvarteret: redesign-virksomheden BEVAR og caféen Sumak i Kvarterhuset, i samarbejde mellem kommunen, BoligKorsør og Sekstanten med de boligsociale helhedsplaner.',
		partnersBy: [
			{ name: 'Slagelse Kommune', role: 'lead', description: 'Socialøkonomiske konsulenter' },
			{ name: 'BoligKorsør', role: 'partner' },
			{ name: 'Sekstanten', role: 'partner', description: 'Boligsociale helhedsplaner' },
			{
				name: 'Bevar',
				role: 'operator',
				description: 'Redesign af brugt denimtøj, fra 1. marts 2015'
			},
			{
				name: 'Sumak',
				role: 'operator',
				description: 'Café med flere madkulturer, åbnet 3. august 2015'
			}
		],
		indicators: [
			{
				label: 'Lejemål i Motalavej-kvarteret',
				value: 960,
				unit: 'lejemål',
				period: '2015',
				source: 'Erfaringsopsamling 2015'
			},
			{
				label: 'Beboere',
				value: 1570,
				unit: 'personer',
				period: '2015',
				source: 'Erfaringsopsamling 2015'
			},
			{
				label: 'Beboere i arbejdsduelig alder uden job eller uddannelse',
				value: 47,
				unit: '%',
				period: '2015',
				source: 'Erfaringsopsamling 2015'
			},
			{
				label: 'Beboere 30–59 år med grundskole som højeste uddannelse',
				value: 64,
				unit: '%',
				period: '2015',
				source: 'Erfaringsopsamling 2015'
			}
		],
		body: `<p>Motalavej-kvarteret i Korsør har 960 lejemål og omkring 1.570 beboere. Cirka 45 % har anden etnisk baggrund end dansk, og cirka 47 % af beboerne i den arbejdsduelige alder er hverken i arbejde eller uddannelse.</p><p>Kommunen, BoligKorsør, de socialøkonomiske virksomheder og Sekstanten med de boligsociale helhedsplaner samarbejder om at fremme socialøkonomi og tilknytningen til arbejdsmarkedet. Helhedsplanerne så potentialet allerede i 2012–2013; der er udviklet brugsaftaler og samarbejdsaftaler med virksomhederne.</p><ul><li><p><strong>BEVAR</strong> redesigner brugt denimtøj og sælger bl.a. på designermarkeder i København (fra 1. marts 2015).</p></li><li><p><strong>Sumak</strong> er en café, der kombinerer madkulturer (åbnet 3. august 2015).</p></li></ul><p>Se også partnerskabscasen om kommissoriet for indsatsen.</p>`
	},
	{
		kind: 'case',
		title: 'Kommissorium: Socialøkonomiske virksomheder i udsatte boligområder (Slagelse)',
		owner: 'Slagelse Kommune',
		publishedAt: '2015-02-23',
		periodStart: '2015-02-21',
		periodEnd: '2016-03-31',
		municipalities: ['330'],
		themes: ['partnerskab', 'boligomraader', 'fleksjob'],
		targetGroups: ['nedsat-arbejdsevne', 'flygtninge', 'ledige'],
		summary:
			'Et gennemarbejdet tværsektorielt partnerskab af 2. orden: to socialøkonomiske virksomheder i Kvarterhuset på Motalavej, op til 16 arbejdspladser, klare roller, leverancer, tidsplan og risici.',
		partnersBy: [
			{
				name: 'Slagelse Kommune',
				role: 'lead',
				description: 'Center for Arbejdsmarked og Integration; delt projektledelse'
			},
			{
				name: 'Sekstanten',
				role: 'lead',
				description: 'Sekretariat for de boligsociale helhedsplaner; delt projektledelse'
			},
			{
				name: 'Boligsocial helhedsplan Motalavej',
				role: 'partner',
				description: 'Stiller lokaler i Kvarterhuset til rådighed'
			},
			{ name: 'Jobenheden, Program Ringparken og Motalavej', role: 'partner' },
			{
				name: 'Bevar',
				role: 'operator',
				description: 'Systue med genbrug og redesign af tekstiler'
			},
			{ name: 'Fra de varme lande', role: 'operator', description: 'Catering, café og køkken' }
		],
		indicators: [
			{
				label: 'Mål: arbejdspladser i de to virksomheder',
				value: 16,
				unit: 'arbejdspladser',
				period: '2015–2016',
				source: 'Kommissorium 21.2.2015'
			},
			{
				label: 'Puljemidler til Fra de varme lande',
				value: 1.7,
				unit: 'mio. kr.',
				period: '2015',
				source: 'Kommissorium 21.2.2015'
			},
			{
				label: 'Møder pr. år for interessenterne',
				value: 7,
				unit: 'møder (5–7)',
				period: 'pr. år',
				source: 'Kommissorium 21.2.2015'
			}
		],
		body: `<h2>Parter og roller</h2><table><tbody><tr><th><p>Part</p></th><th><p>Rolle</p></th></tr><tr><td><p>Slagelse Kommune, Center for Arbejdsmarked og Integration</p></td><td><p>Delt projektledelse, jobcentrets rolle og kontakt til virksomhederne</p></td></tr><tr><td><p>Sekstanten</p></td><td><p>Delt projektledelse; styregruppen følger udviklingen</p></td></tr><tr><td><p>Boligsocial helhedsplan Motalavej</p></td><td><p>Lokaler i Kvarterhuset; styregruppen godkender virksomhederne</p></td></tr><tr><td><p>Jobenheden, Program Ringparken og Motalavej</p></td><td><p>Koordinering og rekruttering</p></td></tr><tr><td><p>BEVAR og Fra de varme lande</p></td><td><p>Selvstændige virksomheder med eget CVR-nummer og regnskab</p></td></tr></tbody></table>
<h2>Formål</h2><p>At opbygge et holdbart lokalt samarbejde mellem Sekstanten, boligorganisationerne, kommunen og socialøkonomiske virksomheder, der styrker arbejdsmarkedsparatheden for beboere langt fra arbejdsmarkedet (Boligaftalen 2014). Partnerskabet er et interesse- og eksekveringsfællesskab med en forpligtelse til at inddrage hinanden i nye muligheder og udfordringer.</p>
<h2>Leverancer og mål</h2><ul><li><p>To socialøkonomiske virksomheder etableres i Kvarterhuset i løbet af 2015 – og der skabes mulighed for flere.</p></li><li><p>Partnerskabsaftaler af 2. orden etableres i 2015; driften af aftalen starter primo 2016.</p></li><li><p>Op til 16 arbejdspladser til beboere og folk udefra, heriblandt fleksjobbere.</p></li><li><p>Projektet forankres i helhedsplanen inden udgangen af 2015, og erfaringerne spredes til andre boligområder.</p></li></ul>
<h2>Målgrupper</h2><p>Ledige fleksjobbere og etniske kvinder på 30–50 år uden tilknytning til det danske arbejdsmarked.</p>
<h2>Tidsplan</h2><ol><li><p>12.8.2014: Beskæftigelses- og Integrationsudvalget beslutter at etablere socialøkonomiske virksomheder.</p></li><li><p>22.12.2014: Byrådet forlænger helhedsplanen for Motalavej til 30.9.2017.</p></li><li><p>21.2.2015: Kommissoriet.</p></li><li><p>2015: Partnerskaber og opstart af de to virksomheder.</p></li><li><p>Primo 2016: Partnerskabet går i drift.</p></li></ol>
<h2>Risici og forudsætninger</h2><ul><li><p>Samarbejdet selv: parterne har forskellige referencerammer, som skal håndteres gennem tillid og løbende dialog.</p></li><li><p>Virksomhederne skal kunne leje sig ind i Kvarterhuset inden for lov om almene boliger.</p></li><li><p>Væksten afhænger af tilgangen af egnet arbejdskraft, fx ledige fleksjobbere.</p></li></ul><p>Der er ikke behov for et selvstændigt budget; ressourcetrækket er 5–7 møder om året.</p>`
	},
	{
		kind: 'method_note',
		title: 'Hvad er en socialøkonomisk virksomhed? Fem kendetegn og SROI',
		owner: 'Kolding Kommune',
		publishedAt: '2014-12-01',
		municipalities: ['621'],
		themes: ['strategi', 'effektmaaling'],
		targetGroups: ['virksomheder'],
		summary:
			'Definitionen fra Kolding Kommunes strategi "Overskud giver overskud" (2014), der bygger på lov om registrerede socialøkonomiske virksomheder: fem kendetegn, og SROI som mål for effekt – typisk 1:8, i enkelte tilfælde op til 1:50.',
		partnersBy: [{ name: 'Kolding Kommune', role: 'owner' }],
		indicators: [
			{
				label: 'SROI i indsatser for særligt udsatte (typisk)',
				value: 8,
				unit: 'kr. pr. investeret krone',
				period: 'før 2014',
				source: 'The SROI Network, citeret i Overskud giver overskud'
			},
			{
				label: 'SROI, højeste dokumenterede',
				value: 50,
				unit: 'kr. pr. investeret krone',
				period: 'før 2014',
				source: 'The SROI Network, citeret i Overskud giver overskud'
			}
		],
		body: `<p>Socialøkonomiske virksomheder er private og driver erhverv for gennem deres virke og indtjening at fremme særlige sociale formål. De er kendetegnet ved:</p><ol><li><p><strong>Socialt formål</strong> – det primære formål er samfundsgavnligt: socialt, beskæftigelses-, sundheds-, miljømæssigt eller kulturelt, og fremmer aktivt medborgerskab.</p></li><li><p><strong>Væsentlig erhvervsdrift</strong> – salg af ydelser eller produkter udgør en betydelig del af omsætningen.</p></li><li><p><strong>Uafhængighed af det offentlige</strong> – eget CVR-nummer og ingen væsentlig offentlig indflydelse på ledelse og drift.</p></li><li><p><strong>Social overskudshåndtering</strong> – overskuddet går primært til sociale formål og reinvestering, sekundært til begrænset udbytte.</p></li><li><p><strong>Ansvarlig og inddragende ledelse</strong> – gennemsigtighed og etisk forsvarlig, værdiskabende ledelse.</p></li></ol><h2>Effektmåling med SROI</h2><p>SROI (social return on investment) sætter den samfundsmæssige værdi af en indsats i forhold til investeringen. Certificerede rapporter fra USA, England og Sverige viser for indsatser for særligt udsatte borgere typisk et forhold på 1:8 – hver investeret krone kommer otte gange igen – og i enkelte tilfælde op til 1:50.</p>`
	},
	{
		kind: 'method_note',
		title: 'Socialøkonomi er totaløkonomi: seks strategiske handlinger 2019–2021',
		owner: 'Kolding Kommune',
		publishedAt: '2019-01-15',
		periodStart: '2019-01-01',
		periodEnd: '2021-12-31',
		municipalities: ['621'],
		themes: ['strategi', 'netvaerk', 'indkoeb-udbud', 'effektmaaling'],
		targetGroups: ['virksomheder', 'udsatte-borgere'],
		summary:
			'Kolding Kommunes politik 2019–2021 ser socialøkonomi som totaløkonomi med tre bundlinjer – værdi for mennesker, virksomheder og samfundet – udmøntet i seks strategiske handlinger, et videnscenter og en fysisk og virtuel virksomhedspark.',
		partnersBy: [
			{ name: 'Kolding Kommune', role: 'owner' },
			{ name: 'Syddansk Universitet (SDU)', role: 'partner', description: 'Videnscenter' },
			{ name: 'Den Sociale Kapitalfond', role: 'partner', description: 'Videnscenter' },
			{ name: 'Designskolen Kolding', role: 'partner', description: 'Videnscenter' }
		],
		body: `<h2>Tre hovedspor</h2><ol><li><p>Værdien for mennesker</p></li><li><p>Værdien for virksomheder</p></li><li><p>Værdien for samfundet</p></li></ol>
<h2>Seks strategiske handlinger</h2><table><tbody><tr><th><p>Handling</p></th><th><p>Mål</p></th></tr><tr><td><p>1. Sætte talenter i spil</p></td><td><p>Udvikle og afprøve nye koncepter som pop-up-butikken Vielgut Studio; bringe erhvervsnetværk i spil.</p></td></tr><tr><td><p>2. Tiltrække socialøkonomiske virksomheder</p></td><td><p>Bringe indkøbs- og udbudspolitikken i spil; undersøge innovative udbud.</p></td></tr><tr><td><p>3. Udvikle samarbejdet med socialøkonomiske og socialt ansvarlige virksomheder</p></td><td><p>Nye acceleratorprogrammer; netværk mellem socialøkonomiske og almindelige virksomheder; vidensopsamling og -deling.</p></td></tr><tr><td><p>4. Samarbejde med uddannelsesinstitutioner</p></td><td><p>Sociale innovatører; effektmålingsværktøjer; videnscenter.</p></td></tr><tr><td><p>5. Sætte en national dagsorden</p></td><td><p>National konference; videnscenter; udvikle registreringsordningen.</p></td></tr><tr><td><p>6. Samarbejde på tværs af politiske fagudvalg</p></td><td><p>Socialøkonomi som løftestang i lokalområder, via kulturinstitutioner, prøvehandlinger, indkøb og udbud.</p></td></tr></tbody></table>
<h2>Videnscenter og virksomhedspark</h2><p>Et videnscenter med Designskolen, Syddansk Universitet og Den Sociale Kapitalfond skal indsamle erfaring, dele viden og gøre det let at overskue muligheder og interesser. Virksomhedsparken for socialøkonomi er både fysisk og virtuel: den huser virksomheder og er omdrejningspunkt for fællesskabet.</p>`
	}
];

async function seedTermsAndNetwork(db: Db): Promise<void> {
	await db.insert(libraryTerms).values(seedTerms).onConflictDoNothing();
	await db
		.insert(networks)
		.values({
			name: 'Netværk for socialøkonomi',
			slug: SOCIAL_ECONOMY_NETWORK,
			description:
				'Netværket mellem de kommuner, der arbejder med socialøkonomiske virksomheder, med fire netværksmøder om året.'
		})
		.onConflictDoNothing();
	const [network] = await db
		.select({ id: networks.id })
		.from(networks)
		.where(eq(networks.slug, SOCIAL_ECONOMY_NETWORK));
	const codes = readSeedCsv('experience-report-2015-table1.csv').map((r) => r.municipality_code);
	const orgs = await db
		.select({ id: organisations.id })
		.from(organisations)
		.where(
			and(eq(organisations.kind, 'municipality'), inArray(organisations.municipalityCode, codes))
		);
	if (orgs.length)
		await db
			.insert(networkMembers)
			.values(orgs.map((o) => ({ networkId: network.id, organisationId: o.id })))
			.onConflictDoNothing();
}

/** Seeds vocabularies, the network and the library entries; returns how many entries it added. */
export async function seedLibrary(db: Db): Promise<number> {
	await seedTermsAndNetwork(db);
	const orgRows = await db
		.select({ id: organisations.id, name: organisations.name })
		.from(organisations);
	const orgByName = new Map(orgRows.map((o) => [o.name.toLowerCase(), o.id]));
	let added = 0;
	for (const e of entries) {
		const [existing] = await db
			.select({ id: cases.id })
			.from(cases)
			.where(sql`${cases.title} = ${e.title} and ${cases.createdBy} is null`);
		if (existing) continue;
		const organisationId = orgByName.get(e.owner.toLowerCase());
		if (!organisationId) continue;
		const meta: Metadata = {
			kind: e.kind,
			title: e.title,
			summary: e.summary,
			scope: 'public',
			periodStart: e.periodStart ?? null,
			periodEnd: e.periodEnd ?? null,
			municipalities: e.municipalities ?? [],
			themes: e.themes ?? [],
			targetGroups: e.targetGroups ?? [],
			networks: [],
			partners: (e.partnersBy ?? []).map((p) => ({
				name: p.name,
				role: p.role,
				description: p.description ?? '',
				organisationId: orgByName.get(p.name.toLowerCase()) ?? null
			})),
			jobsCreated: e.jobsCreated ?? null,
			flexJobs: e.flexJobs ?? null,
			peopleInTraining: e.peopleInTraining ?? null,
			peopleInRessourceforloeb: e.peopleInRessourceforloeb ?? null,
			sroiRatio: e.sroiRatio ?? null,
			indicators: e.indicators ?? []
		};
		await insertSeeded(
			db,
			{ ...meta, organisationId },
			e.body,
			new Date(`${e.publishedAt}T09:00:00Z`)
		);
		added++;
	}
	return added;
}
