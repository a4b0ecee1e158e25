/**
 * Presence (y-protocols awareness) as the server lets it through. A client's awareness update is
 * decoded and re-encoded before it touches the shared awareness:
 *
 * - a connection speaks for one client id only, the first one it announces; entries for any other
 *   id (a forged caret, or a null state removing someone else's presence) are dropped;
 * - the user's name and colour come from the session, never from the client; the colour is a
 *   `#rrggbb` value from the caret palette, so no CSS reaches other clients;
 * - only the known fields are kept (`user`, and `cursor` for writers): a reader's presence is
 *   marked `readOnly` and carries no caret, so it never shows as a writer's;
 * - an update above `MAX_AWARENESS_BYTES` is refused.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { colourFor } from '../../src/lib/components/editor/colour';

/** Largest awareness update a client may send (a caret and a name need a few hundred bytes). */
export const MAX_AWARENESS_BYTES = 8 * 1024;

const COLOUR = /^#[0-9a-f]{6}$/i;

export class PresenceRefused extends Error {}

/** Who a connection is, as far as presence goes. */
export interface PresenceOwner {
	userId: string | null;
	userName: string | null;
	access: 'write' | 'read';
	/** The one awareness client id this connection may speak for (set on its first update). */
	awarenessId?: number;
}

export function isColour(value: unknown): value is string {
	return typeof value === 'string' && COLOUR.test(value);
}

/** The state other clients see for `owner`: server-filled identity, a writer's caret only. */
export function presenceState(owner: PresenceOwner, state: unknown): Record<string, unknown> {
	const colour = owner.userId ? colourFor(owner.userId) : '#444444';
	const user: Record<string, unknown> = {
		name: owner.userName ?? '',
		color: isColour(colour) ? colour : '#444444'
	};
	if (owner.access !== 'write') {
		user.readOnly = true;
		return { user };
	}
	const out: Record<string, unknown> = { user };
	const cursor = (state as { cursor?: unknown } | null)?.cursor;
	if (cursor === null || (typeof cursor === 'object' && !Array.isArray(cursor))) {
		out.cursor = cursor;
	}
	return out;
}

/**
 * The awareness update `update` from `owner`, rewritten as above; null when nothing in it is the
 * owner's to say. Throws PresenceRefused for an oversized update, or one that does not decode.
 */
export function sanitizeAwareness(owner: PresenceOwner, update: Uint8Array): Uint8Array | null {
	if (update.length > MAX_AWARENESS_BYTES) throw new PresenceRefused('awareness update too large');
	const entries: Array<{ clientId: number; clock: number; state: string }> = [];
	try {
		const decoder = decoding.createDecoder(update);
		const count = decoding.readVarUint(decoder);
		for (let i = 0; i < count; i++) {
			const clientId = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			const raw = decoding.readVarString(decoder);
			const state: unknown = JSON.parse(raw);
			if (owner.awarenessId === undefined && state !== null) owner.awarenessId = clientId;
			if (clientId !== owner.awarenessId) continue;
			entries.push({
				clientId,
				clock,
				state: state === null ? 'null' : JSON.stringify(presenceState(owner, state))
			});
		}
	} catch {
		throw new PresenceRefused('malformed awareness update');
	}
	if (entries.length === 0) return null;
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const e of entries) {
		encoding.writeVarUint(encoder, e.clientId);
		encoding.writeVarUint(encoder, e.clock);
		encoding.writeVarString(encoder, e.state);
	}
	return encoding.toUint8Array(encoder);
}
