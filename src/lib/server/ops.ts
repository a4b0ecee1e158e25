/**
 * What the operations endpoints need from the running server (Redis state, shutdown, metrics).
 * SvelteKit's bundle and the realtime server load separate copies of this module, so the probe
 * lives on globalThis; server.ts sets it, /healthz and the hooks read it.
 */
const KEY = Symbol.for('videnscenter.ops');

export interface OpsProbe {
	/** 'disabled' without REDIS_URL (single process). */
	redis(): 'ok' | 'error' | 'disabled';
	/** Every Redis connection the process depends on, by name; empty without REDIS_URL. */
	redisConnections?(): Record<string, 'ok' | 'error'>;
	/** True once SIGTERM arrived: not ready for new work. */
	draining(): boolean;
	/** Live connections and loaded documents of this process. */
	realtime?(): {
		socketConnections: number;
		meetingRooms: number;
		documents: number;
		yjsConnections: number;
	};
	/** Scheduled background jobs of this process and their last run. */
	jobs?(): { name: string; everyMinutes: number; lastRunAt: Date | null; lastOk: boolean | null }[];
	/** Records one HTTP request by SvelteKit route id (never the raw URL). */
	observeHttp?(route: string, method: string, status: number, seconds: number): void;
}

type Holder = { [KEY]?: OpsProbe };

export function setOps(probe: OpsProbe | undefined): void {
	if (probe) (globalThis as Holder)[KEY] = probe;
	else delete (globalThis as Holder)[KEY];
}

export function ops(): OpsProbe | undefined {
	return (globalThis as Holder)[KEY];
}
