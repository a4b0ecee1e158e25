/** Outcome codes of the mentors module as messages in the request's language. */
import { m } from '$lib/paraglide/messages';
import { LIMITS, type ProfileCode, type ProfileField } from '.';

const PROFILE_MAX: Partial<Record<ProfileField, number>> = {
	headline: LIMITS.headline,
	bio: LIMITS.bio,
	roleModelStory: LIMITS.roleModelStory,
	contactEmail: LIMITS.contactEmail,
	contactPhone: LIMITS.contactPhone
};

export function profileMessage(field: ProfileField, code: ProfileCode): string {
	switch (code) {
		case 'required':
			if (field === 'expertise') return m.mentor_error_pick_expertise();
			if (field === 'languages') return m.mentor_error_pick_language();
			if (field === 'meetingModes') return m.mentor_error_pick_mode();
			if (field === 'organisationId') return m.mentor_error_org();
			if (field === 'municipalityCode') return m.mentor_error_municipality();
			return m.mentor_error_required();
		case 'too_long':
			return m.mentor_error_too_long({ max: PROFILE_MAX[field] ?? 0 });
		case 'invalid':
			if (field === 'contactEmail') return m.mentor_error_email();
			if (field === 'municipalityCode') return m.mentor_error_municipality();
			return m.mentor_error_invalid();
		case 'org_not_allowed':
			return m.mentor_error_org();
		case 'capacity_range':
			return m.mentor_error_capacity();
		case 'capacity_below_active':
			return m.mentor_error_capacity_below();
	}
}

/** Messages for refusals the user can understand and act on. */
export function outcomeMessage(code: string, max?: number): string {
	switch (code) {
		case 'need_required':
			return m.mentor_error_need_required();
		case 'need_too_long':
			return m.mentor_error_too_long({ max: max ?? LIMITS.need });
		case 'too_long':
			return m.mentor_error_too_long({ max: max ?? 0 });
		case 'required':
			return m.mentor_error_required();
		case 'not_accepting':
			return m.mentor_error_not_accepting();
		case 'at_capacity':
			return m.mentor_error_at_capacity();
		case 'duplicate':
			return m.mentor_error_duplicate();
		case 'own_profile':
			return m.mentor_error_own_profile();
		case 'not_pending':
			return m.mentor_error_not_pending();
		case 'not_active':
			return m.mentor_error_not_active();
		case 'not_finished':
			return m.mentor_error_not_finished();
		case 'already_given':
			return m.mentor_error_already_given();
		case 'rating':
			return m.mentor_error_rating();
		case 'date':
			return m.mentor_error_date();
		default:
			return m.error_generic();
	}
}
