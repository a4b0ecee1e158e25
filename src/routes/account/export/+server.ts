import * as account from '$lib/server/account';
import { requireUser } from '$lib/server/guards';
import { audit } from '$lib/server/audit';
import type { RequestHandler } from './$types';

/** "Download my data": everything the platform holds about the signed-in user, as a JSON file. */
export const GET: RequestHandler = async ({ locals, url, getClientAddress }) => {
	const user = requireUser(locals, url);
	const now = new Date();
	await audit(locals.db, {
		actorId: user.id,
		action: 'user.data_exported',
		targetType: 'user',
		targetId: user.id,
		ip: getClientAddress()
	});
	const data = await account.exportData(locals.db, user.id, now);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${account.exportFileName(now)}"`,
			'cache-control': 'no-store'
		}
	});
};
