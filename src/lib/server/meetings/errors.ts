/** Form messages for the meetings module's error codes, in the request's language (SvelteKit only). */
import { m } from '$lib/paraglide/messages';

export function meetingError(code: string): string {
	switch (code) {
		case 'required':
			return m.form_required();
		case 'too_long':
			return m.form_too_long({ max: 200 });
		case 'invalid_date':
			return m.meet_err_invalid_date();
		case 'end_before_start':
			return m.meet_err_end_before_start();
		case 'capacity_invalid':
			return m.meet_err_capacity_invalid();
		case 'capacity_below':
			return m.meet_err_capacity_below();
		case 'place_or_online':
			return m.meet_err_place_or_online();
		case 'url':
			return m.meet_err_url();
		default:
			return m.error_generic();
	}
}

export function mapErrors(errors: Record<string, string | undefined>): Record<string, string> {
	return Object.fromEntries(
		Object.entries(errors)
			.filter(([, v]) => v)
			.map(([k, v]) => [k, meetingError(v!)])
	);
}
