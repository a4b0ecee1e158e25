/**
 * The running realtime server, reachable from the app's routes. The bundled SvelteKit app and the
 * realtime server load separate copies of this module, so the handle lives on globalThis.
 */
import { liveUsersChanged } from '../auth/live';

const KEY = Symbol.for('videnscenter.yjs');

export interface RealtimeHub {
	/** Re-checks everyone connected to the document; closes the connections now refused. */
	accessChanged(documentId: string): Promise<void>;
	/** Closes one user's connections to a document. */
	revoke(documentId: string, userId: string): void;
	/**
	 * Who belongs where changed (a role, a membership, an account): re-decides the access of these
	 * users' open connections on every document, or everyone's ('all'), on every process.
	 */
	usersChanged(users: string[] | 'all'): void;
	/** Applies a server-side change (a restore) to the live document: saved, then relayed. */
	change(documentId: string, update: Uint8Array): Promise<boolean>;
	/** The live document's state (as a Yjs update) and snapshot, if loaded. */
	live(documentId: string): { state: Uint8Array; snapshot: Uint8Array } | null;
	/** Re-renders the entry's HTML and text now (at publish). */
	flush(documentId: string): Promise<void>;
}

type Holder = { [KEY]?: RealtimeHub };

export function setRealtimeHub(hub: RealtimeHub | undefined): void {
	if (hub) (globalThis as Holder)[KEY] = hub;
	else delete (globalThis as Holder)[KEY];
}

/** The hub, or null when no realtime server runs in this process (unit tests, scripts). */
export function realtimeHub(): RealtimeHub | null {
	return (globalThis as Holder)[KEY] ?? null;
}

/** After a change of roles or memberships: re-decide the open connections' access (no-op without a realtime server). */
export function usersChanged(users: string[] | 'all'): void {
	realtimeHub()?.usersChanged(users);
	liveUsersChanged(users);
}
