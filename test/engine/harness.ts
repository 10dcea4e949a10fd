// Shared helpers for the engine's conformance and validation tests: compile a fixture policy
// once per test file (through src/compile, checked build, cached by content), encode small
// machines and workloads by hand exactly as docs/internals.md lays them out, run them through
// src/sim/run.ts, and decode the call log and trace records.
import { fileURLToPath } from "node:url";
import { loadPolicy } from "../../src/compile/index.ts";
import { runSimulation } from "../../src/sim/run.ts";
import type { CompiledPolicy, RawRun } from "../../src/sim/types.ts";

export const MS = 1_000_000;
export const US = 1_000;

// ---- constants mirrored from assembly/scx (the kernel's values) ----
export const OP = {
  select_cpu: 0,
  enqueue: 1,
  dequeue: 2,
  dispatch: 3,
  tick: 4,
  runnable: 5,
  running: 6,
  stopping: 7,
  quiescent: 8,
  yield: 9,
  set_weight: 10,
  set_cpumask: 11,
  update_idle: 12,
  init_task: 13,
  exit_task: 14,
  enable: 15,
  disable: 16,
  init: 17,
  exit: 18,
  cpu_acquire: 19,
  cpu_release: 20,
} as const;
export const KF = {
  dsq_insert: 32,
  dsq_insert_vtime: 33,
  dsq_move_to_local: 34,
  kick_cpu: 35,
  select_cpu_dfl: 36,
  error: 51,
  exit: 52,
} as const;
const NAMES: Record<number, string> = Object.fromEntries(
  [...Object.entries(OP), ...Object.entries(KF)].map(([k, v]) => [v, k]),
);
export const SCX_DSQ_LOCAL = 0x8000000000000002n;
export const SCX_ENQ_WAKEUP = 0x1n;
export const SCX_ENQ_CPU_SELECTED = 0x100000n;
export const SCX_ENQ_PREEMPT = 1n << 32n;
export const SCX_ENQ_LAST = 1n << 41n;
export const SCX_DEQ_SLEEP = 1n;
export const SCX_WAKE_FORK = 0x4n;
export const SCX_WAKE_TTWU = 0x8n;
export const SCX_SLICE_DFL = 20 * MS;

/** Counter indices (docs/internals.md "Global counters"). */
export const C = {
  events: 0,
  now: 1,
  context_switches: 2,
  migrations: 3,
  tasks_started: 4,
  tasks_exited: 5,
  busy_ns: 8,
  select_cpu_fallback: 9,
  dispatch_keep_last: 11,
  spurious: 12,
  zero_slice_refill: 13,
  overhead_ns: 14,
} as const;

// ---- policies ----

const fixturesDir = fileURLToPath(new URL("../fixtures/policies/", import.meta.url));
const compiled = new Map<string, Promise<CompiledPolicy>>();

/** Generous: a cold compile loads the AssemblyScript compiler, and CI machines may be busy. */
export const COMPILE_TIMEOUT_MS = 300_000;

/** Compiles fixtures ahead of the tests (use in beforeAll with COMPILE_TIMEOUT_MS). */
export async function warmUp(names: string[]): Promise<void> {
  for (const n of names) await policy(n);
}

/** A fixture of test/fixtures/policies/ (or a built-in by name with `builtin`), compiled once. */
export function policy(name: string, builtin = false): Promise<CompiledPolicy> {
  const key = builtin ? `builtin:${name}` : name;
  let p = compiled.get(key);
  if (!p) {
    // Checked build (bounds checks, assertions): a test run must trap on engine bugs.
    p = loadPolicy(builtin ? name : `${fixturesDir}${name}.ts`, { release: false });
    compiled.set(key, p);
  }
  return p;
}

// ---- machine encoding (docs/internals.md "Machine") ----

export interface CpuSpec {
  capacity?: number;
  core?: number;
  cluster?: number;
  llc?: number;
  node?: number;
  type?: number;
}

export interface MachineSpec {
  /** A number of identical CPUs (own core each, one LLC), or one spec per CPU. */
  cpus: number | CpuSpec[];
  hz?: number;
  contextSwitchNs?: number;
  smtCorunFactor?: number;
  migration?: { core?: number; cluster?: number; llc?: number; node?: number };
  watchdogNs?: number;
}

export function encodeMachine(spec: MachineSpec): Float64Array {
  const list: CpuSpec[] =
    typeof spec.cpus === "number" ? Array.from({ length: spec.cpus }, () => ({})) : spec.cpus;
  const n = list.length;
  const types = Math.max(1, ...list.map((c) => (c.type ?? 0) + 1));
  const m: number[] = new Array(16 + n * 12).fill(0);
  m[0] = 1;
  m[1] = n;
  m[2] = spec.hz ?? 0;
  m[3] = spec.contextSwitchNs ?? 0;
  m[4] = spec.smtCorunFactor ?? 1;
  m[5] = spec.migration?.core ?? 0;
  m[6] = spec.migration?.cluster ?? 0;
  m[7] = spec.migration?.llc ?? 0;
  m[8] = spec.migration?.node ?? 0;
  m[9] = types; // one frequency domain per CPU type, one OPP each
  m[10] = 0;
  m[11] = spec.watchdogNs ?? 0;
  list.forEach((c, i) => {
    const o = 16 + i * 12;
    const cap = c.capacity ?? 1024;
    m[o] = c.type ?? 0;
    m[o + 1] = cap;
    m[o + 2] = cap;
    m[o + 3] = c.core ?? i;
    m[o + 4] = c.cluster ?? 0;
    m[o + 5] = c.llc ?? 0;
    m[o + 6] = c.node ?? 0;
    m[o + 7] = c.type ?? 0;
  });
  for (let d = 0; d < types; d++) m.push(1, 1000, 0, 0);
  return Float64Array.from(m);
}

// ---- workload encoding (docs/internals.md "Workload") ----

/** A duration in ns: a constant, or a distribution. */
export type Dist = number | { exp: number } | { uniform: [number, number] };
export type Step = { run: Dist } | { sleep: Dist } | { yield: true };

export interface GroupSpec {
  name?: string;
  count?: number;
  startNs?: number;
  nice?: number;
  cpus?: number[];
  /** Times to run the program, -1 forever (default 1). */
  loop?: number;
  program: Step[];
  /** Open loop: a new batch of `count` tasks per arrival. */
  arrivals?: { interval: Dist; limit: number };
}

export interface EncodedWorkload {
  data: Float64Array;
  groupNames: string[];
}

export function encodeWorkload(groups: GroupSpec[]): EncodedWorkload {
  const dists: number[][] = [];
  const dist = (d: Dist): number => {
    if (typeof d === "number") dists.push([0, d, 0, 0]);
    else if ("exp" in d) dists.push([1, d.exp, 0, 0]);
    else dists.push([2, d.uniform[0], d.uniform[1], 0]);
    return dists.length - 1;
  };
  const ops: number[][] = [];
  const cpuLists: number[][] = [];
  const recs = groups.map((g) => {
    const first = ops.length;
    for (const s of g.program) {
      if ("run" in s) ops.push([1, dist(s.run), 0, 0]);
      else if ("sleep" in s) ops.push([2, dist(s.sleep), 0, 0]);
      else ops.push([4, 0, 0, 0]);
    }
    let cl = -1;
    if (g.cpus) {
      cl = cpuLists.length;
      cpuLists.push(g.cpus);
    }
    const arr = g.arrivals ? dist(g.arrivals.interval) : -1;
    return { g, first, cl, arr };
  });
  const w: number[] = new Array(16).fill(0);
  w[0] = 1;
  w[1] = groups.length;
  w[2] = 16;
  const groupAt = w.length;
  for (let i = 0; i < groups.length; i++) w.push(...new Array(16).fill(0));
  w[3] = w.length;
  w[4] = dists.length;
  for (const d of dists) w.push(...d);
  w[5] = w.length;
  w[6] = ops.length;
  for (const o of ops) w.push(...o);
  w[7] = w.length;
  const listAt: number[] = [];
  for (const l of cpuLists) {
    listAt.push(w.length);
    w.push(l.length, ...l);
  }
  w[8] = 0;
  w[9] = w.length;
  recs.forEach(({ g, first, cl, arr }, i) => {
    const o = groupAt + 16 * i;
    w[o] = g.count ?? 1;
    w[o + 1] = g.startNs ?? 0;
    w[o + 2] = g.nice ?? 0;
    w[o + 3] = cl >= 0 ? (listAt[cl] as number) : -1;
    w[o + 4] = g.loop ?? 1;
    w[o + 5] = first;
    w[o + 6] = g.program.length;
    w[o + 7] = arr;
    w[o + 8] = g.arrivals ? g.arrivals.limit : -1;
    w[o + 9] = -1;
  });
  return { data: Float64Array.from(w), groupNames: groups.map((g, i) => g.name ?? `g${i}`) };
}

// ---- running ----

export interface SimSpec {
  machine: MachineSpec;
  groups: GroupSpec[];
  durationNs: number;
  seed?: number;
  params?: Record<string, number | boolean>;
  log?: boolean;
  trace?: boolean;
  /** Replaces the policy's scanned opsMask (to run it as if it lacked some callbacks). */
  opsMask?: number;
  /** Events per abi_run chunk (default: the host's). */
  chunkEvents?: number;
}

export interface Sim extends RawRun {
  calls: LogRecord[];
  records: TraceRecord[];
  counter(name: keyof typeof C): number;
  /** [count, sum, min, max] of a histogram: metric 0 wakeup latency, 1 run delay, 2 response. */
  hist(
    group: number,
    metric: 0 | 1 | 2,
  ): { count: number; mean: number; min: number; max: number; sum: number };
}

export async function simulate(pol: CompiledPolicy, spec: SimSpec): Promise<Sim> {
  const wl = encodeWorkload(spec.groups);
  const policyUsed = spec.opsMask === undefined ? pol : { ...pol, opsMask: spec.opsMask };
  const raw = await runSimulation({
    policy: policyUsed,
    params: spec.params ?? {},
    machineName: "test",
    machine: encodeMachine(spec.machine),
    workloadName: "test",
    workload: wl.data,
    groupNames: wl.groupNames,
    cpuTypeNames: ["P", "E", "X", "Y"],
    seed: spec.seed ?? 1,
    durationNs: spec.durationNs,
    log: spec.log ?? false,
    trace: spec.trace ?? false,
    ...(spec.chunkEvents ? { chunkEvents: spec.chunkEvents } : {}),
  });
  const calls = raw.log ? decodeLog(raw.log) : [];
  const records = raw.trace ? decodeTrace(raw.trace) : [];
  return {
    ...raw,
    calls,
    records,
    counter: (name) => raw.counters[C[name]] as number,
    hist: (g, m) => {
      const h = raw.histograms[g]?.[m];
      if (!h) throw new Error(`no histogram ${g}/${m}`);
      return {
        count: h.count,
        sum: h.sum,
        mean: h.count > 0 ? h.sum / h.count : Number.NaN,
        min: h.min,
        max: h.max,
      };
    },
  };
}

// ---- records ----

export interface LogRecord {
  id: number;
  name: string;
  cpu: number;
  pid: number;
  t: number;
  /** The return value, signed. */
  ret: bigint;
  /** Raw 64-bit arguments, unsigned (DSQ ids, flags). */
  args: bigint[];
}

export function decodeLog(buf: ArrayBuffer): LogRecord[] {
  const n = buf.byteLength / 80;
  const i32 = new Int32Array(buf);
  const i64 = new BigInt64Array(buf);
  const u64 = new BigUint64Array(buf);
  const out: LogRecord[] = [];
  for (let k = 0; k < n; k++) {
    const w = k * 20;
    const q = k * 10;
    const nargs = i32[w + 3] as number;
    const id = i32[w] as number;
    out.push({
      id,
      name: NAMES[id] ?? `#${id}`,
      cpu: i32[w + 1] as number,
      pid: i32[w + 2] as number,
      t: Number(i64[q + 2]),
      ret: i64[q + 3] as bigint,
      args: Array.from({ length: nargs }, (_, a) => u64[q + 4 + a] as bigint),
    });
  }
  return out;
}

export const TR = { RUN: 1, WAKE: 2, MIGRATE: 3, CREATE: 4, EXIT: 5, EJECT: 6 } as const;

export interface TraceRecord {
  kind: number;
  cpu: number;
  pid: number;
  aux: number;
  t0: number;
  t1: number;
}

export function decodeTrace(buf: ArrayBuffer): TraceRecord[] {
  const n = buf.byteLength / 32;
  const i32 = new Int32Array(buf);
  const f64 = new Float64Array(buf);
  const out: TraceRecord[] = [];
  for (let k = 0; k < n; k++) {
    out.push({
      kind: i32[k * 8] as number,
      cpu: i32[k * 8 + 1] as number,
      pid: i32[k * 8 + 2] as number,
      aux: i32[k * 8 + 3] as number,
      t0: f64[k * 4 + 2] as number,
      t1: f64[k * 4 + 3] as number,
    });
  }
  return out;
}

/** Run stints of `pid` (or all), as [cpu, start, end]. */
export function stints(
  sim: Sim,
  pid?: number,
): { cpu: number; pid: number; start: number; end: number; why: number }[] {
  return sim.records
    .filter((r) => r.kind === TR.RUN && (pid === undefined || r.pid === pid))
    .map((r) => ({ cpu: r.cpu, pid: r.pid, start: r.t0, end: r.t1, why: r.aux }));
}

/** The call log of one task's callbacks (ids below 32), as "name" strings, optionally with a filter. */
export function opsOf(
  sim: Sim,
  pid: number,
  keep: (r: LogRecord) => boolean = () => true,
): string[] {
  return sim.calls.filter((r) => r.id < 32 && r.pid === pid && keep(r)).map((r) => r.name);
}

/** One line per call, for failure messages. */
export function show(calls: LogRecord[]): string {
  return calls
    .map(
      (r) =>
        `${(r.t / MS).toFixed(3)}ms cpu${r.cpu} ${r.name}(pid ${r.pid}; ${r.args.join(", ")}) = ${r.ret}`,
    )
    .join("\n");
}

/** Total task stats per pid: cpu time and weight (docs/internals.md "Task stats"). */
export function taskStats(
  sim: Sim,
): { pid: number; group: number; start: number; end: number; cpuTime: number; weight: number }[] {
  const s = sim.taskStats;
  const out = [];
  for (let i = 0; i + 8 <= s.length; i += 8) {
    out.push({
      pid: s[i] as number,
      group: s[i + 1] as number,
      start: s[i + 2] as number,
      end: s[i + 3] as number,
      cpuTime: s[i + 4] as number,
      weight: s[i + 5] as number,
    });
  }
  return out;
}
