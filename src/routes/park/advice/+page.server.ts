import { redirect } from '@sveltejs/kit';
import * as park from '$lib/server/park';
import { listMunicipalities } from '$lib/server/organisations';
import { field, invalid } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { parkErrors } from '$lib/park/labels';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

const { advice } = park;

/** Public intro; the form and "my requests" for signed-in users; links for advisers and admins. */
export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user;
	const [municipalities, mine, adviser] = await Promise.all([
		user ? listMunicipalities(locals.db) : [],
		user ? advice.mine(locals.db, user.id) : [],
		user ? park.isAdviser(locals.db, user.id) : false
	]);
	return {
		signedIn: Boolean(user),
		isAdviser: adviser || user?.role === 'admin',
		isAdmin: user?.role === 'admin',
		topics: [...advice.adviceTopics],
		municipalities,
		mine,
		targetDays: advice.TARGET_WORKING_DAYS
	};
};

export const actions: Actions = {
	default: async ({ locals, request, url }) => {
		const user = requireUser(locals);
		const data = await request.formData();
		const values = {
			topic: field(data, 'topic'),
			municipalityCode: field(data, 'municipalityCode'),
			subject: field(data, 'subject'),
			description: field(data, 'description')
		};
		const files = data
			.getAll('attachments')
			.filter((f): f is File => typeof f !== 'string' && f.size > 0);
		const attachments = await Promise.all(
			files.map(async (f) => ({
				filename: f.name,
				contentType: f.type,
				data: new Uint8Array(await f.arrayBuffer())
			}))
		);
		const result = await advice.submit(
			locals.db,
			{ actor: user, origin: url.origin },
			{ ...values, attachments }
		);
		if (!result.ok) return invalid(400, values, parkErrors(result.errors ?? {}));
		redirect(303, localizeHref(`/park/advice/${result.value.id}?done=sent`));
	}
};
