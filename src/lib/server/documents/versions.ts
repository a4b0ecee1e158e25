/**
 * Versions of a document: named ones saved by a user and automatic ones (each workflow transition,
 * before a restore). A version keeps the whole state at that moment and the Yjs snapshot. A past
 * version is shown as rendered HTML with what changed marked; a restore is a new change computed
 * against the current document, so edits made since are in history and nothing is silently lost.
 * Free of SvelteKit imports (the library's workflow calls it).
 */
import { and, desc, eq, lt } from 'drizzle-orm';
import * as Y from 'yjs';
import { Node as PMNode } from '@tiptap/pm/model';
import { updateYFragment } from '@tiptap/y-tiptap';
import type { Db } from '../../../../db/client';
import { documentVersions, users } from '../../../../db/schema';
import { realtimeHub } from './hub';
import { bodySchema, docToJson, FRAGMENT, jsonToHtml } from './prosemirror';
import { appendUpdate, ensureDocument, loadState, snapshotOf } from './store';
import type { JSONContent } from '@tiptap/core';

export const VERSION_NAME_MAX = 120;

function gcFreeDoc(state: Uint8Array): Y.Doc {
	const doc = new Y.Doc({ gc: false });
	Y.applyUpdate(doc, state);
	return doc;
}

/** The current state of the document: the live one if it is open, else the stored one. */
export async function currentState(db: Db, id: string): Promise<Uint8Array> {
	const live = realtimeHub()?.live(id);
	if (live) return live.state;
	// Garbage-collected, so a version saved from it keeps no deleted text.
	return (await loadState(db, id, undefined, true)) ?? Y.encodeStateAsUpdate(new Y.Doc());
}

/** Saves the document as it is now as a version; returns its id. */
export async function saveVersion(
	db: Db,
	id: string,
	kind: 'named' | 'auto',
	name: string,
	createdBy: string | null
): Promise<string> {
	await ensureDocument(db, id);
	const state = await currentState(db, id);
	const snapshot = snapshotOf(state);
	const [row] = await db
		.insert(documentVersions)
		.values({
			documentId: id,
			kind,
			name: name.slice(0, VERSION_NAME_MAX),
			state,
			snapshot,
			createdBy
		})
		.returning({ id: documentVersions.id });
	return row.id;
}

export async function listVersions(db: Db, id: string) {
	return db
		.select({
			id: documentVersions.id,
			kind: documentVersions.kind,
			name: documentVersions.name,
			createdAt: documentVersions.createdAt,
			author: users.name
		})
		.from(documentVersions)
		.leftJoin(users, eq(users.id, documentVersions.createdBy))
		.where(eq(documentVersions.documentId, id))
		.orderBy(desc(documentVersions.createdAt), desc(documentVersions.id));
}

export async function getVersion(db: Db, id: string, versionId: string) {
	const [row] = await db
		.select({
			id: documentVersions.id,
			kind: documentVersions.kind,
			name: documentVersions.name,
			state: documentVersions.state,
			createdAt: documentVersions.createdAt,
			author: users.name
		})
		.from(documentVersions)
		.leftJoin(users, eq(users.id, documentVersions.createdBy))
		.where(and(eq(documentVersions.documentId, id), eq(documentVersions.id, versionId)));
	return row ?? null;
}

/** The version saved just before this one, if any. */
export async function previousVersion(db: Db, id: string, createdAt: Date) {
	const [row] = await db
		.select({ id: documentVersions.id, state: documentVersions.state })
		.from(documentVersions)
		.where(and(eq(documentVersions.documentId, id), lt(documentVersions.createdAt, createdAt)))
		.orderBy(desc(documentVersions.createdAt))
		.limit(1);
	return row ?? null;
}

/** The top-level blocks of a state, each rendered to sanitised HTML, and their plain text. */
export function blocksOf(state: Uint8Array): { html: string; text: string }[] {
	const doc = gcFreeDoc(state);
	const json = docToJson(doc);
	doc.destroy();
	return (json.content ?? []).map((block: JSONContent) => {
		const single = { type: 'doc', content: [block] };
		const node = PMNode.fromJSON(bodySchema(), single);
		return {
			html: jsonToHtml(single),
			text: node.textBetween(0, node.content.size, '\n', ' ')
		};
	});
}

export type DiffBlock =
	| { kind: 'same' | 'added' | 'removed'; html: string }
	| { kind: 'changed'; parts: { kind: 'same' | 'added' | 'removed'; text: string }[] };

/** Longest-common-subsequence alignment of two sequences (small inputs: blocks, words). */
function align<T>(a: T[], b: T[], eqf: (x: T, y: T) => boolean) {
	const n = a.length;
	const m = b.length;
	const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
	for (let i = n - 1; i >= 0; i--)
		for (let j = m - 1; j >= 0; j--)
			table[i][j] = eqf(a[i], b[j])
				? table[i + 1][j + 1] + 1
				: Math.max(table[i + 1][j], table[i][j + 1]);
	const out: { kind: 'same' | 'added' | 'removed'; a?: T; b?: T }[] = [];
	let i = 0;
	let j = 0;
	while (i < n && j < m) {
		if (eqf(a[i], b[j])) out.push({ kind: 'same', a: a[i++], b: b[j++] });
		else if (table[i + 1][j] >= table[i][j + 1]) out.push({ kind: 'removed', a: a[i++] });
		else out.push({ kind: 'added', b: b[j++] });
	}
	while (i < n) out.push({ kind: 'removed', a: a[i++] });
	while (j < m) out.push({ kind: 'added', b: b[j++] });
	return out;
}

/**
 * What changed from `from` to `to`, block by block: unchanged blocks as they are, whole blocks added
 * or removed, and a block replaced by one block as a word-level change.
 */
export function diffStates(from: Uint8Array, to: Uint8Array): DiffBlock[] {
	const steps = align(blocksOf(from), blocksOf(to), (x, y) => x.html === y.html);
	const out: DiffBlock[] = [];
	for (let k = 0; k < steps.length; k++) {
		const step = steps[k];
		const next = steps[k + 1];
		if (step.kind === 'removed' && next?.kind === 'added' && step.a!.text && next.b!.text) {
			const words = align(
				step.a!.text.split(/(\s+)/),
				next.b!.text.split(/(\s+)/),
				(x, y) => x === y
			);
			const parts: { kind: 'same' | 'added' | 'removed'; text: string }[] = [];
			for (const w of words) {
				const text = (w.kind === 'added' ? w.b : w.a) ?? '';
				const last = parts[parts.length - 1];
				if (last && last.kind === w.kind) last.text += text;
				else parts.push({ kind: w.kind, text });
			}
			out.push({ kind: 'changed', parts });
			k++;
			continue;
		}
		out.push({ kind: step.kind, html: (step.kind === 'added' ? step.b : step.a)!.html });
	}
	return out;
}

/**
 * The Yjs update that turns `current` into the content of `old`: computed on a copy of the current
 * document, so it applies as one ordinary change on top of everyone's edits.
 */
export function restoreUpdate(current: Uint8Array, old: Uint8Array): Uint8Array {
	const oldDoc = gcFreeDoc(old);
	const target = PMNode.fromJSON(bodySchema(), docToJson(oldDoc));
	oldDoc.destroy();
	const doc = gcFreeDoc(current);
	const before = Y.encodeStateVector(doc);
	doc.transact(() => {
		updateYFragment(doc, doc.getXmlFragment(FRAGMENT), target, {
			mapping: new Map(),
			isOMark: new Map()
		});
	});
	const update = Y.encodeStateAsUpdate(doc, before);
	doc.destroy();
	return update;
}

/**
 * Restores a version as a new change: first saves the current state as an automatic version, then
 * applies the difference through the live document when it is open, else to the stored log.
 */
export async function restoreVersion(
	db: Db,
	id: string,
	versionId: string,
	userId: string,
	beforeName: string
): Promise<boolean> {
	const version = await getVersion(db, id, versionId);
	if (!version) return false;
	await saveVersion(db, id, 'auto', beforeName, userId);
	const update = restoreUpdate(await currentState(db, id), version.state);
	const hub = realtimeHub();
	if (hub && (await hub.change(id, update))) return true;
	await appendUpdate(db, id, update);
	return true;
}
