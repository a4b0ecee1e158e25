/**
 * Loaded into each benchmarked server (NODE_OPTIONS="--expose-gc --import=…/heap-probe.mjs"): on
 * SIGUSR2 it collects garbage and writes the JS heap in use to HEAP_PROBE_DIR/<pid>. RSS cannot
 * tell documents from PGlite's WASM memory, which lives outside the JS heap. With CPU_PROFILE_FILE
 * set it also profiles from the start and writes the profile (.cpuprofile) at the first SIGUSR2.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector';

const dir = process.env.HEAP_PROBE_DIR;
const profileFile = process.env.CPU_PROFILE_FILE;
let session = null;
if (profileFile) {
	session = new Session();
	session.connect();
	session.post('Profiler.enable', () => session.post('Profiler.start'));
}
if (dir) {
	process.on('SIGUSR2', () => {
		if (session) {
			const s = session;
			session = null;
			s.post('Profiler.stop', (err, result) => {
				if (!err) writeFileSync(profileFile, JSON.stringify(result.profile));
			});
		}
		globalThis.gc?.();
		globalThis.gc?.();
		writeFileSync(join(dir, String(process.pid)), String(process.memoryUsage().heapUsed));
	});
}
