import { json } from '@sveltejs/kit';
import { audit } from '$lib/server/audit';
import { editableEntry } from '$lib/server/coauthor';
import { MAX_ATTACHMENT_MB, saveAttachment } from '$lib/server/library/attachments';
import { m } from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

/** The attachment types the editor shows inline. */
const IMAGE_NAME = /\.(png|jpe?g)$/i;

/**
 * An image for the editor: stored as an attachment of the entry (type and size checked like every
 * attachment), answered with the URL the editor puts into the document.
 */
export const POST: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
	const { entry, user } = await editableEntry(locals, params.id);
	const data = await request.formData().catch(() => null);
	const file = data?.get('file');
	if (!(file instanceof File) || file.size === 0)
		return json({ field: 'file', message: m.lib_attach_missing() }, { status: 400 });
	if (!IMAGE_NAME.test(file.name))
		return json({ field: 'file', message: m.lib_attach_type() }, { status: 422 });
	const saved = await saveAttachment(locals.db, entry.id, user.id, file);
	if (!saved.ok || !saved.id)
		return json(
			{
				field: 'file',
				message:
					!saved.ok && saved.code === 'too_big'
						? m.lib_attach_too_big({ max: MAX_ATTACHMENT_MB })
						: m.lib_attach_type()
			},
			{ status: !saved.ok && saved.code === 'too_big' ? 413 : 422 }
		);
	await audit(locals.db, {
		actorId: user.id,
		action: 'library.image_uploaded',
		targetType: 'case',
		targetId: entry.id,
		organisationId: entry.organisationId,
		ip: getClientAddress()
	});
	return json({ url: `/library/${entry.id}/attachments/${saved.id}` }, { status: 201 });
};
