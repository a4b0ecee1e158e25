import { m } from '$lib/paraglide/messages';

const statusLabels: Record<string, () => string> = {
	pending: m.mentor_status_pending,
	accepted: m.mentor_status_accepted,
	declined: m.mentor_status_declined,
	withdrawn: m.mentor_status_withdrawn,
	expired: m.mentor_status_expired,
	completed: m.mentor_status_completed,
	ended: m.mentor_status_ended
};

const kindLabels: Record<string, () => string> = {
	university: m.mentor_kind_university,
	fund: m.mentor_kind_fund,
	enterprise: m.mentor_kind_enterprise,
	business_support: m.mentor_kind_business_support,
	social_enterprise: m.mentor_kind_social_enterprise
};

export const statusLabel = (status: string): string => statusLabels[status]?.() ?? status;
export const orgKindLabel = (kind: string): string => kindLabels[kind]?.() ?? kind;
