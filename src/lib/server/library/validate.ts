/**
 * Validation of an entry's metadata, shared by the pages and the API. Pure: the caller supplies the
 * known vocabulary, municipalities and networks. Errors are codes per field; routes turn them into
 * messages in the user's language.
 */
import {
	caseKinds,
	caseScopes,
	partnerRoles,
	type CaseKind,
	type CaseScope,
	type PartnerRole
} from '../../../../db/schema';
import { isUuid } from '../core';

export const TITLE_MAX = 200;
export const SUMMARY_MAX = 2000;
export const TEXT_MAX = 500;
export const COUNT_MAX = 1_000_000;

export type ErrorCode =
	'required' | 'too_long' | 'invalid' | 'unknown' | 'negative' | 'not_positive' | 'period_order';

export interface PartnerInput {
	name: string;
	role: PartnerRole;
	organisationId: string | null;
	description: string;
}

export interface IndicatorInput {
	label: string;
	value: number;
	unit: string;
	period: string;
	source: string;
}

export interface Metadata {
	kind: CaseKind;
	title: string;
	summary: string;
	scope: CaseScope;
	periodStart: string | null;
	periodEnd: string | null;
	municipalities: string[];
	themes: string[];
	targetGroups: string[];
	networks: string[];
	partners: PartnerInput[];
	jobsCreated: number | null;
	flexJobs: number | null;
	peopleInTraining: number | null;
	peopleInRessourceforloeb: number | null;
	sroiRatio: number | null;
	indicators: IndicatorInput[];
}

export interface Known {
	themes: Set<string>;
	targetGroups: Set<string>;
	municipalities: Set<string>;
	networks: Set<string>;
	organisations?: Set<string>;
}

/** Raw input as it comes from a form or JSON: strings, numbers, arrays; anything may be missing. */
export type RawMetadata = Partial<Record<keyof Metadata, unknown>>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * C0 control characters other than tab and line breaks (and DEL). PostgreSQL refuses 0x00 in text,
 * and the others only hide in titles and break the snippet sentinels, so input loses them.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Text without the control characters no field may hold (tab and line breaks stay). */
export function stripControl(value: string): string {
	return value.replace(CONTROL, '');
}

function str(value: unknown): string {
	return typeof value === 'string'
		? stripControl(value).trim()
		: typeof value === 'number'
			? String(value)
			: '';
}

function list(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(str).filter(Boolean);
	const s = str(value);
	return s
		? s
				.split(',')
				.map((x) => x.trim())
				.filter(Boolean)
		: [];
}

/** Parses a count: '' → null; must be a whole number ≥ 0. */
function count(value: unknown, key: string, errors: Record<string, ErrorCode>): number | null {
	const s = str(value);
	if (s === '') return null;
	const n = Number(s);
	if (!Number.isFinite(n) || !Number.isInteger(n)) errors[key] = 'invalid';
	else if (n < 0) errors[key] = 'negative';
	else if (n > COUNT_MAX) errors[key] = 'invalid';
	else return n;
	return null;
}

/** SROI as "1:8", "1 : 8,5" or "8": the n of 1:n, which must be > 0. */
export function parseSroi(value: unknown): number | null | 'invalid' | 'not_positive' {
	const s = str(value).replace(',', '.');
	if (s === '') return null;
	const match = /^(?:1\s*:\s*)?(-?\d+(?:\.\d+)?)$/.exec(s);
	if (!match) return 'invalid';
	const n = Number(match[1]);
	if (!(n > 0)) return 'not_positive';
	if (n > 1_000_000) return 'invalid';
	return n;
}

function date(value: unknown, key: string, errors: Record<string, ErrorCode>): string | null {
	const s = str(value);
	if (s === '') return null;
	if (!DATE.test(s) || Number.isNaN(Date.parse(s))) {
		errors[key] = 'invalid';
		return null;
	}
	return s;
}

function text(
	value: unknown,
	key: string,
	errors: Record<string, ErrorCode>,
	max: number,
	required = false
): string {
	const s = str(value);
	if (required && !s) errors[key] = 'required';
	else if (s.length > max) errors[key] = 'too_long';
	return s;
}

function oneOf<T extends string>(
	value: unknown,
	allowed: readonly T[],
	key: string,
	errors: Record<string, ErrorCode>,
	fallback?: T
): T {
	const s = str(value);
	if (!s && fallback) return fallback;
	if ((allowed as readonly string[]).includes(s)) return s as T;
	errors[key] = s ? 'unknown' : 'required';
	return fallback ?? allowed[0];
}

function known(values: string[], set: Set<string>, key: string, errors: Record<string, ErrorCode>) {
	const unique = [...new Set(values)];
	if (unique.some((v) => !set.has(v))) errors[key] = 'unknown';
	return unique;
}

export function validateMetadata(
	raw: RawMetadata,
	k: Known
): { value: Metadata; errors: Record<string, ErrorCode> } {
	const errors: Record<string, ErrorCode> = {};
	const partnersRaw = Array.isArray(raw.partners) ? raw.partners : [];
	const partners: PartnerInput[] = [];
	partnersRaw.slice(0, 50).forEach((p, i) => {
		const r = (p ?? {}) as Record<string, unknown>;
		const name = text(r.name, `partners.${i}.name`, errors, TEXT_MAX);
		if (!name) return;
		const orgId = str(r.organisationId);
		if (orgId && (!isUuid(orgId) || (k.organisations && !k.organisations.has(orgId))))
			errors[`partners.${i}.organisationId`] = 'unknown';
		partners.push({
			name,
			role: oneOf(r.role, partnerRoles, `partners.${i}.role`, errors, 'partner'),
			organisationId: orgId && isUuid(orgId) ? orgId : null,
			description: text(r.description, `partners.${i}.description`, errors, TEXT_MAX)
		});
	});
	const indicatorsRaw = Array.isArray(raw.indicators) ? raw.indicators : [];
	const indicators: IndicatorInput[] = [];
	indicatorsRaw.slice(0, 50).forEach((x, i) => {
		const r = (x ?? {}) as Record<string, unknown>;
		const label = text(r.label, `indicators.${i}.label`, errors, TEXT_MAX);
		const valueText = str(r.value).replace(',', '.');
		if (!label && !valueText) return;
		if (!label) errors[`indicators.${i}.label`] = 'required';
		const value = Number(valueText);
		if (!valueText || !Number.isFinite(value) || Math.abs(value) >= 1e12)
			errors[`indicators.${i}.value`] = 'invalid';
		indicators.push({
			label,
			value: Number.isFinite(value) ? value : 0,
			unit: text(r.unit, `indicators.${i}.unit`, errors, 50),
			period: text(r.period, `indicators.${i}.period`, errors, 100),
			source: text(r.source, `indicators.${i}.source`, errors, TEXT_MAX)
		});
	});
	const sroi = parseSroi(raw.sroiRatio);
	if (sroi === 'invalid' || sroi === 'not_positive') errors.sroiRatio = sroi;
	const value: Metadata = {
		kind: oneOf(raw.kind, caseKinds, 'kind', errors),
		title: text(raw.title, 'title', errors, TITLE_MAX, true),
		summary: text(raw.summary, 'summary', errors, SUMMARY_MAX),
		scope: oneOf(raw.scope, caseScopes, 'scope', errors, 'public'),
		periodStart: date(raw.periodStart, 'periodStart', errors),
		periodEnd: date(raw.periodEnd, 'periodEnd', errors),
		municipalities: known(list(raw.municipalities), k.municipalities, 'municipalities', errors),
		themes: known(list(raw.themes), k.themes, 'themes', errors),
		targetGroups: known(list(raw.targetGroups), k.targetGroups, 'targetGroups', errors),
		networks: known(list(raw.networks), k.networks, 'networks', errors),
		partners,
		jobsCreated: count(raw.jobsCreated, 'jobsCreated', errors),
		flexJobs: count(raw.flexJobs, 'flexJobs', errors),
		peopleInTraining: count(raw.peopleInTraining, 'peopleInTraining', errors),
		peopleInRessourceforloeb: count(
			raw.peopleInRessourceforloeb,
			'peopleInRessourceforloeb',
			errors
		),
		sroiRatio: typeof sroi === 'number' ? sroi : null,
		indicators
	};
	if (value.periodStart && value.periodEnd && value.periodStart > value.periodEnd)
		errors.periodEnd = 'period_order';
	if (value.scope === 'network' && value.networks.length === 0 && !errors.networks)
		errors.networks = 'required';
	return { value, errors };
}
