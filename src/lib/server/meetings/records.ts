/**
 * A meeting's records kept beside its minutes document: decisions and action items, how they are
 * rendered after the minutes' text in the library entry, and who publishes the minutes. Reads and writes rows only; the entry
 * renderer (documents/render.ts) depends on this module, so it must not import the library.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	meetingActionItems,
	meetingDecisions,
	meetings,
	memberships,
	networkMembers,
	organisations
} from '../../../../db/schema';

export async function decisionsOf(db: Db, meetingId: string) {
	return db
		.select()
		.from(meetingDecisions)
		.where(eq(meetingDecisions.meetingId, meetingId))
		.orderBy(asc(meetingDecisions.createdAt));
}

export async function actionItemsOf(db: Db, meetingId: string) {
	return db
		.select()
		.from(meetingActionItems)
		.where(eq(meetingActionItems.meetingId, meetingId))
		.orderBy(asc(meetingActionItems.dueDate), asc(meetingActionItems.createdAt));
}

export async function addDecision(db: Db, meetingId: string, text: string) {
	await db.insert(meetingDecisions).values({ meetingId, text });
}

export async function addActionItem(
	db: Db,
	meetingId: string,
	item: { text: string; owner: string; dueDate: string | null }
) {
	await db.insert(meetingActionItems).values({ meetingId, ...item });
}

export async function removeDecision(db: Db, meetingId: string, id: string) {
	await db
		.delete(meetingDecisions)
		.where(and(eq(meetingDecisions.meetingId, meetingId), eq(meetingDecisions.id, id)));
}

export async function removeActionItem(db: Db, meetingId: string, id: string) {
	await db
		.delete(meetingActionItems)
		.where(and(eq(meetingActionItems.meetingId, meetingId), eq(meetingActionItems.id, id)));
}

const escapeHtml = (t: string) =>
	t
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;');

/** Minutes text (`#`/`##` headings, blank-line paragraphs) → escaped HTML for the library entry. */
export function minutesHtml(
	text: string,
	decisions: string[],
	actions: Array<{ text: string; owner: string; dueDate: string | null }>,
	labels = { decisions: 'Beslutninger', actions: 'Opgaver', owner: 'ansvarlig', due: 'frist' }
): string {
	const blocks = text
		.split(/\n\s*\n/)
		.map((b) => b.trim())
		.filter(Boolean)
		.map((b) => {
			const h = /^(#{1,3})\s+(.*)$/.exec(b);
			if (h && !b.includes('\n')) {
				const level = h[1].length + 1;
				return `<h${level}>${escapeHtml(h[2])}</h${level}>`;
			}
			return `<p>${escapeHtml(b).replaceAll('\n', '<br>')}</p>`;
		});
	if (decisions.length)
		blocks.push(
			`<h2>${labels.decisions}</h2><ul>${decisions.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>`
		);
	if (actions.length)
		blocks.push(
			`<h2>${labels.actions}</h2><ul>${actions
				.map(
					(a) =>
						`<li>${escapeHtml(a.text)} (${labels.owner}: ${escapeHtml(a.owner)}${a.dueDate ? `, ${labels.due}: ${a.dueDate}` : ''})</li>`
				)
				.join('')}</ul>`
		);
	return blocks.join('\n');
}

/**
 * For a minutes entry: the meeting's decisions and action items (structured data kept beside the
 * document) as HTML and text to append to the rendered body; null for any other entry.
 */
export async function minutesAppendix(
	db: Db,
	caseId: string
): Promise<{ html: string; text: string } | null> {
	const [meeting] = await db
		.select({ id: meetings.id })
		.from(meetings)
		.where(eq(meetings.minutesEntryId, caseId));
	if (!meeting) return null;
	const [decisions, actions] = await Promise.all([
		decisionsOf(db, meeting.id),
		actionItemsOf(db, meeting.id)
	]);
	return {
		html: minutesHtml(
			'',
			decisions.map((d) => d.text),
			actions
		),
		text: [...decisions.map((d) => d.text), ...actions.map((a) => `${a.text} ${a.owner}`)].join(
			'\n'
		)
	};
}

/** The organisation that publishes network minutes: the knowledge centre. */
export const MINUTES_PUBLISHER = 'Videnscenter for Socialøkonomi';

/**
 * Who publishes the minutes: the knowledge centre; where it is missing (an install that renamed or
 * removed it), the organisation of one of the network's coordinators, else the chair's own. Null
 * when there is none: then no minutes document is made and publishing refuses rather than
 * pretending to have published.
 */
export async function publisherOf(
	db: Db,
	meeting: { networkId: string | null },
	actorId: string
): Promise<string | null> {
	const [centre] = await db
		.select({ id: organisations.id })
		.from(organisations)
		.where(eq(organisations.name, MINUTES_PUBLISHER));
	if (centre) return centre.id;
	// Editors and org admins first: they may publish for their organisation in the library too.
	const rank = sql`case ${memberships.role} when 'org_admin' then 0 when 'editor' then 1 else 2 end`;
	if (meeting.networkId) {
		const [viaCoordinator] = await db
			.select({ id: memberships.organisationId })
			.from(memberships)
			.innerJoin(networkMembers, eq(networkMembers.userId, memberships.userId))
			.where(
				and(
					eq(networkMembers.networkId, meeting.networkId),
					eq(networkMembers.role, 'coordinator'),
					eq(memberships.status, 'active')
				)
			)
			.orderBy(rank)
			.limit(1);
		if (viaCoordinator) return viaCoordinator.id;
	}
	const [own] = await db
		.select({ id: memberships.organisationId })
		.from(memberships)
		.where(and(eq(memberships.userId, actorId), eq(memberships.status, 'active')))
		.orderBy(rank)
		.limit(1);
	return own?.id ?? null;
}
