// The engine's exports as the host calls them (docs/internals.md "Engine exports"). Every
// number crossing the boundary is an i32 or an f64, never an i64 (BigInt calls are slow).

export interface EngineExports {
  memory: WebAssembly.Memory;
  /** The module's top-level code (the policy's `register(…)`), exported by `--exportStart`. */
  _start(): void;
  __collect(): void;
  abi_alloc(nbytes: number): number;
  abi_setup(
    mach: number,
    machLen: number,
    wl: number,
    wlLen: number,
    seed: number,
    durationNs: number,
    opsMask: number,
    flags: number,
  ): number;
  abi_start(): number;
  abi_run(untilNs: number, maxEvents: number): number;
  abi_now(): number;
  abi_events(): number;
  abi_trace_ptr(): number;
  abi_trace_count(): number;
  abi_trace_clear(): void;
  abi_log_ptr(): number;
  abi_log_count(): number;
  abi_log_clear(): void;
  abi_exit_kind(): number;
  abi_exit_reason(): number;
  abi_exit_msg(): number;
  abi_exit_callback(): number;
  abi_exit_at(): number;
  abi_cur_callback(): number;
  abi_stats_ptr(): number;
  abi_cpu_stats_ptr(): number;
  abi_group_stats_ptr(): number;
  abi_hist_ptr(group: number, metric: number): number;
  abi_task_stats_ptr(): number;
  abi_task_count(): number;
  /** Names group `g` (its tasks' comm, as in stall messages) from `len` UTF-16 units at `ptr`. */
  abi_set_group_name?(g: number, ptr: number, len: number): void;
}

/** abi_run's return values. */
export const RUN_MORE = 0;
export const RUN_DONE = 1;
export const RUN_EJECTED = 2;
export const RUN_BUFFER_FULL = 3;

/** abi_setup flags. */
export const SETUP_TRACE = 1;
export const SETUP_LOG = 2;
/** After an ejection, go on under the default policy (the kernel falls back to the fair class). */
export const SETUP_FALLBACK = 4;

export const TRACE_RECORD_BYTES = 32;
export const LOG_RECORD_BYTES = 80;
export const COUNTERS = 32;
export const CPU_STATS = 8;
export const GROUP_STATS = 8;
export const TASK_STATS = 8;
export const HIST_BUCKETS = 7296;
export const HIST_HEADER = 4;
export const HIST_METRICS = 3;

const REQUIRED: (keyof EngineExports)[] = [
  "memory",
  "_start",
  "__collect",
  "abi_alloc",
  "abi_setup",
  "abi_start",
  "abi_run",
  "abi_now",
  "abi_events",
  "abi_trace_ptr",
  "abi_trace_count",
  "abi_trace_clear",
  "abi_log_ptr",
  "abi_log_count",
  "abi_log_clear",
  "abi_exit_kind",
  "abi_exit_reason",
  "abi_exit_msg",
  "abi_exit_callback",
  "abi_exit_at",
  "abi_cur_callback",
  "abi_stats_ptr",
  "abi_cpu_stats_ptr",
  "abi_group_stats_ptr",
  "abi_hist_ptr",
  "abi_task_stats_ptr",
  "abi_task_count",
];

/** Checks that a module exports the whole ABI (a stale .wasm or a broken build says which). */
export function asEngineExports(exports: WebAssembly.Exports): EngineExports {
  const missing = REQUIRED.filter((k) => !(k in exports));
  if (missing.length > 0) {
    throw new Error(`the policy module lacks engine exports: ${missing.join(", ")}`);
  }
  return exports as unknown as EngineExports;
}
