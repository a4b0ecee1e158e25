import { redirect } from '@sveltejs/kit';
import * as organisations from '$lib/server/organisations';
import { outcomeMessage } from '$lib/server/organisations/messages';
import { field, invalid } from '$lib/server/forms';
import { requireAdmin } from '$lib/server/guards';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Platform admins only: organisations waiting for approval. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	return {
		pending: await organisations.pendingOrganisations(locals.db),
		done: url.searchParams.get('done')
	};
};

async function decide(event: RequestEvent, decision: 'approve' | 'reject') {
	const user = requireAdmin(event.locals);
	const data = await event.request.formData();
	const result = await organisations.decideOrganisation(
		event.locals.db,
		{ actor: user, origin: event.url.origin, ip: event.getClientAddress() },
		field(data, 'id'),
		decision,
		field(data, 'reason')
	);
	if (!result.ok) return invalid(422, {}, { action: outcomeMessage(result.code) });
	redirect(303, localizeHref(`/admin/organisations?done=${decision}`));
}

export const actions: Actions = {
	approve: (event) => decide(event, 'approve'),
	reject: (event) => decide(event, 'reject')
};
