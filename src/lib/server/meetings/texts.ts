/**
 * Notification and e-mail texts. Kept here (not in Paraglide) because the realtime server sends them
 * too, outside SvelteKit; picked by the recipient's language.
 */
type Lang = 'da' | 'en';
type Args = { title: string; when?: string };

const TEXTS = {
	registered: {
		da: (a: Args) => ({ title: `Du er tilmeldt: ${a.title}`, body: `Mødet er ${a.when}.` }),
		en: (a: Args) => ({
			title: `You are registered: ${a.title}`,
			body: `The meeting is ${a.when}.`
		})
	},
	waiting: {
		da: (a: Args) => ({
			title: `Du er på ventelisten: ${a.title}`,
			body: 'Vi giver besked, hvis der bliver en plads.'
		}),
		en: (a: Args) => ({
			title: `You are on the waiting list: ${a.title}`,
			body: 'We will tell you if a seat frees up.'
		})
	},
	promoted: {
		da: (a: Args) => ({
			title: `Du har fået en plads: ${a.title}`,
			body: `En plads blev ledig, og du er nu tilmeldt. Mødet er ${a.when}.`
		}),
		en: (a: Args) => ({
			title: `You have a seat: ${a.title}`,
			body: `A seat freed up and you are now registered. The meeting is ${a.when}.`
		})
	},
	changed: {
		da: (a: Args) => ({ title: `Mødet er ændret: ${a.title}`, body: `Mødet er nu ${a.when}.` }),
		en: (a: Args) => ({
			title: `Meeting changed: ${a.title}`,
			body: `The meeting is now ${a.when}.`
		})
	},
	cancelled: {
		da: (a: Args) => ({ title: `Mødet er aflyst: ${a.title}`, body: 'Mødet er aflyst.' }),
		en: (a: Args) => ({ title: `Meeting cancelled: ${a.title}`, body: 'The meeting is cancelled.' })
	},
	network_added: {
		da: (a: Args) => ({
			title: `Du er med i netværket ${a.title}`,
			body: 'Du kan nu følge netværkets møder.'
		}),
		en: (a: Args) => ({
			title: `You are in the network ${a.title}`,
			body: 'You can now follow its meetings.'
		})
	},
	network_removed: {
		da: (a: Args) => ({ title: `Du er ikke længere med i netværket ${a.title}`, body: '' }),
		en: (a: Args) => ({ title: `You are no longer in the network ${a.title}`, body: '' })
	},
	network_coordinator: {
		da: (a: Args) => ({
			title: `Du er nu koordinator for ${a.title}`,
			body: 'Du kan planlægge møder og styre medlemmer.'
		}),
		en: (a: Args) => ({
			title: `You now coordinate ${a.title}`,
			body: 'You can plan meetings and manage members.'
		})
	},
	network_member: {
		da: (a: Args) => ({
			title: `Du er ikke længere koordinator for ${a.title}`,
			body: 'Du er fortsat medlem.'
		}),
		en: (a: Args) => ({
			title: `You no longer coordinate ${a.title}`,
			body: 'You are still a member.'
		})
	},
	network_rejected: {
		da: (a: Args) => ({ title: `Din anmodning blev afvist: ${a.title}`, body: '' }),
		en: (a: Args) => ({ title: `Your request was declined: ${a.title}`, body: '' })
	},
	minutes: {
		da: (a: Args) => ({
			title: `Referat offentliggjort: ${a.title}`,
			body: 'Referatet kan nu læses.'
		}),
		en: (a: Args) => ({
			title: `Minutes published: ${a.title}`,
			body: 'The minutes can now be read.'
		})
	}
} as const;

export type NoticeKind = keyof typeof TEXTS;

export function noticeText(kind: NoticeKind, lang: string, args: Args) {
	const l: Lang = lang === 'en' ? 'en' : 'da';
	return TEXTS[kind][l](args);
}
