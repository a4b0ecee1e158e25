import { field } from '../forms';
import type { MeetingInput } from './meetings';

/** The meeting fields of a submitted create/edit form. */
export function meetingForm(data: FormData): MeetingInput {
	return {
		title: field(data, 'title'),
		description: field(data, 'description'),
		day: field(data, 'day'),
		start: field(data, 'start'),
		end: field(data, 'end'),
		place: field(data, 'place'),
		online: field(data, 'online') === 'on',
		capacity: field(data, 'capacity').trim(),
		networkId: field(data, 'network') || null
	};
}
