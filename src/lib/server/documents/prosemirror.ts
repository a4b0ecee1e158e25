/**
 * Server-side conversions between a body's forms: HTML (imports, the plain form), the Yjs document
 * the collaborative editor edits (ProseMirror content in the XmlFragment `default`), and the rendered
 * HTML and plain text kept in the entry's row. Everything passes through the Tiptap schema, so only
 * its nodes and marks survive: no script, style or event attribute can get through.
 */
import { getSchema, type Extensions, type JSONContent } from '@tiptap/core';
import { generateJSON } from '@tiptap/html/server';
import { Window } from 'happy-dom';
import { bodyExtensions as makeBodyExtensions, isSafeUrl, LINK_REL } from '../../editor/body';
import { DOMSerializer, Node as PMNode } from '@tiptap/pm/model';
import { prosemirrorJSONToYDoc, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

/** The XmlFragment Tiptap's Collaboration extension binds to by default. */
export const FRAGMENT = 'default';

/** The body schema: the editor's own set (src/lib/editor/body.ts). */
export const bodyExtensions: Extensions = makeBodyExtensions();
export { isSafeUrl, LINK_REL };

let cachedSchema: ReturnType<typeof getSchema> | null = null;
export function bodySchema() {
	cachedSchema ??= getSchema(bodyExtensions);
	return cachedSchema;
}

/**
 * Drops link targets and image sources that are not http(s), mailto or same-site paths, and every
 * link attribute but `href` (no `class` or `target` from clients; `rel` is always LINK_REL).
 */
function cleanUrls(node: JSONContent): JSONContent {
	const out: JSONContent = { ...node };
	if (out.type === 'image') {
		const src = String(out.attrs?.src ?? '');
		if (!isSafeUrl(src, 'image')) out.attrs = { ...out.attrs, src: null };
	}
	if (out.marks) {
		out.marks = out.marks
			.filter((mark) => mark.type !== 'link' || isSafeUrl(String(mark.attrs?.href ?? '')))
			.map((mark) =>
				mark.type === 'link'
					? { ...mark, attrs: { href: mark.attrs?.href, target: null, rel: LINK_REL, class: null } }
					: mark
			);
		if (out.marks.length === 0) delete out.marks;
	}
	if (out.content) {
		out.content = out.content
			.map(cleanUrls)
			.filter((child) => child.type !== 'image' || child.attrs?.src);
	}
	return out;
}

/** HTML → ProseMirror JSON of the body schema (anything else is dropped). */
export function htmlToJson(html: string): JSONContent {
	const json = generateJSON(html || '<p></p>', bodyExtensions) as JSONContent;
	const cleaned = cleanUrls(json);
	// Validate against the schema; throws on content the schema cannot hold.
	PMNode.fromJSON(bodySchema(), cleaned).check();
	return cleaned;
}

/** A new Yjs document holding `json` in the `default` fragment. */
export function jsonToDoc(json: JSONContent): Y.Doc {
	return prosemirrorJSONToYDoc(bodySchema(), json, FRAGMENT);
}

/** HTML → a Yjs update (the whole document) ready for `saveState`. */
export function htmlToState(html: string): Uint8Array {
	return Y.encodeStateAsUpdate(jsonToDoc(htmlToJson(html)));
}

/** The document's content as ProseMirror JSON. */
export function docToJson(doc: Y.Doc): JSONContent {
	const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(FRAGMENT)) as JSONContent;
	if (!json.content || json.content.length === 0)
		return { type: 'doc', content: [{ type: 'paragraph' }] };
	return json;
}

let serializerWindow: Window | null = null;

/**
 * Sanitised HTML of ProseMirror JSON through the body schema (unsafe link targets and image sources
 * dropped, as everywhere). The same as `generateHTML` of @tiptap/html, but
 * with the schema built once and one long-lived DOM to serialise into: `generateHTML` builds both
 * for every call, most of a render's time (a short note: ~4 ms → well under 1 ms).
 */
export function jsonToHtml(json: JSONContent): string {
	const schema = bodySchema();
	serializerWindow ??= new Window({
		settings: {
			disableJavaScriptEvaluation: true,
			disableJavaScriptFileLoading: true,
			disableCSSFileLoading: true,
			disableIframePageLoading: true,
			disableComputedStyleRendering: true
		}
	});
	const document = serializerWindow.document as unknown as Document;
	const wrap = document.createElement('div');
	DOMSerializer.fromSchema(schema).serializeFragment(
		PMNode.fromJSON(schema, cleanUrls(json)).content,
		{ document },
		wrap
	);
	return wrap.innerHTML;
}

/** Rendered, sanitised HTML of the document. */
export function docToHtml(doc: Y.Doc): string {
	return jsonToHtml(docToJson(doc));
}

/** Plain text of the document: blocks separated by blank lines, table cells by spaces. */
export function docToText(doc: Y.Doc): string {
	const node = PMNode.fromJSON(bodySchema(), docToJson(doc));
	return node.textBetween(0, node.content.size, '\n\n', ' ').trim();
}
