import type { Client } from './http';

export interface OutboxMail {
	kind: string;
	subject: string;
	to: string;
	text: string;
}

const ENTITIES: Record<string, string> = {
	'&amp;': '&',
	'&lt;': '<',
	'&gt;': '>',
	'&quot;': '"',
	'&#39;': "'",
	'&#x27;': "'"
};

/** Text as it reads in the browser, from HTML-escaped markup. */
export function unescapeHtml(html: string): string {
	return html.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (entity) => ENTITIES[entity]);
}

/** The mails in the dev outbox (`/admin/outbox`), newest first; `admin` is signed in as an admin. */
export async function readOutbox(admin: Client): Promise<OutboxMail[]> {
	const response = await admin.get('/admin/outbox');
	if (response.status !== 200) throw new Error(`/admin/outbox answered ${response.status}`);
	const body = await response.text();
	const re =
		/data-kind="([^"]+)"[\s\S]*?<h2[^>]*>([\s\S]*?)<\/h2>[\s\S]*?<span class="to[^"]*">([^<]*)<\/span>[\s\S]*?<pre[^>]*>([\s\S]*?)<\/pre>/g;
	return [...body.matchAll(re)].map((match) => ({
		kind: match[1],
		subject: unescapeHtml(match[2].trim()),
		to: unescapeHtml(match[3].trim()),
		text: unescapeHtml(match[4])
	}));
}

/** The first link in a mail's text that contains `path`. */
export function linkIn(mail: OutboxMail, path: string): string {
	const link = mail.text.match(/https?:\/\/\S+/g)?.find((url) => url.includes(path));
	if (!link) throw new Error(`no ${path} link in mail "${mail.subject}":\n${mail.text}`);
	return link;
}
