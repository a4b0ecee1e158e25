/**
 * Fictional mentors at the knowledge partners (SDU, RUC, CBS, Den Sociale Kapitalfond) and a few
 * enterprises, so the directory has people in it from the start. Every person here is invented;
 * their e-mail addresses are on `.example` domains and they have no password (they cannot sign in).
 * Running the seed again changes nothing.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { memberships, mentorProfiles, organisations, users } from '../../db/schema';
import { slugify } from '../../src/lib/slug';
import { searchTextFor } from '../../src/lib/mentors/vocabulary';

interface SeedMentor {
	email: string;
	name: string;
	organisation: string;
	municipality: string;
	headline: string;
	bio: string;
	expertise: string[];
	sectors: string[];
	languages: string[];
	meetingModes: string[];
	capacity: number;
	roleModelStory?: string;
}

/** An ordinary enterprise (fictional) whose people mentor social-economy start-ups. */
const fictionalEnterprises = [
	{ name: 'Trekantens Revision ApS', municipality: '621', kind: 'enterprise' as const },
	{ name: 'Fjordbyens Byggeservice A/S', municipality: '630', kind: 'enterprise' as const }
];

export const seedMentors: SeedMentor[] = [
	{
		email: 'mette.lindholt@sdu.example',
		name: 'Mette Lindholt',
		organisation: 'Syddansk Universitet (SDU)',
		municipality: '461',
		headline: 'Effektmåling og SROI for små socialøkonomiske virksomheder',
		bio: 'Forsker i socialøkonomi og effektmåling. Hjælper med at vælge få, målbare indikatorer og regne et realistisk SROI-forhold.',
		expertise: ['impact_measurement', 'municipal_partnership'],
		sectors: ['care_health', 'services'],
		languages: ['da', 'en'],
		meetingModes: ['online', 'in_person'],
		capacity: 3
	},
	{
		email: 'karim.haddad@sdu.example',
		name: 'Karim Haddad',
		organisation: 'Syddansk Universitet (SDU)',
		municipality: '621',
		headline: 'Forretningsmodel og finansiering, fra idé til første kunde',
		bio: 'Underviser i entreprenørskab. Har hjulpet caféer og værksteder med budget, prissætning og første lån.',
		expertise: ['business_model', 'financing'],
		sectors: ['food_cafe', 'crafts_production'],
		languages: ['da', 'ar', 'en'],
		meetingModes: ['online', 'in_person'],
		capacity: 2,
		roleModelStory:
			'Jeg kom til Danmark som 19-årig og startede i et ressourceforløb. En mentor hjalp mig videre til uddannelse; nu giver jeg det videre.'
	},
	{
		email: 'signe.falk@ruc.example',
		name: 'Signe Falk',
		organisation: 'Roskilde Universitet (RUC)',
		municipality: '265',
		headline: 'Bestyrelse, ledelse og inddragende governance',
		bio: 'Forsker i medarbejderejede og socialøkonomiske virksomheder. Sparring om vedtægter, bestyrelse og medarbejderinddragelse.',
		expertise: ['governance', 'legal_forms_rsv'],
		sectors: ['retail_recycling', 'green_environment'],
		languages: ['da', 'en', 'de'],
		meetingModes: ['online'],
		capacity: 2
	},
	{
		email: 'jakob.brandt@cbs.example',
		name: 'Jakob Brandt',
		organisation: 'Copenhagen Business School (CBS)',
		municipality: '147',
		headline: 'Offentlige indkøb: at vinde kommunen som kunde',
		bio: 'Har arbejdet med sociale klausuler og udbud. Hjælper med tilbudsskrivning og dialog med kommunens indkøbere.',
		expertise: ['procurement', 'municipal_partnership', 'marketing_sales'],
		sectors: ['cleaning_facility', 'services'],
		languages: ['da', 'en'],
		meetingModes: ['online', 'in_person'],
		capacity: 2
	},
	{
		email: 'laila.osman@kapitalfond.example',
		name: 'Laila Osman',
		organisation: 'Den Sociale Kapitalfond',
		municipality: '101',
		headline: 'Investeringsparathed og finansiering med social effekt',
		bio: 'Investeringsansvarlig. Gennemgår forretningsplaner, finansieringsbehov og hvordan man taler med investorer og fonde.',
		expertise: ['financing', 'business_model', 'impact_measurement'],
		sectors: ['food_cafe', 'it_digital', 'services'],
		languages: ['da', 'en', 'so'],
		meetingModes: ['online', 'in_person'],
		capacity: 1
	},
	{
		email: 'henrik.vestergaard@gladerhverv.example',
		name: 'Henrik Vestergaard',
		organisation: 'Glad Erhverv',
		municipality: '621',
		headline: 'Rummelige arbejdspladser: fleksjob, skånejob og trivsel',
		bio: 'Driftsleder i en socialøkonomisk virksomhed med mange medarbejdere i fleksjob. Sparring om HR, jobcentersamarbejde og arbejdsgange.',
		expertise: ['hr_inclusive_employment', 'municipal_partnership'],
		sectors: ['crafts_production', 'culture_tourism'],
		languages: ['da'],
		meetingModes: ['in_person'],
		capacity: 2,
		roleModelStory:
			'Jeg har selv været i fleksjob efter en arbejdsskade. I dag leder jeg et hold, og jeg ved, hvad det betyder at blive mødt som en ressource.'
	},
	{
		email: 'birgitte.kjaer@trekantensrevision.example',
		name: 'Birgitte Kjær',
		organisation: 'Trekantens Revision ApS',
		municipality: '621',
		headline: 'Selskabsform, RSV-registrering, regnskab og moms',
		bio: 'Statsautoriseret revisor. Hjælper med at vælge selskabsform, blive registreret socialøkonomisk virksomhed og få styr på regnskabet.',
		expertise: ['legal_forms_rsv', 'financing'],
		sectors: ['services', 'retail_recycling'],
		languages: ['da', 'en', 'pl'],
		meetingModes: ['online', 'in_person'],
		capacity: 3
	},
	{
		email: 'tobias.holm@fjordbyen.example',
		name: 'Tobias Holm',
		organisation: 'Fjordbyens Byggeservice A/S',
		municipality: '630',
		headline: 'Afknopning og samarbejde med en almindelig virksomhed',
		bio: 'Direktør i en byggevirksomhed, der har hjulpet et kommunalt værksted med at blive en selvstændig virksomhed.',
		expertise: ['spin_off', 'business_model', 'marketing_sales'],
		sectors: ['crafts_production', 'green_environment'],
		languages: ['da', 'de'],
		meetingModes: ['in_person'],
		capacity: 1
	}
];

/** The demo mentor (demo mode only): the fund's demo user gets a profile too. */
const demoMentor: Omit<SeedMentor, 'name'> = {
	email: 'mentor@kapitalfond.example',
	organisation: 'Den Sociale Kapitalfond',
	municipality: '101',
	headline: 'Fra idé til investering: finansiering og effekt',
	bio: 'Demo-mentor hos Den Sociale Kapitalfond. Sparring om finansieringsplan, effektmåling og første investering.',
	expertise: ['financing', 'impact_measurement', 'business_model'],
	sectors: ['food_cafe', 'services'],
	languages: ['da', 'en'],
	meetingModes: ['online', 'in_person'],
	capacity: 2
};

async function organisationId(db: Db, name: string): Promise<string | undefined> {
	const [org] = await db
		.select({ id: organisations.id })
		.from(organisations)
		.where(sql`lower(${organisations.name}) = lower(${name})`);
	return org?.id;
}

async function addMentor(db: Db, mentor: SeedMentor, orgId: string): Promise<void> {
	await db.insert(users).values({ email: mentor.email, name: mentor.name }).onConflictDoNothing();
	const [user] = await db
		.select({ id: users.id, name: users.name })
		.from(users)
		.where(sql`lower(${users.email}) = ${mentor.email}`);
	if (!user) return;
	await db
		.insert(memberships)
		.values({
			userId: user.id,
			organisationId: orgId,
			role: 'member',
			status: 'active',
			decidedAt: new Date()
		})
		.onConflictDoNothing();
	await db
		.insert(mentorProfiles)
		.values({
			userId: user.id,
			organisationId: orgId,
			headline: mentor.headline,
			bio: mentor.bio,
			expertise: mentor.expertise,
			sectors: mentor.sectors,
			languages: mentor.languages,
			meetingModes: mentor.meetingModes,
			municipalityCode: mentor.municipality,
			capacity: mentor.capacity,
			openSlots: mentor.capacity,
			roleModelStory: mentor.roleModelStory ?? '',
			searchText: searchTextFor(user.name, mentor.organisation, mentor.expertise, mentor.sectors)
		})
		.onConflictDoNothing();
}

/**
 * Seeds the fictional mentors, their enterprises and the demo mentor — demo data, so only in demo
 * mode: a production directory starts empty and fills with real profiles. Returns how many exist.
 */
export async function seedMentorDirectory(db: Db, { demo }: { demo: boolean }): Promise<number> {
	if (!demo) return 0;
	await db
		.insert(organisations)
		.values(
			fictionalEnterprises.map((e) => ({
				kind: e.kind,
				name: e.name,
				slug: slugify(e.name),
				municipalityCode: e.municipality,
				status: 'approved' as const
			}))
		)
		.onConflictDoNothing();
	for (const mentor of seedMentors) {
		const orgId = await organisationId(db, mentor.organisation);
		if (orgId) await addMentor(db, mentor, orgId);
	}
	const [user] = await db
		.select({ name: users.name })
		.from(users)
		.where(eq(users.email, demoMentor.email));
	const orgId = await organisationId(db, demoMentor.organisation);
	if (user && orgId) await addMentor(db, { ...demoMentor, name: user.name }, orgId);
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(mentorProfiles);
	return Number(row?.n ?? 0);
}
