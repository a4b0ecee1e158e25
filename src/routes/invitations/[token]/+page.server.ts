import { redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/guards';
import { accept, invitationByToken } from '$lib/server/documents/invitations';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/** An invitation link: sign in first (and come back here), then accept. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireUser(locals, url);
	const { state, invitation } = await invitationByToken(locals.db, params.token);
	return {
		state,
		title: invitation?.title ?? null,
		inviter: invitation?.inviter ?? null
	};
};

export const actions: Actions = {
	accept: async ({ locals, params, url }) => {
		const user = requireUser(locals, url);
		const result = await accept(locals.db, params.token, user.id);
		if (!result.ok) return { state: result.state };
		redirect(303, localizeHref(`/library/${result.caseId}/authors?joined=1`));
	}
};
