/**
 * Loaded into each benchmarked server (NODE_OPTIONS="--expose-gc --import=…/heap-probe.mjs"): on
 * SIGUSR2 it collects garbage and writes the JS heap in use to HEAP_PROBE_DIR/<pid>. RSS cannot
 * tell documents from PGlite's WASM memory, which lives outside the JS heap.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.HEAP_PROBE_DIR;
if (dir) {
	process.on('SIGUSR2', () => {
		globalThis.gc?.();
		globalThis.gc?.();
		writeFileSync(join(dir, String(process.pid)), String(process.memoryUsage().heapUsed));
	});
}
