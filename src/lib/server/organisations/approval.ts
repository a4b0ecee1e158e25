/** Approving and rejecting new organisations (platform admins). */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { organisations } from '../../../../db/schema';
import { audit } from '../audit';
import { usersChanged } from '../documents/hub';
import * as m from '../../paraglide/messages';
import { isUuid } from '../core';
import { type Context, MESSAGE_MAX } from './shared';
import { localised, notifyEach } from './notices';

export type Outcome<C extends string> = { ok: true } | { ok: false; code: C };

/** Approves or rejects a pending organisation and tells its creator. Platform admins only. */
export async function decideOrganisation(
	db: Db,
	ctx: Context,
	organisationId: string,
	decision: 'approve' | 'reject',
	reason = ''
): Promise<Outcome<'forbidden' | 'not_pending'>> {
	if (ctx.actor.role !== 'admin') return { ok: false, code: 'forbidden' };
	if (!isUuid(organisationId)) return { ok: false, code: 'not_pending' };
	const note = reason.trim().slice(0, MESSAGE_MAX);
	const outcome = await db.transaction(async (tx) => {
		const [org] = await tx
			.update(organisations)
			.set({ status: decision === 'approve' ? 'approved' : 'rejected' })
			.where(and(eq(organisations.id, organisationId), eq(organisations.status, 'pending')))
			.returning();
		if (!org) return { ok: false as const, code: 'not_pending' as const };
		await audit(tx, {
			actorId: ctx.actor.id,
			action: decision === 'approve' ? 'organisation.approve' : 'organisation.reject',
			targetType: 'organisation',
			targetId: org.id,
			organisationId: org.id,
			ip: ctx.ip,
			details: { name: org.name, ...(note ? { reason: note } : {}) }
		});
		if (org.createdBy) {
			const name = org.name;
			await notifyEach(tx, [org.createdBy], ctx.origin, (locale) =>
				decision === 'approve'
					? {
							kind: 'organisation.approved',
							title: m.org_notify_approved_title({ name }, { locale }),
							body: m.org_notify_approved_body({ name }, { locale }),
							link: localised(`/organisations/${org.slug}`, locale)
						}
					: {
							kind: 'organisation.rejected',
							title: m.org_notify_rejected_title({ name }, { locale }),
							body: [
								m.org_notify_rejected_body({ name }, { locale }),
								note ? m.org_notify_reason({ reason: note }, { locale }) : ''
							]
								.filter(Boolean)
								.join('\n\n'),
							link: localised(`/organisations/${org.slug}`, locale)
						}
			);
		}
		return { ok: true as const };
	});
	if (outcome.ok) usersChanged('all');
	return outcome;
}
