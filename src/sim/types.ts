// The shapes that cross between the parts of the host: a compiled policy, an encoded run,
// the raw numbers read back from the engine, and the contract's JSON result.

/** A knob: an exported mutable global of the policy (`export let slice_ns: u64 = …`). */
export interface KnobInfo {
  name: string;
  /** AssemblyScript type as declared in the source. */
  type:
    | "bool"
    | "i8"
    | "i16"
    | "i32"
    | "i64"
    | "u8"
    | "u16"
    | "u32"
    | "u64"
    | "f32"
    | "f64"
    | "isize"
    | "usize";
  /** The default value read from the instance before any `--param`. */
  defaultValue: number | boolean;
}

/** A policy compiled into one module together with the simulated kernel. */
export interface CompiledPolicy {
  name: string;
  /** sha256 of the policy source (and the engine sources) the module was built from. */
  hash: string;
  wasm: Uint8Array;
  /** Bit `id` set = the policy implements callback `id` (see docs/internals.md). */
  opsMask: number;
  knobs: KnobInfo[];
  /** The policy source, for the log and for error reports with lines. */
  source: string;
  /** The first sentence of the policy's header comment. */
  description?: string;
}

/** Everything a single simulation needs, already validated and encoded. */
export interface RunRequest {
  policy: CompiledPolicy;
  params: Record<string, number | boolean>;
  machineName: string;
  /** docs/internals.md "Machine" encoding. */
  machine: Float64Array;
  workloadName: string;
  /** docs/internals.md "Workload" encoding. */
  workload: Float64Array;
  /** Group names by group index. */
  groupNames: string[];
  /** CPU type names by type index (for utilisation by core type). */
  cpuTypeNames: string[];
  seed: number;
  durationNs: number;
  /** Collect trace records (timeline, Perfetto). */
  trace?: boolean;
  /** Collect the call log (`--log`). */
  log?: boolean;
  /**
   * After an ejection, keep simulating under the default policy (`--fallback`), as the kernel
   * falls back to the fair class. The exit still reports the ejection.
   */
  fallback?: boolean;
  /** Events per chunk between returns to the host (default 65536). */
  chunkEvents?: number;
  /** Bounds on the policy and the run (docs/safety.md); each has a default. */
  limits?: RunLimits;
}

/** docs/safety.md. Omitted fields take their defaults (src/sim/limits.ts). */
export interface RunLimits {
  /** Budget units per callback (loop iterations and function calls in policy code); default 1,000,000. */
  budget?: number;
  /** Linear memory of the module, MiB (1..4096); default 256. */
  memoryMiB?: number;
  /** Trace records the host keeps (32 bytes each); later ones are counted, not kept. */
  traceRecords?: number;
  /** Call-log records the host keeps (80 bytes each); later ones are counted, not kept. */
  logRecords?: number;
}

export interface RawHistogram {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** 7296 bucket counts, docs/internals.md "Histogram buckets". */
  buckets: Float64Array;
}

export interface RawExit {
  kind: "done" | "ejected";
  /** The kernel's exit kind number: 1 done, 65 unreg_bpf, 1024 error, 1025 error_bpf, 1026 stall. */
  code: number;
  reason: string;
  /** The kernel's `scx_exit_info.msg` alone (e.g. "boom" for `scx_bpf_error("boom")`), when there is one. */
  message?: string;
  /** e.g. "ops.enqueue"; absent when no callback was running. */
  callback?: string;
  atNs: number;
}

/** The numbers of one run as the engine left them, before metrics are derived. */
export interface RawRun {
  request: Omit<RunRequest, "machine" | "workload" | "policy"> & { policyName: string };
  params: Record<string, number | boolean>;
  simulatedNs: number;
  wallMs: number;
  events: number;
  exit: RawExit;
  /** Global counters f64[32], docs/internals.md. */
  counters: Float64Array;
  /** Per-CPU stats, f64[ncpus × 8]. */
  cpuStats: Float64Array;
  ncpus: number;
  /** CPU type index of each CPU. */
  cpuTypes: number[];
  /** Per-group stats, f64[ngroups × 8]. */
  groupStats: Float64Array;
  /** [group][metric] with metric 0 wakeup latency, 1 run delay, 2 response. */
  histograms: RawHistogram[][];
  /** Per-task stats f64[ntasks × 8], index = pid − 1. */
  taskStats: Float64Array;
  /** Trace records (32 bytes each) concatenated, when requested. */
  trace?: ArrayBuffer;
  /** Call-log records (80 bytes each) concatenated, when requested. */
  log?: ArrayBuffer;
  /** Output of the policy's `trace()` and `console.*` calls (capped), when there was any. */
  debug?: string[];
  /** Trace records dropped past `limits.traceRecords` (absent when none were). */
  traceDropped?: number;
  /** Call-log records dropped past `limits.logRecords` (absent when none were). */
  logDropped?: number;
  /** Budget units the policy's callbacks used in all (docs/safety.md), when the build counts them. */
  policyUnits?: number;
  /** Size of the module's linear memory when the run ended, in bytes (it only grows). */
  memoryBytes?: number;
}

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/** The contract's `run --json` result (../shared/design/CONTRACT.md). */
export interface RunResult {
  policy: string;
  params: Record<string, number | boolean>;
  machine: string;
  workload: string;
  seed: number;
  simulated_ns: number;
  wall_ms: number;
  events: number;
  exit: { kind: "done" | "ejected"; reason?: string; callback?: string; at_ns?: number };
  summary: {
    context_switches: number;
    migrations: number;
    utilization: number;
    fairness_jain: number | null;
    energy_j: number | null;
    wakeup_latency_ns: LatencySummary;
    run_delay_ns: LatencySummary;
    response_ns: LatencySummary;
    tasks_started: number;
    tasks_exited: number;
    deadline_misses: number;
    deadlines: number;
    /** Extras beyond the contract, defined in docs/metrics.md. */
    throughput_per_s?: number;
    utilization_by_type?: Record<string, number>;
    overhead_ns?: number;
    scx_events?: Record<string, number>;
    [extra: string]: unknown;
  };
  groups: Record<
    string,
    {
      tasks: number;
      cpu_time_ns: number;
      wakeup_latency_ns: LatencySummary;
      run_delay_ns: LatencySummary;
      response_ns: LatencySummary;
      deadline_misses: number;
      deadlines: number;
      /** Extra (docs/metrics.md). */
      tasks_exited?: number;
    }
  >;
  cpus: {
    id: number;
    busy_ns: number;
    switches: number;
    energy_j: number | null;
    /** Extras (docs/metrics.md): CPU type name and busy fraction. */
    type?: string;
    utilization?: number;
  }[];
}
