/** Organisations: the kinds, roles, limits and actor types the other parts share. */
import {
	organisationKinds,
	membershipRoles,
	type MembershipRole,
	type OrganisationKind
} from '../../../../db/schema';
import type { Context as CoreContext, NamedActor } from '../core';

export type Actor = NamedActor;
export type Context = CoreContext<NamedActor>;

/** Who is acting: the signed-in user (a `SessionUser` fits). */

export type Locale = 'da' | 'en';
export const asLocale = (locale: string | null | undefined): Locale =>
	locale === 'en' ? 'en' : 'da';

export const NAME_MAX = 160;
export const DESCRIPTION_MAX = 2000;
export const WEBSITE_MAX = 300;
export const MESSAGE_MAX = 1000;
export const PAGE_SIZE = 50;

export { organisationKinds, membershipRoles };

export function isKind(value: string): value is OrganisationKind {
	return (organisationKinds as readonly string[]).includes(value);
}

export function isRole(value: string): value is MembershipRole {
	return (membershipRoles as readonly string[]).includes(value);
}
