/**
 * Who may read and change a library entry. Reading a published entry depends on its sharing scope;
 * everything else (drafts, review) on authorship, the owning organisation and the platform role.
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
	caseAuthors,
	memberships,
	networks,
	organisations,
	type CaseScope,
	type CaseStatus
} from '../../../../db/schema';
import type { SessionUser } from '../auth/session';

export interface Viewer {
	id: string;
	admin: boolean;
	/** Organisations the user is an active member of, with their role. */
	roles: Map<string, 'member' | 'editor' | 'org_admin'>;
}

export async function viewerOf(db: Db, user: SessionUser | null): Promise<Viewer | null> {
	if (!user) return null;
	const rows = await db
		.select({ org: memberships.organisationId, role: memberships.role })
		.from(memberships)
		.where(and(eq(memberships.userId, user.id), eq(memberships.status, 'active')));
	return {
		id: user.id,
		admin: user.role === 'admin',
		roles: new Map(rows.map((r) => [r.org, r.role]))
	};
}

/**
 * The condition under which the viewer may read a published entry, on the alias `c` of cases.
 * Anonymous visitors (and the open-data API) see `public` only.
 */
export function visibleSql(viewer: Viewer | null): SQL {
	if (!viewer) return sql`c.status = 'published' and c.scope = 'public'`;
	if (viewer.admin) return sql`c.status = 'published'`;
	const uid = viewer.id;
	return sql`c.status = 'published' and (
		c.scope in ('public', 'members')
		or exists (select 1 from memberships vm where vm.user_id = ${uid} and vm.status = 'active' and vm.organisation_id = c.organisation_id)
		or exists (select 1 from case_authors va where va.case_id = c.id and va.user_id = ${uid})
		or (c.scope = 'network' and exists (
			select 1 from case_networks cn join network_members nm on nm.network_id = cn.network_id
			where cn.case_id = c.id and (nm.user_id = ${uid} or nm.organisation_id in (
				select vm2.organisation_id from memberships vm2 where vm2.user_id = ${uid} and vm2.status = 'active')))))`;
}

export interface EntryRef {
	id: string;
	organisationId: string;
	createdBy: string | null;
	status: CaseStatus;
	scope: CaseScope;
}

export async function isAuthor(db: Db, caseId: string, userId: string): Promise<boolean> {
	const [row] = await db
		.select({ one: sql`1` })
		.from(caseAuthors)
		.where(and(eq(caseAuthors.caseId, caseId), eq(caseAuthors.userId, userId)));
	return Boolean(row);
}

/** Editors and org admins of the owning organisation, the creator, co-authors, platform admins. */
export async function canEdit(db: Db, viewer: Viewer | null, entry: EntryRef): Promise<boolean> {
	if (!viewer) return false;
	if (viewer.admin) return true;
	if (entry.status === 'archived') return false;
	const role = viewer.roles.get(entry.organisationId);
	if (role === 'editor' || role === 'org_admin') return true;
	if (entry.createdBy === viewer.id) return true;
	return isAuthor(db, entry.id, viewer.id);
}

/** May the viewer read this entry at all (published within scope, or as one who may edit it)? */
export async function canRead(db: Db, viewer: Viewer | null, entry: EntryRef): Promise<boolean> {
	if (viewer?.admin) return true;
	if (entry.status === 'published') {
		if (entry.scope === 'public') return true;
		if (!viewer) return false;
		if (entry.scope === 'members') return true;
		if (viewer.roles.has(entry.organisationId)) return true;
		if (await isAuthor(db, entry.id, viewer.id)) return true;
		if (entry.scope === 'network') {
			const orgIds = [...viewer.roles.keys()];
			const rows =
				(await db.execute(sql`select 1 from case_networks cn join network_members nm on nm.network_id = cn.network_id
				where cn.case_id = ${entry.id} and (nm.user_id = ${viewer.id}
				${
					orgIds.length
						? sql`or nm.organisation_id in (${sql.join(
								orgIds.map((o) => sql`${o}`),
								sql`, `
							)})`
						: sql``
				}) limit 1`)) as unknown;
			const list = Array.isArray(rows) ? rows : ((rows as { rows: unknown[] }).rows ?? []);
			return list.length > 0;
		}
		return false;
	}
	return canEdit(db, viewer, entry);
}

/** May this viewer create entries for the organisation? */
export function canCreateFor(viewer: Viewer | null, organisationId: string): boolean {
	if (!viewer) return false;
	if (viewer.admin) return true;
	const role = viewer.roles.get(organisationId);
	return role === 'editor' || role === 'org_admin';
}

/** The organisations a viewer may create drafts for: those where they are an editor or an admin. */
export async function draftOrganisations(db: Db, viewer: Viewer) {
	const ids = [...viewer.roles].filter(([, r]) => r !== 'member').map(([id]) => id);
	if (!ids.length) return [];
	return db
		.select({ id: organisations.id, name: organisations.name })
		.from(organisations)
		.where(inArray(organisations.id, ids))
		.orderBy(asc(organisations.name));
}

/** Every network an entry can be shared with, by name. */
export async function networkChoices(db: Db) {
	return db
		.select({ id: networks.id, name: networks.name })
		.from(networks)
		.orderBy(asc(networks.name));
}
