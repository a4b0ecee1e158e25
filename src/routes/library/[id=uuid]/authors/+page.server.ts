import { fail } from '@sveltejs/kit';
import { editableEntry } from '$lib/server/coauthor';
import { field, invalid } from '$lib/server/forms';
import {
	authorsOf,
	invite,
	isOwner,
	pendingInvitations,
	removeCoauthor,
	revokeInvitation
} from '$lib/server/documents/invitations';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Who may remove co-authors: the owner, platform admins and editors of the owning organisation. */
async function mayManage(
	locals: App.Locals,
	entry: { id: string; organisationId: string },
	viewer: { id: string; admin: boolean; roles: Map<string, string> }
): Promise<boolean> {
	if (viewer.admin) return true;
	const role = viewer.roles.get(entry.organisationId);
	if (role === 'editor' || role === 'org_admin') return true;
	return isOwner(locals.db, entry.id, viewer.id);
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { entry, viewer } = await editableEntry(locals, params.id, url);
	return {
		entry: { id: entry.id, title: entry.title },
		authors: await authorsOf(locals.db, entry.id),
		pending: await pendingInvitations(locals.db, entry.id),
		mayManage: await mayManage(locals, entry, viewer),
		/** Just arrived from accepting an invitation. */
		joined: url.searchParams.has('joined')
	};
};

export const actions: Actions = {
	invite: async ({ locals, params, request, url }) => {
		const { entry, user } = await editableEntry(locals, params.id);
		const data = await request.formData();
		const email = field(data, 'email').trim().toLowerCase();
		if (!email) return invalid(400, { email }, { email: m.form_required() });
		if (email.length > 254 || !EMAIL.test(email)) {
			return invalid(400, { email }, { email: m.form_invalid_email() });
		}
		const authors = await authorsOf(locals.db, entry.id);
		if (authors.some((a) => a.email.toLowerCase() === email)) {
			return invalid(409, { email }, { email: m.co_already_author() });
		}
		await invite(locals.db, {
			caseId: entry.id,
			email,
			invitedBy: user.id,
			origin: url.origin,
			texts: {
				subject: m.co_mail_subject({ title: entry.title }),
				body: m.co_mail_body({ name: user.name, title: entry.title }),
				notification: m.co_notify_invited({ title: entry.title })
			}
		});
		return { done: m.co_invited({ email }) };
	},
	remove: async ({ locals, params, request }) => {
		const { entry, viewer } = await editableEntry(locals, params.id);
		if (!(await mayManage(locals, entry, viewer))) return fail(403, { message: m.co_only_owner() });
		const data = await request.formData();
		const userId = field(data, 'user');
		const authors = await authorsOf(locals.db, entry.id);
		const target = authors.find((a) => a.userId === userId && a.role === 'coauthor');
		if (!target) return invalid(404, {}, { user: m.co_invitation_unknown() });
		await removeCoauthor(locals.db, entry.id, target.userId, viewer.id);
		return { done: m.co_removed({ name: target.name }) };
	},
	withdraw: async ({ locals, params, request }) => {
		const { entry, viewer } = await editableEntry(locals, params.id);
		const data = await request.formData();
		const ok = await revokeInvitation(locals.db, entry.id, field(data, 'invitation'), viewer.id);
		if (!ok) return invalid(404, {}, { invitation: m.co_invitation_unknown() });
		return { done: m.co_withdrawn() };
	}
};
