import { error } from '@sveltejs/kit';
import * as meetings from '$lib/server/meetings';
import { downloadHeaders } from '$lib/server/download';
import type { RequestHandler } from './$types';

/** An uploaded meeting file, to those who may open the meeting's files; always as a download. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const meeting = await meetings.getMeeting(locals.db, params.id);
	if (!meeting || !(await meetings.mayReadFiles(locals.db, locals.user, meeting)))
		error(404, 'Not found');
	const file = await meetings.readMeetingFile(locals.db, meeting.id, params.aid);
	if (!file) error(404, 'Not found');
	return new Response(file.bytes, {
		headers: downloadHeaders(file.filename, file.contentType)
	});
};
