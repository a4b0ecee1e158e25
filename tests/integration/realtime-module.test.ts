/**
 * The co-authoring modules against a real database, with a controlled clock: invitations expire
 * after seven days and are single use even when accepted twice at once; versions, their diff and a
 * restore computed as a change on top of edits made since.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { testDb } from '../helpers/db';
import type { Db } from '../../db/client';
import { caseAuthors, cases, organisations, users } from '../../db/schema';
import * as invitations from '../../src/lib/server/documents/invitations';
import { diffStates, restoreUpdate } from '../../src/lib/server/documents/versions';
import { docToText, htmlToState } from '../../src/lib/server/documents/prosemirror';

const texts = { subject: 'Invitation', body: 'Skriv med', notification: 'Inviteret' };

let handle: Awaited<ReturnType<typeof testDb>>;
let db: Db;
let caseId: string;
let ownerId: string;

async function person(email: string): Promise<string> {
	const [row] = await db.insert(users).values({ email, name: email }).returning({ id: users.id });
	return row.id;
}

beforeAll(async () => {
	handle = await testDb();
	db = handle.db;
	ownerId = await person('ejer@modul.example');
	const [org] = await db
		.insert(organisations)
		.values({ kind: 'enterprise', name: 'Modul ApS', slug: 'modul-aps' })
		.returning({ id: organisations.id });
	const [row] = await db
		.insert(cases)
		.values({
			kind: 'method_note',
			title: 'Modulnotat',
			organisationId: org.id,
			createdBy: ownerId
		})
		.returning({ id: cases.id });
	caseId = row.id;
	await db.insert(caseAuthors).values({ caseId, userId: ownerId, role: 'owner' });
});
afterAll(() => handle?.drop());

describe('invitations', () => {
	it('expire after seven days', async () => {
		const guest = await person('gaest1@modul.example');
		const sentAt = new Date('2026-01-01T10:00:00Z');
		const { token, expiresAt } = await invitations.invite(db, {
			caseId,
			email: 'gaest1@modul.example',
			invitedBy: ownerId,
			origin: 'http://x',
			texts,
			now: sentAt
		});
		expect(expiresAt.getTime() - sentAt.getTime()).toBe(7 * 24 * 3600 * 1000);
		const late = new Date('2026-01-08T10:00:01Z');
		expect((await invitations.invitationByToken(db, token, late)).state).toBe('expired');
		expect(await invitations.accept(db, token, guest, late)).toEqual({
			ok: false,
			state: 'expired'
		});
		const inTime = new Date('2026-01-08T09:59:59Z');
		expect(await invitations.accept(db, token, guest, inTime)).toEqual({ ok: true, caseId });
	});

	it('are single use when accepted twice at once, and refused to another account', async () => {
		const a = await person('gaest2@modul.example');
		const b = await person('gaest3@modul.example');
		const { token } = await invitations.invite(db, {
			caseId,
			email: 'gaest2@modul.example',
			invitedBy: ownerId,
			origin: 'http://x',
			texts
		});
		// Another account holding the link is refused while the invitation is open.
		expect(await invitations.accept(db, token, b)).toEqual({ ok: false, state: 'wrong_account' });
		// The invited person in two tabs at once: one acceptance counts.
		const results = await Promise.all([
			invitations.accept(db, token, a),
			invitations.accept(db, token, a)
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toEqual({ ok: false, state: 'used' });
		const joined = await db
			.select()
			.from(caseAuthors)
			.where(and(eq(caseAuthors.caseId, caseId), eq(caseAuthors.role, 'coauthor')));
		expect(joined.filter((j) => j.userId === a)).toHaveLength(1);
		expect(joined.map((j) => j.userId)).not.toContain(b);
	});

	it('never removes the owner', async () => {
		expect(await invitations.removeCoauthor(db, caseId, ownerId, ownerId)).toBe(false);
		expect(await invitations.isOwner(db, caseId, ownerId)).toBe(true);
	});
});

describe('versions', () => {
	function docOf(state: Uint8Array): Y.Doc {
		const doc = new Y.Doc({ gc: false });
		Y.applyUpdate(doc, state);
		return doc;
	}

	it('marks replaced words and added or removed blocks', () => {
		const from = htmlToState('<p>Vi ansatte 16 unge.</p><p>Uændret afsnit.</p><p>Slettes.</p>');
		const to = htmlToState('<p>Vi ansatte 18 unge.</p><p>Uændret afsnit.</p><h2>Nyt</h2>');
		const diff = diffStates(from, to);
		expect(diff[0]).toEqual({
			kind: 'changed',
			parts: [
				{ kind: 'same', text: 'Vi ansatte ' },
				{ kind: 'removed', text: '16' },
				{ kind: 'added', text: '18' },
				{ kind: 'same', text: ' unge.' }
			]
		});
		expect(diff[1]).toEqual({ kind: 'same', html: '<p>Uændret afsnit.</p>' });
		expect(diff.slice(2)).toEqual(
			expect.arrayContaining([expect.objectContaining({ kind: 'changed' })])
		);
		expect(diffStates(to, to).every((b) => b.kind === 'same')).toBe(true);
	});

	it('restores as a change on top of the current document, merging with concurrent edits', () => {
		const old = docOf(htmlToState('<p>Gammel tekst.</p>'));
		// The current document grew from the old one.
		const current = docOf(Y.encodeStateAsUpdate(old));
		const fragment = current.getXmlFragment('default');
		const p = new Y.XmlElement('paragraph');
		p.insert(0, [new Y.XmlText('Nyere afsnit.')]);
		fragment.push([p]);
		// Someone else edits concurrently, from the current state.
		const other = docOf(Y.encodeStateAsUpdate(current));
		const q = new Y.XmlElement('paragraph');
		q.insert(0, [new Y.XmlText('Samtidig tilføjelse.')]);
		other.getXmlFragment('default').push([q]);

		const update = restoreUpdate(Y.encodeStateAsUpdate(current), Y.encodeStateAsUpdate(old));
		Y.applyUpdate(current, update);
		expect(docToText(current)).toBe('Gammel tekst.');
		// The concurrent addition is not dropped: it merges in after the restore.
		Y.applyUpdate(current, Y.encodeStateAsUpdate(other));
		Y.applyUpdate(other, update);
		expect(docToText(current)).toContain('Samtidig tilføjelse.');
		expect(docToText(other)).toBe(docToText(current));
	});
});
