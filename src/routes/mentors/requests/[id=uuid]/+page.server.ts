import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import * as mentors from '$lib/server/mentors';
import { outcomeMessage } from '$lib/server/mentors/messages';
import { field, invalid } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/**
 * A request and, once accepted, the mentorship. Only the pair see it (admins read it); everyone
 * else gets 404. Every action is checked again in the mentors module.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const mentorship = await mentors.getMentorship(locals.db, user, params.id);
	if (!mentorship) error(404, 'Not found');
	const [messages, sessions, feedback, contact] = await Promise.all([
		mentors.messages(locals.db, mentorship.id),
		mentors.sessionLog(locals.db, mentorship.id),
		mentors.feedbackFor(locals.db, user, mentorship.id, mentorship.role),
		mentorship.role === 'mentee'
			? mentors.contactFor(locals.db, mentorship.mentorId, user.id)
			: Promise.resolve(null)
	]);
	return {
		mentorship,
		messages,
		sessions,
		feedback,
		contact,
		me: user.id,
		done: url.searchParams.get('done'),
		limits: mentors.LIMITS,
		today: new Date().toISOString().slice(0, 10)
	};
};

function context(event: RequestEvent) {
	const user = requireUser(event.locals);
	return { actor: user, origin: event.url.origin, ip: event.getClientAddress() };
}

function done(id: string, code: string, hash = ''): never {
	redirect(303, localizeHref(`/mentors/requests/${id}?done=${code}${hash}`));
}

function refused(
	code: string,
	values: Record<string, unknown> = {},
	fieldName = 'action',
	max?: number
) {
	if (code === 'forbidden') error(403, 'Not your request');
	if (code === 'not_found') error(404, 'Not found');
	const status = code === 'too_long' || code === 'required' || code === 'rating' ? 400 : 409;
	return invalid(status, values, { [fieldName]: outcomeMessage(code, max) });
}

export const actions: Actions = {
	accept: async (event) => {
		const ctx = context(event);
		const message = field(await event.request.formData(), 'message');
		const result = await mentors.respond(event.locals.db, ctx, event.params.id, 'accept', message);
		if (!result.ok)
			return refused(
				result.code,
				{ message },
				result.code === 'too_long' ? 'message' : 'action',
				mentors.LIMITS.response
			);
		done(event.params.id, 'accepted');
	},
	decline: async (event) => {
		const ctx = context(event);
		const message = field(await event.request.formData(), 'message');
		const result = await mentors.respond(event.locals.db, ctx, event.params.id, 'decline', message);
		if (!result.ok)
			return refused(
				result.code,
				{ message },
				result.code === 'too_long' ? 'message' : 'action',
				mentors.LIMITS.response
			);
		done(event.params.id, 'declined');
	},
	withdraw: async (event) => {
		const result = await mentors.withdraw(event.locals.db, context(event), event.params.id);
		if (!result.ok) return refused(result.code);
		done(event.params.id, 'withdrawn');
	},
	complete: async (event) => {
		const result = await mentors.finish(
			event.locals.db,
			context(event),
			event.params.id,
			'completed'
		);
		if (!result.ok) return refused(result.code);
		done(event.params.id, 'completed', '#feedback');
	},
	end: async (event) => {
		const result = await mentors.finish(event.locals.db, context(event), event.params.id, 'ended');
		if (!result.ok) return refused(result.code);
		done(event.params.id, 'completed', '#feedback');
	},
	message: async (event) => {
		const ctx = context(event);
		const body = field(await event.request.formData(), 'body');
		const result = await mentors.postMessage(event.locals.db, ctx, event.params.id, body);
		if (!result.ok) return refused(result.code, { body }, 'body', mentors.LIMITS.message);
		done(event.params.id, 'message', '#conversation');
	},
	session: async (event) => {
		const ctx = context(event);
		const data = await event.request.formData();
		const values = {
			heldOn: field(data, 'heldOn'),
			topic: field(data, 'topic'),
			nextStep: field(data, 'nextStep')
		};
		const result = await mentors.logSession(event.locals.db, ctx, event.params.id, values);
		if (!result.ok) {
			if (result.code === 'invalid') {
				const errors: Record<string, string> = {};
				for (const [name, code] of Object.entries(result.errors)) {
					errors[name] =
						name === 'heldOn' && code === 'invalid'
							? outcomeMessage('date')
							: outcomeMessage(
									code!,
									name === 'topic' ? mentors.LIMITS.topic : mentors.LIMITS.nextStep
								);
				}
				return invalid(400, values, errors);
			}
			return refused(result.code, values);
		}
		done(event.params.id, 'session', '#sessions');
	},
	feedback: async (event) => {
		const ctx = context(event);
		const data = await event.request.formData();
		const values = {
			rating: field(data, 'rating'),
			text: field(data, 'text'),
			shared: field(data, 'shared') === 'on'
		};
		const result = await mentors.leaveFeedback(event.locals.db, ctx, event.params.id, {
			rating: /^[1-5]$/.test(values.rating) ? Number(values.rating) : 0,
			text: values.text,
			shared: values.shared
		});
		if (!result.ok) {
			const fieldName =
				result.code === 'rating' ? 'rating' : result.code === 'too_long' ? 'text' : 'action';
			return refused(result.code, values, fieldName, mentors.LIMITS.feedback);
		}
		done(event.params.id, 'feedback', '#feedback');
	}
};
