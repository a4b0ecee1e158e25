import { error } from '@sveltejs/kit';
import * as library from '$lib/server/library';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { roleLabel } from '../../labels';
import type { RequestHandler } from './$types';

function esc(s: string): string {
	return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The entry as one self-contained HTML file (same read rule as the page). */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const entry = await library.getEntry(locals.db, params.id);
	const viewer = await library.viewerOf(locals.db, locals.user);
	if (!entry || !(await library.canRead(locals.db, viewer, entry))) error(404, 'Not found');
	const figures = [
		[m.lib_jobs_created(), entry.jobsCreated],
		[m.lib_flex_jobs(), entry.flexJobs],
		[m.lib_people_in_training(), entry.peopleInTraining],
		[m.lib_people_in_rf(), entry.peopleInRessourceforloeb],
		[m.lib_sroi(), entry.sroiRatio === null ? null : `1:${Number(entry.sroiRatio)}`]
	].filter(([, v]) => v !== null);
	// Labels are in the reader's language; the entry's own text keeps the language it was written in.
	const ui = esc(getLocale());
	const html = `<!doctype html>
<html lang="${esc(entry.language)}"><head><meta charset="utf-8"><title>${esc(entry.title)}</title></head>
<body>
<h1>${esc(entry.title)}</h1>
<p><em>${esc(entry.organisationName)}${entry.municipalities.length ? ` · ${esc(entry.municipalities.map((x) => x.name).join(', '))}` : ''}</em></p>
<p>${esc(entry.summary)}</p>
${entry.bodyHtml}
${entry.partners.length ? `<h2 lang="${ui}">${esc(m.lib_partners())}</h2><ul>${entry.partners.map((p) => `<li>${esc(p.name)} (<span lang="${ui}">${esc(roleLabel(p.role))}</span>)${p.description ? ` – ${esc(p.description)}` : ''}</li>`).join('')}</ul>` : ''}
${figures.length || entry.indicators.length ? `<h2 lang="${ui}">${esc(m.lib_impact())}</h2><ul>${figures.map(([k, v]) => `<li><span lang="${ui}">${esc(String(k))}</span>: ${esc(String(v))}</li>`).join('')}${entry.indicators.map((x) => `<li>${esc(x.label)}: ${esc(String(Number(x.value)))} ${esc(x.unit)}${x.period ? ` (${esc(x.period)})` : ''}${x.source ? ` – ${esc(x.source)}` : ''}</li>`).join('')}</ul>` : ''}
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
