/**
 * The body schema, one set for the collaborative editor in the browser and for the server's
 * conversions (imports, rendering, search text): StarterKit with a link that carries only its
 * address, tables and images. Link targets and image sources are checked by `isSafeUrl`.
 */
import type { Extensions } from '@tiptap/core';
import Image from '@tiptap/extension-image';
import Link from '@tiptap/extension-link';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import StarterKit from '@tiptap/starter-kit';

/** `rel` of every link in a body. */
export const LINK_REL = 'noopener noreferrer nofollow';

const BASE = 'https://same-origin.invalid';

/**
 * Whether `url` may be a link target or image source in a body: an http(s) or mailto URL, a
 * same-origin path or (links only) a fragment. Decided by the WHATWG URL parser, as browsers
 * decide, so tricks that turn into another scheme or host (`/\host`, tabs, `java\nscript:`) are out.
 */
export function isSafeUrl(url: string, kind: 'link' | 'image' = 'link'): boolean {
	// Browsers drop tabs and newlines and trim controls and spaces before parsing: refuse them all.
	// eslint-disable-next-line no-control-regex
	if (!url || /[\u0000-\u0020\u007f\\]/.test(url)) return false;
	if (url.startsWith('#')) return kind === 'link';
	let parsed: URL;
	try {
		parsed = new URL(url, BASE);
	} catch {
		return false;
	}
	if (url.startsWith('/')) return !url.startsWith('//') && parsed.origin === BASE;
	// Anything else resolving to the base was relative (`evil.html`, `https:evil`): refuse it.
	if (parsed.origin === BASE) return false;
	if (parsed.protocol === 'mailto:') return kind === 'link';
	return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '';
}

/** Attributes a link keeps in the document but never renders as given by a writer. */
const unrendered = { default: null, parseHTML: () => null, renderHTML: () => ({}) };

/** A link whose only rendered attributes are its checked address and LINK_REL. */
const SafeLink = Link.extend({
	addAttributes() {
		return {
			...this.parent?.(),
			target: unrendered,
			class: unrendered,
			rel: { default: LINK_REL, parseHTML: () => LINK_REL, renderHTML: () => ({ rel: LINK_REL }) }
		};
	}
}).configure({
	openOnClick: false,
	protocols: ['http', 'https', 'mailto'],
	HTMLAttributes: { target: null, rel: LINK_REL, class: null },
	isAllowedUri: (url) => isSafeUrl(url)
});

/** The body's extensions (without collaboration, which the editor adds). */
export function bodyExtensions(): Extensions {
	return [
		StarterKit.configure({ undoRedo: false, link: false }),
		SafeLink,
		Table.configure({ resizable: false }),
		TableRow,
		TableHeader,
		TableCell,
		Image.configure({ inline: false, allowBase64: false })
	];
}
