// One task's life from the trace records, for the task inspector of step mode: when it ran,
// waited (runnable) and slept, where it waited and who ran on that CPU meanwhile, the CPUs it
// ran on, and — from the call log — the slice and vtime the policy last gave it.
import { CALL_RECORD_BYTES } from "./callLog.ts";
import type { OpenStint } from "./eventLog.ts";
import { TRACE_RECORD_BYTES, TraceKind } from "./records.ts";

export type TaskStateSpan = "running" | "runnable" | "sleeping";

export interface TaskSpan {
  state: TaskStateSpan;
  t0: number;
  t1: number;
  /** running: its CPU; runnable: the CPU it was queued for; sleeping: −1. */
  cpu: number;
}

/** Who ran on a CPU during a wait, and for how long. */
export interface Occupant {
  pid: number;
  ns: number;
}

export interface TaskWait {
  t0: number;
  t1: number;
  /** The CPU it was queued for (woken for, or preempted on). */
  cpu: number;
  /** The CPU it then ran on (−1 if it is still waiting). */
  ranOn: number;
  /** Tasks that ran on `cpu` during the wait, longest first. */
  meanwhile: Occupant[];
}

export interface TaskHistory {
  pid: number;
  group: number;
  createdAt: number;
  /** NaN while alive. */
  exitedAt: number;
  spans: TaskSpan[];
  totals: Record<TaskStateSpan, number>;
  waits: TaskWait[];
  /** Time run on each CPU, most first. */
  cpus: { cpu: number; ns: number }[];
  migrations: number;
}

interface Stint {
  cpu: number;
  pid: number;
  t0: number;
  t1: number;
  why: number;
}

/** Every RUN record (and open stint), by CPU, sorted by start. */
export function stintsByCpu(
  trace: ArrayBuffer | undefined,
  openStints: readonly OpenStint[] = [],
  untilNs = Number.POSITIVE_INFINITY,
): Map<number, Stint[]> {
  const out = new Map<number, Stint[]>();
  const add = (s: Stint) => {
    const list = out.get(s.cpu);
    if (list) list.push(s);
    else out.set(s.cpu, [s]);
  };
  if (trace) {
    const n = Math.floor(trace.byteLength / TRACE_RECORD_BYTES);
    const i32 = new Int32Array(trace, 0, n * 8);
    const f64 = new Float64Array(trace, 0, n * 4);
    for (let r = 0; r < n; r++) {
      if (i32[r * 8] !== TraceKind.RUN) continue;
      const t0 = f64[r * 4 + 2] as number;
      if (t0 > untilNs) continue;
      add({
        cpu: i32[r * 8 + 1] as number,
        pid: i32[r * 8 + 2] as number,
        why: i32[r * 8 + 3] as number,
        t0,
        t1: Math.min(f64[r * 4 + 3] as number, untilNs),
      });
    }
  }
  for (const s of openStints) add({ cpu: s.cpu, pid: s.pid, t0: s.t0, t1: untilNs, why: -1 });
  for (const list of out.values()) list.sort((a, b) => a.t0 - b.t0);
  return out;
}

/** Who ran on `cpu` within [a, b), summed per task, longest first. */
function occupants(stints: Stint[] | undefined, a: number, b: number, self: number): Occupant[] {
  if (!stints || b <= a) return [];
  const by = new Map<number, number>();
  // Stints of one CPU do not overlap: binary search the first that ends after a.
  let lo = 0;
  let hi = stints.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((stints[mid] as Stint).t1 <= a) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < stints.length; i++) {
    const s = stints[i] as Stint;
    if (s.t0 >= b) break;
    if (s.pid === self) continue;
    const d = Math.min(b, s.t1) - Math.max(a, s.t0);
    if (d > 0) by.set(s.pid, (by.get(s.pid) ?? 0) + d);
  }
  return [...by.entries()].map(([pid, ns]) => ({ pid, ns })).sort((x, y) => y.ns - x.ns);
}

/**
 * Task `pid`'s history up to `untilNs` from the trace (and the stint it is in now, if any).
 * Events of one instant are taken in the order stop, exit, create, wake, start.
 */
export function taskHistory(
  trace: ArrayBuffer | undefined,
  pid: number,
  opts: { untilNs?: number; openStints?: readonly OpenStint[]; byCpu?: Map<number, Stint[]> } = {},
): TaskHistory {
  const until = opts.untilNs ?? Number.POSITIVE_INFINITY;
  const open = (opts.openStints ?? []).filter((s) => s.pid === pid);
  const byCpu = opts.byCpu ?? stintsByCpu(trace, opts.openStints, until);
  type Ev = {
    t: number;
    rank: number;
    kind: "stop" | "exit" | "create" | "wake" | "start";
    cpu: number;
    aux: number;
  };
  const evs: Ev[] = [];
  let group = -1;
  let createdAt = Number.NaN;
  let exitedAt = Number.NaN;
  let migrations = 0;
  if (trace) {
    const n = Math.floor(trace.byteLength / TRACE_RECORD_BYTES);
    const i32 = new Int32Array(trace, 0, n * 8);
    const f64 = new Float64Array(trace, 0, n * 4);
    for (let r = 0; r < n; r++) {
      if (i32[r * 8 + 2] !== pid) continue;
      const kind = i32[r * 8] as number;
      const cpu = i32[r * 8 + 1] as number;
      const aux = i32[r * 8 + 3] as number;
      const t0 = f64[r * 4 + 2] as number;
      const t1 = f64[r * 4 + 3] as number;
      if (t0 > until) continue;
      if (kind === TraceKind.RUN) {
        evs.push({ t: t0, rank: 4, kind: "start", cpu, aux });
        if (t1 <= until) evs.push({ t: t1, rank: 0, kind: "stop", cpu, aux });
      } else if (kind === TraceKind.WAKE) {
        evs.push({ t: t0, rank: 3, kind: "wake", cpu, aux });
      } else if (kind === TraceKind.CREATE) {
        group = aux;
        createdAt = t0;
        evs.push({ t: t0, rank: 2, kind: "create", cpu, aux });
      } else if (kind === TraceKind.EXIT) {
        exitedAt = t0;
        evs.push({ t: t0, rank: 1, kind: "exit", cpu, aux });
      } else if (kind === TraceKind.MIGRATE) {
        migrations++;
      }
    }
  }
  for (const s of open) evs.push({ t: s.t0, rank: 4, kind: "start", cpu: s.cpu, aux: -1 });
  evs.sort((a, b) => a.t - b.t || a.rank - b.rank);

  const spans: TaskSpan[] = [];
  let state: TaskStateSpan | "new" | "dead" = "new";
  let since = Number.isNaN(createdAt) ? (evs[0]?.t ?? 0) : createdAt;
  let cpu = -1;
  const close = (t: number) => {
    if (state !== "new" && state !== "dead" && t > since)
      spans.push({ state, t0: since, t1: t, cpu });
  };
  const enter = (s: typeof state, t: number, c: number) => {
    close(t);
    state = s;
    since = t;
    cpu = c;
  };
  for (const e of evs) {
    switch (e.kind) {
      case "create":
        enter("sleeping", e.t, -1);
        break;
      case "wake":
        enter("runnable", e.t, e.cpu);
        break;
      case "start":
        enter("running", e.t, e.cpu);
        break;
      case "stop":
        // preempted (0) and yielded (3) stay runnable on that CPU; blocked (1) sleeps.
        if (e.aux === 0 || e.aux === 3) enter("runnable", e.t, e.cpu);
        else if (e.aux === 1) enter("sleeping", e.t, -1);
        else enter("dead", e.t, -1);
        break;
      case "exit":
        enter("dead", e.t, -1);
        break;
    }
  }
  if (Number.isFinite(until)) close(until);

  const totals: Record<TaskStateSpan, number> = { running: 0, runnable: 0, sleeping: 0 };
  const perCpu = new Map<number, number>();
  const waits: TaskWait[] = [];
  spans.forEach((s, i) => {
    totals[s.state] += s.t1 - s.t0;
    if (s.state === "running") perCpu.set(s.cpu, (perCpu.get(s.cpu) ?? 0) + s.t1 - s.t0);
    if (s.state === "runnable") {
      const next = spans[i + 1];
      waits.push({
        t0: s.t0,
        t1: s.t1,
        cpu: s.cpu,
        ranOn: next?.state === "running" ? next.cpu : -1,
        meanwhile: occupants(byCpu.get(s.cpu), s.t0, s.t1, pid),
      });
    }
  });
  return {
    pid,
    group,
    createdAt,
    exitedAt,
    spans,
    totals,
    waits,
    cpus: [...perCpu.entries()].map(([c, ns]) => ({ cpu: c, ns })).sort((a, b) => b.ns - a.ns),
    migrations,
  };
}

/** What the policy last told the engine about a task: slice, vtime, DSQ (from the call log). */
export interface TaskSchedParams {
  t: number;
  /** The helper that said it. */
  call: string;
  dsq?: bigint;
  slice?: bigint;
  vtime?: bigint;
}

const INSERT = 32;
const INSERT_VTIME = 33;
const SET_SLICE = 57;
const SET_VTIME = 58;

/** The last slice and vtime the policy set for `pid` up to `untilNs` (undefined fields: never set). */
export function taskSchedParams(
  log: ArrayBuffer | undefined,
  pid: number,
  untilNs = Number.POSITIVE_INFINITY,
): { slice?: TaskSchedParams; vtime?: TaskSchedParams } {
  const out: { slice?: TaskSchedParams; vtime?: TaskSchedParams } = {};
  if (!log) return out;
  const n = Math.floor(log.byteLength / CALL_RECORD_BYTES);
  const i32 = new Int32Array(log, 0, n * 20);
  const i64 = new BigInt64Array(log, 0, n * 10);
  for (let r = 0; r < n; r++) {
    if (i32[r * 20 + 2] !== pid) continue;
    const id = i32[r * 20] as number;
    const t = Number(i64[r * 10 + 2]);
    if (t > untilNs) break;
    const arg = (k: number) => BigInt.asUintN(64, i64[r * 10 + 4 + k] as bigint);
    if (id === INSERT) {
      out.slice = { t, call: "scx_bpf_dsq_insert", dsq: arg(0), slice: arg(1) };
    } else if (id === INSERT_VTIME) {
      const p = { t, call: "scx_bpf_dsq_insert_vtime", dsq: arg(0), slice: arg(1), vtime: arg(2) };
      out.slice = p;
      out.vtime = p;
    } else if (id === SET_SLICE) {
      out.slice = { t, call: "scx_bpf_task_set_slice", slice: arg(0) };
    } else if (id === SET_VTIME) {
      out.vtime = { t, call: "scx_bpf_task_set_dsq_vtime", vtime: arg(0) };
    }
  }
  return out;
}
