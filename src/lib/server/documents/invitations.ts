/**
 * Co-author invitations across organisations: an author invites by e-mail; the mail carries a
 * single-use link that expires after a week; whoever opens it signed in becomes a co-author of the
 * entry (write access to its document). The owner removes co-authors, which closes their open
 * connections. Everything is in the audit log. Free of SvelteKit imports.
 */
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { caseAuthors, caseInvitations, cases, notifications, users } from '../../../../db/schema';
import { audit } from '../audit';
import { generateToken, hashToken } from '../auth/session';
import { enqueueMail } from '../mail';
import { realtimeHub } from './hub';

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export interface InvitationTexts {
	subject: string;
	/** The mail's body; the link is appended. */
	body: string;
	/** Title of the in-app notification to an invitee who already has an account. */
	notification: string;
}

/** Sends an invitation; returns the token (only in the mail and to tests through the outbox). */
export async function invite(
	db: Db,
	input: {
		caseId: string;
		email: string;
		invitedBy: string;
		origin: string;
		texts: InvitationTexts;
		now?: Date;
	}
): Promise<{ token: string; expiresAt: Date }> {
	const now = input.now ?? new Date();
	const token = generateToken();
	const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
	const email = input.email.trim().toLowerCase();
	await db.transaction(async (tx) => {
		const [entry] = await tx
			.select({ org: cases.organisationId })
			.from(cases)
			.where(eq(cases.id, input.caseId));
		const [row] = await tx
			.insert(caseInvitations)
			.values({
				caseId: input.caseId,
				email,
				tokenHash: hashToken(token),
				invitedBy: input.invitedBy,
				expiresAt
			})
			.returning({ id: caseInvitations.id });
		const link = `${input.origin}/invitations/${token}`;
		await enqueueMail(tx, {
			to: email,
			kind: 'library.invitation',
			subject: input.texts.subject,
			text: `${input.texts.body}\n\n${link}`
		});
		const [invitee] = await tx
			.select({ id: users.id })
			.from(users)
			.where(and(sql`lower(${users.email}) = ${email}`, isNull(users.deletedAt)));
		if (invitee) {
			await tx.insert(notifications).values({
				userId: invitee.id,
				kind: 'library.invitation',
				title: input.texts.notification,
				body: input.texts.body,
				link: `/invitations/${token}`
			});
		}
		await audit(tx, {
			actorId: input.invitedBy,
			action: 'library.coauthor_invited',
			targetType: 'case',
			targetId: input.caseId,
			organisationId: entry?.org ?? null,
			details: { invitation: row.id, email }
		});
	});
	return { token, expiresAt };
}

export type InvitationState = 'open' | 'expired' | 'used' | 'revoked' | 'unknown' | 'wrong_account';

/** The invitation behind a token, and whether it can still be accepted. */
export async function invitationByToken(db: Db, token: string, now = new Date()) {
	const [row] = await db
		.select({
			id: caseInvitations.id,
			caseId: caseInvitations.caseId,
			email: caseInvitations.email,
			expiresAt: caseInvitations.expiresAt,
			acceptedAt: caseInvitations.acceptedAt,
			revokedAt: caseInvitations.revokedAt,
			title: cases.title,
			inviter: users.name
		})
		.from(caseInvitations)
		.innerJoin(cases, eq(cases.id, caseInvitations.caseId))
		.leftJoin(users, eq(users.id, caseInvitations.invitedBy))
		.where(eq(caseInvitations.tokenHash, hashToken(token)));
	if (!row) return { state: 'unknown' as InvitationState, invitation: null };
	const state: InvitationState = row.acceptedAt
		? 'used'
		: row.revokedAt
			? 'revoked'
			: row.expiresAt <= now
				? 'expired'
				: 'open';
	return { state, invitation: row };
}

/**
 * Accepts an invitation for `userId`: single use (the row is claimed in one statement, so two
 * concurrent accepts cannot both win), then the user becomes a co-author.
 */
export async function accept(
	db: Db,
	token: string,
	userId: string,
	now = new Date()
): Promise<{ ok: true; caseId: string } | { ok: false; state: InvitationState }> {
	return db.transaction(async (tx) => {
		// The invitation is bound to the invited e-mail: another account is refused, and the attempt
		// is in the audit log.
		const { state: before, invitation } = await invitationByToken(tx, token, now);
		if (before === 'open' && invitation) {
			const [me] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
			if (!me || me.email.trim().toLowerCase() !== invitation.email.trim().toLowerCase()) {
				const [entry] = await tx
					.select({ org: cases.organisationId })
					.from(cases)
					.where(eq(cases.id, invitation.caseId));
				await audit(tx, {
					actorId: userId,
					action: 'library.invitation_wrong_account',
					targetType: 'case',
					targetId: invitation.caseId,
					organisationId: entry?.org ?? null,
					details: { invitation: invitation.id }
				});
				return { ok: false as const, state: 'wrong_account' as const };
			}
		}
		const [claimed] = await tx
			.update(caseInvitations)
			.set({ acceptedAt: now, acceptedBy: userId })
			.where(
				and(
					eq(caseInvitations.tokenHash, hashToken(token)),
					isNull(caseInvitations.acceptedAt),
					isNull(caseInvitations.revokedAt),
					gt(caseInvitations.expiresAt, now)
				)
			)
			.returning({ id: caseInvitations.id, caseId: caseInvitations.caseId });
		if (!claimed) {
			const { state } = await invitationByToken(tx, token, now);
			return { ok: false as const, state: state === 'open' ? 'unknown' : state };
		}
		await tx
			.insert(caseAuthors)
			.values({ caseId: claimed.caseId, userId, role: 'coauthor' })
			.onConflictDoNothing();
		const [entry] = await tx
			.select({ org: cases.organisationId })
			.from(cases)
			.where(eq(cases.id, claimed.caseId));
		await audit(tx, {
			actorId: userId,
			action: 'library.coauthor_joined',
			targetType: 'case',
			targetId: claimed.caseId,
			organisationId: entry?.org ?? null,
			details: { invitation: claimed.id }
		});
		return { ok: true as const, caseId: claimed.caseId };
	});
}

export async function authorsOf(db: Db, caseId: string) {
	return db
		.select({
			userId: caseAuthors.userId,
			role: caseAuthors.role,
			name: users.name,
			email: users.email,
			addedAt: caseAuthors.addedAt
		})
		.from(caseAuthors)
		.innerJoin(users, eq(users.id, caseAuthors.userId))
		.where(eq(caseAuthors.caseId, caseId))
		.orderBy(asc(caseAuthors.addedAt));
}

/** Invitations not yet accepted, revoked or expired. */
export async function pendingInvitations(db: Db, caseId: string, now = new Date()) {
	return db
		.select({
			id: caseInvitations.id,
			email: caseInvitations.email,
			expiresAt: caseInvitations.expiresAt
		})
		.from(caseInvitations)
		.where(
			and(
				eq(caseInvitations.caseId, caseId),
				isNull(caseInvitations.acceptedAt),
				isNull(caseInvitations.revokedAt),
				gt(caseInvitations.expiresAt, now)
			)
		)
		.orderBy(asc(caseInvitations.createdAt));
}

export async function revokeInvitation(
	db: Db,
	caseId: string,
	invitationId: string,
	actorId: string
): Promise<boolean> {
	const [row] = await db
		.update(caseInvitations)
		.set({ revokedAt: new Date() })
		.where(
			and(
				eq(caseInvitations.id, invitationId),
				eq(caseInvitations.caseId, caseId),
				isNull(caseInvitations.acceptedAt),
				isNull(caseInvitations.revokedAt)
			)
		)
		.returning({ id: caseInvitations.id });
	if (!row) return false;
	await audit(db, {
		actorId,
		action: 'library.invitation_revoked',
		targetType: 'case',
		targetId: caseId,
		details: { invitation: invitationId }
	});
	return true;
}

/**
 * Removes a co-author (never the owner) and closes their open connections to the document, unless
 * they keep access another way (e.g. as an editor of the owning organisation).
 */
export async function removeCoauthor(
	db: Db,
	caseId: string,
	userId: string,
	actorId: string
): Promise<boolean> {
	const removed = await db.transaction(async (tx) => {
		const [row] = await tx
			.delete(caseAuthors)
			.where(
				and(
					eq(caseAuthors.caseId, caseId),
					eq(caseAuthors.userId, userId),
					eq(caseAuthors.role, 'coauthor')
				)
			)
			.returning({ userId: caseAuthors.userId });
		if (!row) return false;
		const [entry] = await tx
			.select({ org: cases.organisationId })
			.from(cases)
			.where(eq(cases.id, caseId));
		await audit(tx, {
			actorId,
			action: 'library.coauthor_removed',
			targetType: 'case',
			targetId: caseId,
			organisationId: entry?.org ?? null,
			details: { user: userId }
		});
		return true;
	});
	if (removed) await realtimeHub()?.accessChanged(caseId);
	return removed;
}

/** Whether the user is the entry's owner (its creator's author row). */
export async function isOwner(db: Db, caseId: string, userId: string): Promise<boolean> {
	const [row] = await db
		.select({ role: caseAuthors.role })
		.from(caseAuthors)
		.where(and(eq(caseAuthors.caseId, caseId), eq(caseAuthors.userId, userId)));
	return row?.role === 'owner';
}
