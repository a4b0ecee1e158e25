import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import * as park from '$lib/server/park';
import { listMunicipalities } from '$lib/server/organisations';
import { field, invalid } from '$lib/server/forms';
import { requireAdmin } from '$lib/server/guards';
import { parkError, parkErrors } from '$lib/park/labels';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

const { advice } = park;

/** Platform admins edit adviser groups and routing rules. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const [groups, rules, municipalities] = await Promise.all([
		advice.groups(locals.db),
		advice.rules(locals.db),
		listMunicipalities(locals.db)
	]);
	return {
		groups,
		rules,
		municipalities,
		topics: [...advice.adviceTopics],
		done: url.searchParams.get('done')
	};
};

async function act(
	event: RequestEvent,
	run: (
		actor: park.Actor,
		data: FormData
	) => Promise<{ ok: true } | { ok: false; code: string; errors?: Record<string, string> }>
) {
	const actor = requireAdmin(event.locals);
	const data = await event.request.formData();
	const result = await run(actor, data);
	if (!result.ok) {
		if (result.code === 'forbidden') error(403, 'Administrators only');
		const values = Object.fromEntries([...data.entries()].filter(([, v]) => typeof v === 'string'));
		if (result.errors) return invalid(400, values, parkErrors(result.errors));
		return invalid(404, values, { action: parkError(result.code) });
	}
	redirect(303, localizeHref('/park/advice/routing?done=saved'));
}

export const actions: Actions = {
	rule: (e) =>
		act(e, (actor, d) =>
			advice.setRule(e.locals.db, actor, {
				topic: field(d, 'topic'),
				municipalityCode: field(d, 'municipalityCode'),
				groupId: field(d, 'groupId')
			})
		),
	deleteRule: (e) =>
		act(e, (actor, d) => advice.deleteRule(e.locals.db, actor, field(d, 'ruleId'))),
	group: (e) =>
		act(e, (actor, d) =>
			advice.createGroup(e.locals.db, actor, {
				name: field(d, 'name'),
				description: field(d, 'description')
			})
		),
	addMember: (e) =>
		act(e, (actor, d) =>
			advice.addMember(e.locals.db, actor, field(d, 'groupId'), field(d, 'email'))
		),
	removeMember: (e) =>
		act(e, (actor, d) =>
			advice.removeMember(e.locals.db, actor, field(d, 'groupId'), field(d, 'userId'))
		)
};
