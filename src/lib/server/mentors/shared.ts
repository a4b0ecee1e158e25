/** Mentors: the limits, statuses and types every part of the directory shares. */
import type { MentorshipStatus } from '../../../../db/schema';
import type { Context as CoreContext, NamedActor } from '../core';

export type Actor = NamedActor;
export type Context = CoreContext<NamedActor>;

export type Outcome<C extends string, T = unknown> = ({ ok: true } & T) | { ok: false; code: C };

export type Locale = 'da' | 'en';
export const asLocale = (locale: string | null | undefined): Locale =>
	locale === 'en' ? 'en' : 'da';

export const LIMITS = {
	headline: 160,
	bio: 3000,
	roleModelStory: 3000,
	contactEmail: 200,
	contactPhone: 40,
	need: 2000,
	response: 1000,
	message: 2000,
	topic: 200,
	nextStep: 1000,
	feedback: 2000,
	query: 100
} as const;
export const MAX_CAPACITY = 50;
export const EXPIRE_AFTER_DAYS = 14;
export const REMIND_AFTER_DAYS = 7;
export const DAY = 24 * 60 * 60 * 1000;

/** Organisations a mentor may speak for. */
export const MENTOR_ORG_KINDS = [
	'university',
	'fund',
	'enterprise',
	'business_support',
	'social_enterprise'
] as const;

/** Statuses in which the pair has (or had) an accepted mentorship. */
export const MENTORSHIP_STATUSES: MentorshipStatus[] = ['accepted', 'completed', 'ended'];
export const OPEN_STATUSES: MentorshipStatus[] = ['pending', 'accepted'];

export function localised(path: string, locale: Locale): string {
	return locale === 'en' ? `/en${path}` : path;
}
