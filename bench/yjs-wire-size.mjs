// Bytes a new client receives on sync (the sync step 2 answer: Y.encodeStateAsUpdate against an
// empty state vector) after ROUNDS × (insert SIZE characters, then delete them), with the live
// document's garbage collection off (as before issue 16) and on. Run: node bench/yjs-wire-size.mjs
import * as Y from 'yjs';
const ROUNDS = Number(process.env.ROUNDS ?? 20);
const SIZE = Number(process.env.SIZE ?? 50_000);
for (const gc of [false, true]) {
	const doc = new Y.Doc({ gc });
	const text = doc.getText('t');
	for (let i = 0; i < ROUNDS; i++) {
		text.insert(0, 'x'.repeat(SIZE));
		text.delete(0, SIZE);
	}
	text.insert(0, 'kept');
	console.log(`gc ${gc ? 'on ' : 'off'}: ${Y.encodeStateAsUpdate(doc).length} bytes`);
}
