import { m } from '$lib/paraglide/messages';

const autoNames: Record<string, () => string> = {
	submit: m.co_auto_submit,
	publish: m.co_auto_publish,
	request_changes: m.co_auto_request_changes,
	archive: m.co_auto_archive,
	'before-restore': m.co_auto_before_restore
};

/** A version's name as shown: automatic versions are named by what made them. */
export function versionName(v: { kind: string; name: string }): string {
	if (v.kind === 'auto') return autoNames[v.name]?.() ?? v.name;
	return v.name;
}
