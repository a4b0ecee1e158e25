import { error, fail, redirect } from '@sveltejs/kit';
import * as impact from '$lib/server/impact';
import type { FileProblem, RowProblem } from '$lib/server/impact/csv';
import { field } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { parkErrors } from '$lib/park/labels';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/** Platform admins and editors of a municipality add snapshots. */
async function guard(locals: App.Locals, url?: URL) {
	const user = requireUser(locals, url);
	if (!(await impact.canAddSnapshots(locals.db, user))) error(403, 'Not allowed');
	return user;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	await guard(locals, url);
	return {};
};

function fileProblem(p: FileProblem): string {
	switch (p.code) {
		case 'empty':
			return m.impact_file_empty();
		case 'too_large':
			return m.impact_file_too_large();
		case 'too_many_rows':
			return m.impact_file_too_many_rows({ max: p.max });
		case 'missing_columns':
			return m.impact_file_missing_columns({ columns: p.columns.join(', ') });
		case 'unknown_columns':
			return m.impact_file_unknown_columns({ columns: p.columns.join(', ') });
		case 'duplicate_columns':
			return m.impact_file_duplicate_columns({ columns: p.columns.join(', ') });
	}
}

function rowProblem(p: RowProblem): string {
	const args = { column: p.column ?? '', value: p.value ?? '' };
	switch (p.code) {
		case 'wrong_cell_count':
			return m.impact_row_wrong_cell_count(args);
		case 'unknown_municipality':
			return m.impact_row_unknown_municipality(args);
		case 'missing_value':
			return m.impact_row_missing_value(args);
		case 'not_a_count':
			return m.impact_row_not_a_count(args);
		case 'negative':
			return m.impact_row_negative(args);
		case 'not_a_number':
			return m.impact_row_not_a_number(args);
		case 'duplicate_row':
			return m.impact_row_duplicate_row({ value: args.value, line: p.firstLine ?? 0 });
	}
}

const DELIMITERS: Record<string, () => string> = {
	',': m.impact_delimiter_comma,
	';': m.impact_delimiter_semicolon,
	'\t': m.impact_delimiter_tab
};

/** Reads the form: the meta fields and the file (upload, pasted text, or the previewed text). */
async function read(request: Request) {
	const data = await request.formData();
	const meta = {
		title: field(data, 'title'),
		date: field(data, 'date'),
		source: field(data, 'source')
	};
	const upload = data.get('file');
	let bytes: Uint8Array | null = null;
	if (upload && typeof upload !== 'string' && upload.size > 0)
		bytes = new Uint8Array(await upload.arrayBuffer());
	else {
		const text = field(data, 'text') || field(data, 'payload');
		if (text.trim()) bytes = new TextEncoder().encode(text);
	}
	return { meta, bytes };
}

async function check(locals: App.Locals, request: Request) {
	const { meta, bytes } = await read(request);
	const errors = parkErrors(impact.validateMeta(meta));
	if (!bytes) {
		errors.file = m.impact_no_file();
		return { meta, errors, file: null, text: '' };
	}
	const codes = await impact.municipalityCodes(locals.db);
	const file = impact.parseSnapshotCsv(bytes, codes);
	const text = file.valid ? impact.decode(bytes).text.replace(/^\ufeff/, '') : '';
	return { meta, errors, file, text };
}

function previewOf(file: impact.ParsedFile, text: string) {
	return {
		valid: file.valid,
		encoding: file.encoding,
		delimiter: DELIMITERS[file.delimiter](),
		fileProblems: file.fileProblems.map(fileProblem),
		rows: file.rows.map((r) => ({
			line: r.line,
			municipalityCode: r.municipalityCode,
			municipality: r.municipality,
			values: r.values,
			problems: r.problems.map(rowProblem)
		})),
		bad: file.rows.filter((r) => r.problems.length).length,
		// The decoded file travels back with the confirm form, so nothing is stored before the import.
		payload: file.valid ? text : ''
	};
}

export const actions: Actions = {
	preview: async ({ locals, request }) => {
		await guard(locals);
		const { meta, errors, file, text } = await check(locals, request);
		const preview = file ? previewOf(file, text) : null;
		const status = Object.keys(errors).length || !preview?.valid ? 422 : 200;
		return status === 200
			? { values: meta, errors, preview }
			: fail(status, { values: meta, errors, preview });
	},

	import: async ({ locals, request }) => {
		const user = await guard(locals);
		const { meta, errors, file, text } = await check(locals, request);
		if (!file || Object.keys(errors).length || !file.valid)
			return fail(422, { values: meta, errors, preview: file ? previewOf(file, text) : null });
		const result = await impact.importSnapshot(locals.db, user, meta, file);
		if (!result.ok) error(result.code === 'forbidden' ? 403 : 422, 'Not imported');
		redirect(303, localizeHref(`/impact?s=${result.id}&saved=1`));
	}
};
