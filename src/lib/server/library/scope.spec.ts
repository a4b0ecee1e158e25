/**
 * Who may widen an entry's sharing scope: the owning organisation's editors (not a co-author from
 * elsewhere), and only a knowledge-centre admin makes a published entry public. Refusals are audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import type { Db } from '../../../../db/client';
import { auditLog, caseAuthors, memberships, organisations, users } from '../../../../db/schema';
import { createDraft, getEntry, rawOf, updateMetadata } from './entries';

let handle: Awaited<ReturnType<typeof testDb>>;
let db: Db;
const ids = { owner: '', outsider: '', admin: '', org: '', other: '' };

async function user(email: string, role: 'user' | 'admin' = 'user') {
	const [u] = await db.insert(users).values({ email, name: email, role }).returning();
	return u.id;
}
async function org(name: string) {
	const [o] = await db
		.insert(organisations)
		.values({ kind: 'municipality', name, slug: name.toLowerCase(), status: 'approved' })
		.returning();
	return o.id;
}

beforeAll(async () => {
	handle = await testDb();
	db = handle.db;
	ids.org = await org('Ejerkommune');
	ids.other = await org('Andenkommune');
	ids.owner = await user('redaktor@ejer.test');
	ids.outsider = await user('medforfatter@anden.test');
	ids.admin = await user('admin@videnscenter.test', 'admin');
	await db.insert(memberships).values([
		{ userId: ids.owner, organisationId: ids.org, role: 'editor', status: 'active' },
		{ userId: ids.outsider, organisationId: ids.other, role: 'editor', status: 'active' }
	]);
});
afterAll(() => handle?.drop());

async function entry(scope: string, published = false) {
	const made = await createDraft(
		db,
		ids.owner,
		{ kind: 'case', title: `Post ${scope} ${Math.random()}`, scope, organisationId: ids.org },
		published ? { status: 'published', publishedAt: new Date() } : {}
	);
	if (!made.ok) throw new Error(JSON.stringify(made.errors));
	await db.insert(caseAuthors).values({ caseId: made.value.id, userId: ids.outsider });
	return made.value.id;
}

async function setScope(actor: string, id: string, scope: string) {
	const current = await getEntry(db, id);
	return updateMetadata(db, actor, id, { ...rawOf(current!), scope });
}

describe('sharing scope', () => {
	it('keeps a co-author from another organisation from widening it, and audits the attempt', async () => {
		const id = await entry('organisation');
		expect(await setScope(ids.outsider, id, 'members')).toEqual({
			ok: false,
			errors: { scope: 'scope_widen_outsider' }
		});
		expect((await getEntry(db, id))!.scope).toBe('organisation');
		const logged = await db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.targetId, id), eq(auditLog.action, 'library.scope_widening_refused')));
		expect(logged).toHaveLength(1);
		expect(logged[0].actorId).toBe(ids.outsider);
	});

	it('lets that co-author narrow it, and the owner’s editor widen it', async () => {
		const id = await entry('members');
		expect((await setScope(ids.outsider, id, 'organisation')).ok).toBe(true);
		expect((await setScope(ids.owner, id, 'members')).ok).toBe(true);
		expect((await getEntry(db, id))!.scope).toBe('members');
	});

	it('makes a published entry public only by a knowledge-centre admin', async () => {
		const id = await entry('members', true);
		expect(await setScope(ids.owner, id, 'public')).toEqual({
			ok: false,
			errors: { scope: 'scope_public_review' }
		});
		expect((await setScope(ids.admin, id, 'public')).ok).toBe(true);
		expect((await getEntry(db, id))!.scope).toBe('public');
	});

	it('lets the owner’s editor choose public for a draft, which review then publishes', async () => {
		const id = await entry('organisation');
		expect((await setScope(ids.owner, id, 'public')).ok).toBe(true);
	});
});
