/**
 * The review workflow: submit, request changes, publish, archive and restore, each notified to the
 * people it concerns.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { caseAuthors, cases, users, type CaseStatus } from '../../../../db/schema';
import { audit } from '../audit';
import { notifyEach } from '../notifications';
import * as m from '../../paraglide/messages';
import { realtimeHub } from '../documents/hub';
import { saveVersion } from '../documents/versions';
import type { Viewer } from './access';
import { stripControl } from './validate';
import { revision, refreshBody } from './write';

export const transitions = {
	submit: { from: ['draft', 'changes_requested'], to: 'in_review', admin: false },
	publish: { from: ['in_review'], to: 'published', admin: true },
	request_changes: { from: ['in_review'], to: 'changes_requested', admin: true },
	archive: {
		from: ['draft', 'in_review', 'changes_requested', 'published'],
		to: 'archived',
		admin: true
	}
} as const satisfies Record<string, { from: CaseStatus[]; to: CaseStatus; admin: boolean }>;
export type Transition = keyof typeof transitions;

/** The notice of a workflow step, in the recipient's language. */
function transitionText(action: Transition, title: string, locale: 'da' | 'en') {
	const o = { locale };
	switch (action) {
		case 'submit':
			return {
				title: m.lib_notify_submit_title({ title }, o),
				body: m.lib_notify_submit_body({}, o)
			};
		case 'publish':
			return {
				title: m.lib_notify_publish_title({ title }, o),
				body: m.lib_notify_publish_body({}, o)
			};
		case 'request_changes':
			return {
				title: m.lib_notify_request_changes_title({ title }, o),
				body: m.lib_notify_request_changes_body({}, o)
			};
		case 'archive':
			return {
				title: m.lib_notify_archive_title({ title }, o),
				body: m.lib_notify_archive_body({}, o)
			};
	}
}

export type TransitionOutcome = 'ok' | 'forbidden' | 'wrong_status' | 'not_found';

/**
 * Moves an entry through the workflow. `mayEdit` is the caller's `canEdit` answer; admin-only
 * steps need a platform admin. Audited and notified to the authors (and to admins on submit).
 */
export async function transition(
	db: Db,
	viewer: Viewer,
	id: string,
	action: Transition,
	opts: {
		mayEdit: boolean;
		note?: string;
		origin?: string;
	}
): Promise<TransitionOutcome> {
	const rule = transitions[action];
	const note = stripControl(opts.note ?? '');
	if (rule.admin ? !viewer.admin : !opts.mayEdit) return 'forbidden';
	// A step from the wrong status is refused before anything is touched (the re-render below
	// would otherwise move the entry's updatedAt); the transaction checks again under its lock.
	const [current] = await db.select({ status: cases.status }).from(cases).where(eq(cases.id, id));
	if (!current) return 'not_found';
	if (!(rule.from as readonly string[]).includes(current.status)) return 'wrong_status';
	// The rendered body follows the live document: bring it up to date before the step (publish
	// shows and indexes exactly what was written).
	const hub = realtimeHub();
	if (hub?.live(id)) await hub.flush(id);
	else await refreshBody(db, id);
	const outcome = await db.transaction(async (tx): Promise<TransitionOutcome> => {
		const [row] = await tx
			.select({
				status: cases.status,
				title: cases.title,
				org: cases.organisationId,
				publishedAt: cases.publishedAt,
				periodStart: cases.periodStart
			})
			.from(cases)
			.where(eq(cases.id, id))
			.for('update');
		if (!row) return 'not_found';
		if (!(rule.from as readonly string[]).includes(row.status)) return 'wrong_status';
		const now = new Date();
		await tx
			.update(cases)
			.set({
				status: rule.to,
				updatedAt: now,
				...(action === 'submit' ? { submittedAt: now, reviewNote: '' } : {}),
				...(action === 'request_changes' ? { reviewNote: note.slice(0, 2000) } : {}),
				...(action === 'publish'
					? {
							publishedAt: row.publishedAt ?? now,
							year: row.periodStart
								? Number(row.periodStart.slice(0, 4))
								: (row.publishedAt ?? now).getUTCFullYear()
						}
					: {})
			})
			.where(eq(cases.id, id));
		await revision(tx, id, viewer.id, action, { from: row.status, to: rule.to, note });
		await audit(tx, {
			actorId: viewer.id,
			action: `library.${action}`,
			targetType: 'case',
			targetId: id,
			organisationId: row.org,
			details: { from: row.status, to: rule.to, ...(note ? { note } : {}) }
		});
		const authors = await tx
			.select({ userId: caseAuthors.userId })
			.from(caseAuthors)
			.where(eq(caseAuthors.caseId, id));
		const recipients = new Set(authors.map((a) => a.userId));
		if (action === 'submit') {
			const admins = await tx
				.select({ id: users.id })
				.from(users)
				.where(and(eq(users.role, 'admin'), sql`${users.deletedAt} is null`));
			for (const a of admins) recipients.add(a.id);
		}
		recipients.delete(viewer.id);
		await notifyEach(
			tx,
			recipients,
			(locale) => {
				const text = transitionText(action, row.title, locale);
				return {
					kind: `library.${action}`,
					title: text.title,
					body: [text.body, note].filter(Boolean).join('\n\n'),
					link: `/library/${id}`
				};
			},
			opts.origin
		);
		return 'ok';
	});
	if (outcome !== 'ok') return outcome;
	// Who may write follows the status (an archived entry is closed to its authors), so open
	// connections are decided again, here and on every other process.
	await hub?.accessChanged(id);
	// Each step leaves an automatic version in the entry's history.
	await saveVersion(db, id, 'auto', action, viewer.id);
	return outcome;
}
