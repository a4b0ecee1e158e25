import { error } from '@sveltejs/kit';
import * as library from '$lib/server/library';
import type { RequestHandler } from './$types';

function esc(s: string): string {
	return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The entry as one self-contained HTML file (same read rule as the page). */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	if (!library.isUuid(params.id)) error(404, 'Not found');
	const entry = await library.getEntry(locals.db, params.id);
	const viewer = await library.viewerOf(locals.db, locals.user);
	if (!entry || !(await library.canRead(locals.db, viewer, entry))) error(404, 'Not found');
	const figures = [
		['Job skabt', entry.jobsCreated],
		['Fleksjob', entry.flexJobs],
		['Personer i uddannelse', entry.peopleInTraining],
		['Personer i ressourceforløb', entry.peopleInRessourceforloeb],
		['SROI', entry.sroiRatio === null ? null : `1:${Number(entry.sroiRatio)}`]
	].filter(([, v]) => v !== null);
	const html = `<!doctype html>
<html lang="${esc(entry.language)}"><head><meta charset="utf-8"><title>${esc(entry.title)}</title></head>
<body>
<h1>${esc(entry.title)}</h1>
<p><em>${esc(entry.organisationName)}${entry.municipalities.length ? ` · ${esc(entry.municipalities.map((x) => x.name).join(', '))}` : ''}</em></p>
<p>${esc(entry.summary)}</p>
${entry.bodyHtml}
${entry.partners.length ? `<h2>Partnere</h2><ul>${entry.partners.map((p) => `<li>${esc(p.name)} (${esc(p.role)})${p.description ? ` – ${esc(p.description)}` : ''}</li>`).join('')}</ul>` : ''}
${figures.length || entry.indicators.length ? `<h2>Effekt</h2><ul>${figures.map(([k, v]) => `<li>${esc(String(k))}: ${esc(String(v))}</li>`).join('')}${entry.indicators.map((x) => `<li>${esc(x.label)}: ${esc(String(Number(x.value)))} ${esc(x.unit)}${x.period ? ` (${esc(x.period)})` : ''}${x.source ? ` – ${esc(x.source)}` : ''}</li>`).join('')}</ul>` : ''}
<p><a href="${esc(`${url.origin}/library/${entry.id}`)}">${esc(`${url.origin}/library/${entry.id}`)}</a></p>
</body></html>
`;
	return new Response(html, {
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-disposition': `attachment; filename="library-${entry.id}.html"`,
			'content-security-policy':
				"default-src 'none'; img-src https: data:; style-src 'unsafe-inline'"
		}
	});
};
