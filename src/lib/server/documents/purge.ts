/**
 * Purging text from a document's whole history: for personal data pasted by mistake (a CPR number, a
 * citizen's name). The text goes from the live document (as an ordinary change everyone receives),
 * from the stored snapshot and log (folded through a garbage-collected document), from every version
 * and from the metadata revisions. Matching ignores case; text is matched within one paragraph
 * (a match that spans two blocks is not found). Free of SvelteKit imports.
 */
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from '../../../../db/client';
import { caseRevisions } from '../../../../db/schema';
import { realtimeHub } from './hub';
import { FRAGMENT } from './prosemirror';
import { appendUpdate, ensureDocument, foldLog, loadState, rewriteVersions } from './store';

/** Shortest text a purge accepts: shorter would match too much by accident. */
export const PURGE_MIN = 3;
export const PURGE_MAX = 500;

/** Embedded objects (an image) count as one position in a Y.XmlText. */
const EMBED = '\uFFFC';

function matches(haystack: string, needle: string): number[] {
	// Lower-casing must keep positions: for the rare letters where it does not, match exactly.
	const fold = (s: string) => (s.toLowerCase().length === s.length ? s.toLowerCase() : s);
	const h = fold(haystack);
	const n = fold(needle);
	const found: number[] = [];
	for (let at = h.indexOf(n); at >= 0; at = h.indexOf(n, at + n.length)) found.push(at);
	return found;
}

function containsText(value: unknown, needle: string): boolean {
	return JSON.stringify(value ?? null)
		.toLowerCase()
		.includes(needle.toLowerCase());
}

/** Removes `needle` from strings anywhere in a JSON value. */
function scrubJson(value: unknown, needle: string): unknown {
	if (typeof value === 'string') {
		let out = value;
		for (const at of matches(value, needle).reverse())
			out = out.slice(0, at) + out.slice(at + needle.length);
		return out;
	}
	if (Array.isArray(value)) return value.map((v) => scrubJson(v, needle));
	if (value && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubJson(v, needle)]));
	return value;
}

/**
 * Deletes every occurrence of `needle` in the document's body: in text, in marks' attributes (a
 * link's address) and in nodes' attributes (an image's description). Resolves to how many it found.
 */
function removeFromDoc(doc: Y.Doc, needle: string): number {
	let count = 0;
	const visit = (node: Y.XmlElement | Y.XmlText | Y.XmlFragment | Y.XmlHook) => {
		if (node instanceof Y.XmlText) {
			const delta = node.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[];
			let text = '';
			const formatted: { at: number; length: number; attributes: Record<string, unknown> }[] = [];
			for (const op of delta) {
				const piece = typeof op.insert === 'string' ? op.insert : EMBED;
				if (op.attributes && containsText(op.attributes, needle))
					formatted.push({ at: text.length, length: piece.length, attributes: op.attributes });
				text += piece;
			}
			for (const f of formatted) {
				const cleared = Object.fromEntries(
					Object.keys(f.attributes)
						.filter((k) => containsText(f.attributes[k], needle))
						.map((k) => [k, null])
				);
				node.format(f.at, f.length, cleared);
				count++;
			}
			for (const at of matches(text, needle).reverse()) {
				node.delete(at, needle.length);
				count++;
			}
			return;
		}
		if (node instanceof Y.XmlElement) {
			for (const [key, value] of Object.entries(node.getAttributes())) {
				if (typeof value === 'string' && containsText(value, needle)) {
					node.setAttribute(key, scrubJson(value, needle) as string);
					count++;
				}
			}
		}
		if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment)
			for (const child of node.toArray()) visit(child);
	};
	doc.transact(() => visit(doc.getXmlFragment(FRAGMENT)));
	return count;
}

/**
 * The change that removes `needle` from a state, computed on a copy: applied as an ordinary update
 * on top of everyone's edits. Null when the text is not there.
 */
export function purgeUpdate(
	state: Uint8Array,
	needle: string
): { update: Uint8Array; count: number } | null {
	const doc = new Y.Doc({ gc: false });
	try {
		Y.applyUpdate(doc, state);
		const before = Y.encodeStateVector(doc);
		const count = removeFromDoc(doc, needle);
		return count ? { update: Y.encodeStateAsUpdate(doc, before), count } : null;
	} finally {
		doc.destroy();
	}
}

/** A whole state without `needle` and without deleted text; null when the text is not there. */
export function purgedState(state: Uint8Array, needle: string): Uint8Array | null {
	const doc = new Y.Doc({ gc: true });
	try {
		Y.applyUpdate(doc, state);
		return removeFromDoc(doc, needle) ? Y.encodeStateAsUpdate(doc) : null;
	} finally {
		doc.destroy();
	}
}

export interface Purged {
	/** Occurrences removed from the current text. */
	current: number;
	/** Versions that held the text. */
	versions: number;
	/** Metadata revisions that held it. */
	revisions: number;
}

/**
 * Removes `needle` from the document `id` and everything it keeps: the current text (through the
 * live document when it is open), every version, the metadata revisions, and the stored snapshot and
 * log. The caller checks the right (a platform admin), audits and re-renders the entry.
 */
export async function purgeText(db: Db, id: string, needle: string): Promise<Purged> {
	await ensureDocument(db, id);
	const hub = realtimeHub();
	const live = hub?.live(id);
	const state = live?.state ?? (await loadState(db, id, undefined, true));
	const change = state ? purgeUpdate(state, needle) : null;
	if (change && !(hub && live && (await hub.change(id, change.update))))
		await appendUpdate(db, id, change.update);
	const versions = await rewriteVersions(db, id, async (s) => purgedState(s, needle));
	const revisions = await db
		.select({ id: caseRevisions.id, metadata: caseRevisions.metadata })
		.from(caseRevisions)
		.where(eq(caseRevisions.caseId, id));
	let revised = 0;
	for (const r of revisions) {
		if (!containsText(r.metadata, needle)) continue;
		await db
			.update(caseRevisions)
			.set({ metadata: scrubJson(r.metadata, needle) as Record<string, unknown> })
			.where(eq(caseRevisions.id, r.id));
		revised++;
	}
	// The inserts that held the text sit in the snapshot and the log: fold them through a
	// garbage-collected document now rather than at the next compaction.
	await foldLog(db, id, undefined, true);
	return { current: change?.count ?? 0, versions, revisions: revised };
}
