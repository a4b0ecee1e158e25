/**
 * Body imports: Markdown and .docx become HTML, which `htmlToState` then sanitises into the schema.
 */
import mammoth from 'mammoth';
import { marked } from 'marked';

export function markdownToHtml(markdown: string): string {
	return marked.parse(markdown, { async: false, gfm: true }) as string;
}

export async function docxToHtml(buffer: Buffer): Promise<string> {
	const result = await mammoth.convertToHtml({ buffer });
	return result.value;
}
