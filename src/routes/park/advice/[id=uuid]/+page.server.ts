import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import * as park from '$lib/server/park';
import { field, invalid } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { parkError, parkErrors } from '$lib/park/labels';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

const { advice } = park;

/** The requester and the advisers of the request's group (and platform admins); others get 404. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const request = await advice.get(locals.db, params.id);
	if (!request) error(404, 'Not found');
	const access = await advice.requestAccess(locals.db, user, request);
	if (!access.canSee) error(404, 'Not found');
	const [thread, attachments, assignable] = await Promise.all([
		advice.thread(locals.db, request.id, access.isAdviser),
		advice.attachments(locals.db, request.id),
		access.isAdviser ? advice.assignable(locals.db, request.groupId) : []
	]);
	const now = new Date();
	return {
		request,
		access,
		thread,
		attachments,
		assignable,
		assigneeName: assignable.find((a) => a.id === request.assigneeId)?.name ?? null,
		overdue: (request.status === 'new' || request.status === 'assigned') && request.dueAt < now,
		me: user.id,
		done: url.searchParams.get('done')
	};
};

async function act(
	event: RequestEvent<{ id: string }>,
	run: (
		ctx: park.advice.Context,
		data: FormData
	) => Promise<{ ok: true } | { ok: false; code: string; errors?: Record<string, string> }>,
	done: string
) {
	const user = requireUser(event.locals);
	const data = await event.request.formData();
	const result = await run({ actor: user, origin: event.url.origin }, data);
	if (!result.ok) {
		if (result.code === 'not_found') error(404, 'Not found');
		if (result.code === 'forbidden') error(403, 'Not allowed');
		const values = { body: field(data, 'body') };
		if (result.errors) return invalid(400, values, parkErrors(result.errors));
		return invalid(409, values, { action: parkError(result.code) });
	}
	redirect(303, localizeHref(`/park/advice/${event.params.id}?done=${done}`));
}

export const actions: Actions = {
	reply: (event) =>
		act(
			event,
			(ctx, data) =>
				advice.post(event.locals.db, ctx, event.params.id, 'reply', field(data, 'body')),
			'reply'
		),
	note: (event) =>
		act(
			event,
			(ctx, data) =>
				advice.post(event.locals.db, ctx, event.params.id, 'note', field(data, 'body')),
			'note'
		),
	message: (event) =>
		act(
			event,
			(ctx, data) =>
				advice.post(event.locals.db, ctx, event.params.id, 'message', field(data, 'body')),
			'message'
		),
	assign: (event) =>
		act(
			event,
			(ctx, data) => advice.assign(event.locals.db, ctx, event.params.id, field(data, 'assignee')),
			'assign'
		),
	close: (event) =>
		act(event, (ctx) => advice.close(event.locals.db, ctx, event.params.id), 'close')
};
