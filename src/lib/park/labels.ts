/** Localised labels and error messages of the park (browser and server alike). */
import { m } from '$lib/paraglide/messages';

const table = (entries: Record<string, () => string>) => (key: string | null | undefined) =>
	(key && entries[key]?.()) || key || '';

export const membershipLabel = table({
	physical: m.park_membership_physical,
	virtual: m.park_membership_virtual
});

export const stageLabel = table({
	idea: m.park_stage_idea,
	starting: m.park_stage_starting,
	operating: m.park_stage_operating,
	registered: m.park_stage_registered
});

export const criterionLabel = table({
	social_purpose: m.park_criterion_social_purpose,
	trade: m.park_criterion_trade,
	independence: m.park_criterion_independence,
	profit: m.park_criterion_profit,
	governance: m.park_criterion_governance
});

export const dialogueKindLabel = table({
	meeting: m.park_kind_meeting,
	call: m.park_kind_call,
	decision: m.park_kind_decision,
	note: m.park_kind_note
});

export const topicLabel = table({
	starting: m.park_topic_starting,
	employment: m.park_topic_employment,
	funding: m.park_topic_funding,
	registration: m.park_topic_registration,
	procurement: m.park_topic_procurement,
	premises: m.park_topic_premises,
	other: m.park_topic_other
});

export const statusLabel = table({
	new: m.park_status_new,
	assigned: m.park_status_assigned,
	answered: m.park_status_answered,
	closed: m.park_status_closed
});

export const messageKindLabel = table({
	message: m.park_request_kind_message,
	reply: m.park_request_kind_reply,
	note: m.park_request_kind_note
});

const ERRORS: Record<string, () => string> = {
	invalid_choice: m.park_error_invalid_choice,
	invalid_email: m.park_error_invalid_email,
	not_a_count: m.park_error_not_a_count,
	invalid_year: m.park_error_invalid_year,
	invalid_number: m.park_error_invalid_number,
	invalid_date: m.park_error_invalid_date,
	invalid_time: m.park_error_invalid_time,
	too_long: m.park_error_too_long,
	required: m.park_error_required,
	unknown_municipality: m.park_error_unknown_municipality,
	unknown_user: m.park_error_unknown_user,
	name_taken: m.park_error_name_taken,
	file_too_large: m.park_error_file_too_large,
	file_type: m.park_error_file_type,
	too_many_files: m.park_error_too_many_files,
	end_before_start: m.park_error_end_before_start,
	too_long_booking: m.park_error_too_long_booking,
	in_the_past: m.park_error_in_the_past,
	closed: m.park_error_closed
};

/** The message for an error code from a park module. */
export const parkError = (code: string): string => (ERRORS[code] ?? m.park_error_generic)();

/** Field error codes → messages. */
export const parkErrors = (errors: Record<string, string>): Record<string, string> =>
	Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, parkError(v)]));
