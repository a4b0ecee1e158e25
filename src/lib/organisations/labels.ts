/** Localised labels for organisation kinds, roles and statuses (browser and server alike). */
import { m } from '$lib/paraglide/messages';

const KIND: Record<string, () => string> = {
	municipality: m.org_kind_municipality,
	social_enterprise: m.org_kind_social_enterprise,
	enterprise: m.org_kind_enterprise,
	university: m.org_kind_university,
	fund: m.org_kind_fund,
	network: m.org_kind_network,
	business_support: m.org_kind_business_support
};

const ROLE: Record<string, () => string> = {
	member: m.org_role_member,
	editor: m.org_role_editor,
	org_admin: m.org_role_org_admin
};

const STATUS: Record<string, () => string> = {
	pending: m.org_status_pending,
	approved: m.org_status_approved,
	rejected: m.org_status_rejected
};

export const kindLabel = (kind: string): string => KIND[kind]?.() ?? kind;
export const roleLabel = (role: string): string => ROLE[role]?.() ?? role;
export const statusLabel = (status: string): string => STATUS[status]?.() ?? status;
