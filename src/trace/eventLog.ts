// The event log of step mode: every callback the engine made into the policy (with its arguments
// and return value), every helper the policy called inside it, and every state change of a task
// (created, woken, started, stopped and why, migrated, exited), in one list in simulated order,
// each said in plain words:
//
//   2.000 ms  CPU 0  1 "a" wakes up, queued for CPU 0
//   2.000 ms  CPU 0  ops.enqueue(p=1 "a", enq_flags=WAKEUP)
//   2.000 ms  CPU 0    scx_bpf_dsq_insert(p=1 "a", dsq_id=SHARED_DSQ, slice=5ms, enq_flags=WAKEUP)
//
// Calls come from the call log, state changes from the trace records. The two streams carry no
// common sequence number, so a state change is placed next to the call the engine makes around
// it for the same task at the same instant (a task's wakeup just before its ops.runnable or
// ops.enqueue, a stop just before its ops.stopping, a start just before its ops.running, …, as
// in assembly/scx/lifecycle.ts); one with no such call goes before (create, wake, stop) or after
// (start, exit) the calls of its instant.
import { callSignature } from "./callArgs.ts";
import { CALL_RECORD_BYTES } from "./callLog.ts";
import { TRACE_RECORD_BYTES, TraceKind } from "./records.ts";
import { u64Json } from "./values.ts";
import { durationWords, valueWords } from "./valueWords.ts";

export type EventRowKind = "callback" | "helper" | "state";

/** What a state row says happened. */
export type StateChange =
  | "create"
  | "wake"
  | "start"
  | "stop"
  | "migrate"
  | "exit"
  | "eject"
  | "perf";

export interface EventRow {
  t: number;
  /** −1 when no CPU is involved. */
  cpu: number;
  /** The task involved, −1 none. */
  pid: number;
  /** The task's group index, −1 none or unknown. */
  group: number;
  kind: EventRowKind;
  /** `ops.enqueue`, `scx_bpf_dsq_insert`, or the state change. */
  name: string;
  /** The row in words. */
  text: string;
  /** 1 for a helper called inside the callback above it, else 0. */
  depth: number;
  /** Index of the call-log record (calls) or trace record (state changes) the row comes from. */
  record: number;
  /** For helpers: the row index of the callback they were called from (−1 none). */
  parent: number;
}

/** A stint still going on at the instant the log ends (no RUN record for it yet). */
export interface OpenStint {
  cpu: number;
  pid: number;
  t0: number;
}

export interface EventLogInput {
  trace?: ArrayBuffer;
  log?: ArrayBuffer;
  /** Group names by index (task names are their group's, as the engine's comm). */
  groupNames: readonly string[];
  /** Group of a pid the trace does not create (e.g. a trace that was cut); −1 unknown. */
  groupOf?: (pid: number) => number;
  /** User DSQ ids by the name the policy gives them (dsqNamesFromSource). */
  dsqNames?: ReadonlyMap<number | string, string>;
  openStints?: readonly OpenStint[];
  /** Rows after this instant are left out (stints still running are cut here). */
  untilNs?: number;
}

/** Why a RUN stint ended, in words (aux of a RUN record). */
const STOP_WORDS = [
  "preempted (slice used up, or another task was picked)",
  "blocked (sleeps or waits)",
  "exited",
  "yielded",
  "the run ended",
];

const CB = {
  select_cpu: 0,
  enqueue: 1,
  dispatch: 3,
  runnable: 5,
  running: 6,
  stopping: 7,
  quiescent: 8,
  yield: 9,
  exit_task: 14,
  disable: 16,
} as const;
const FIRST_HELPER = 32;

interface Call {
  id: number;
  cpu: number;
  pid: number;
  t: number;
  ret: bigint;
  args: bigint[];
}

function readCalls(buf: ArrayBuffer | undefined): Call[] {
  if (!buf) return [];
  const n = Math.floor(buf.byteLength / CALL_RECORD_BYTES);
  const i32 = new Int32Array(buf, 0, n * 20);
  const i64 = new BigInt64Array(buf, 0, n * 10);
  const out: Call[] = [];
  for (let r = 0; r < n; r++) {
    const nargs = Math.max(0, Math.min(i32[r * 20 + 3] as number, 6));
    out.push({
      id: i32[r * 20] as number,
      cpu: i32[r * 20 + 1] as number,
      pid: i32[r * 20 + 2] as number,
      t: Number(i64[r * 10 + 2] as bigint),
      ret: i64[r * 10 + 3] as bigint,
      args: Array.from(i64.subarray(r * 10 + 4, r * 10 + 4 + nargs)),
    });
  }
  return out;
}

interface Change {
  change: StateChange;
  t: number;
  cpu: number;
  pid: number;
  aux: number;
  /** Stints: when the stint started (for stop rows) or ends (start rows; NaN when open). */
  other: number;
  record: number;
  open?: boolean;
}

/** Within one insertion point: stops, exits, creations, wakeups, migrations, starts. */
const RANK: Record<StateChange, number> = {
  stop: 0,
  exit: 1,
  create: 2,
  wake: 3,
  migrate: 4,
  start: 5,
  eject: 6,
  perf: 7,
};

function readChanges(buf: ArrayBuffer | undefined, openStints: readonly OpenStint[]): Change[] {
  const out: Change[] = [];
  if (buf) {
    const n = Math.floor(buf.byteLength / TRACE_RECORD_BYTES);
    const i32 = new Int32Array(buf, 0, n * 8);
    const f64 = new Float64Array(buf, 0, n * 4);
    for (let r = 0; r < n; r++) {
      const kind = i32[r * 8] as number;
      const cpu = i32[r * 8 + 1] as number;
      const pid = i32[r * 8 + 2] as number;
      const aux = i32[r * 8 + 3] as number;
      const t0 = f64[r * 4 + 2] as number;
      const t1 = f64[r * 4 + 3] as number;
      const base = { cpu, pid, aux, record: r };
      switch (kind) {
        case TraceKind.RUN:
          out.push({ ...base, change: "start", t: t0, other: t1 });
          out.push({ ...base, change: "stop", t: t1, other: t0 });
          break;
        case TraceKind.WAKE:
          out.push({ ...base, change: "wake", t: t0, other: 0 });
          break;
        case TraceKind.MIGRATE:
          out.push({ ...base, change: "migrate", t: t0, other: 0 });
          break;
        case TraceKind.CREATE:
          out.push({ ...base, change: "create", t: t0, other: 0 });
          break;
        case TraceKind.EXIT:
          out.push({ ...base, change: "exit", t: t0, other: 0 });
          break;
        case TraceKind.EJECT:
          out.push({ ...base, change: "eject", t: t0, other: 0 });
          break;
        case TraceKind.PERF:
          out.push({ ...base, change: "perf", t: t0, other: 0 });
          break;
      }
    }
  }
  for (const s of openStints) {
    out.push({
      change: "start",
      t: s.t0,
      cpu: s.cpu,
      pid: s.pid,
      aux: -1,
      other: Number.NaN,
      record: -1,
      open: true,
    });
  }
  return out;
}

/** Index of the first call at or after time t (calls are in time order). */
function firstAtOrAfter(calls: Call[], t: number): number {
  let lo = 0;
  let hi = calls.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((calls[mid] as Call).t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where a state change goes among the calls: a fractional call index. */
function placement(c: Change, calls: Call[], byTaskAt: Map<string, number[]>): number {
  const at = byTaskAt.get(`${c.t}:${c.pid}`) ?? [];
  const first = (ids: readonly number[]) => at.find((i) => ids.includes((calls[i] as Call).id));
  const last = (ids: readonly number[]) =>
    [...at].reverse().find((i) => ids.includes((calls[i] as Call).id));
  const before = (i: number) => i - 0.5;
  const after = (i: number) => i + 0.5;
  const lo = firstAtOrAfter(calls, c.t);
  const hi = firstAtOrAfter(calls, c.t + 1) - 1; // last call at t (hi < lo: none)
  const beforeAll = before(lo);
  const afterAll = hi >= lo ? after(hi) : beforeAll;
  switch (c.change) {
    case "create": {
      const i = at[0];
      return i !== undefined ? before(i) : beforeAll;
    }
    case "wake": {
      const i = first([CB.runnable, CB.enqueue]);
      if (i !== undefined) return before(i);
      const sel = first([CB.select_cpu]);
      if (sel !== undefined) {
        // After select_cpu and the helpers it called.
        let j = sel + 1;
        while (j <= hi && (calls[j] as Call).id >= FIRST_HELPER) j++;
        return before(j);
      }
      return beforeAll;
    }
    case "stop": {
      const i = first([CB.stopping]) ?? first([CB.enqueue, CB.quiescent, CB.disable, CB.exit_task]);
      return i !== undefined ? before(i) : beforeAll;
    }
    case "start":
    case "migrate": {
      const i = first([CB.running]);
      if (i !== undefined) return before(i);
      for (let j = hi; j >= lo; j--) if ((calls[j] as Call).cpu === c.cpu) return after(j);
      return afterAll;
    }
    case "exit": {
      const i = last([CB.stopping, CB.quiescent]);
      if (i !== undefined) return after(i);
      const freed = last([CB.disable, CB.exit_task]);
      if (freed !== undefined) return after(freed);
      return afterAll;
    }
    default:
      return afterAll;
  }
}

/** The whole log, in simulated order. */
export function buildEventLog(input: EventLogInput): EventRow[] {
  const calls = readCalls(input.log);
  const changes = readChanges(input.trace, input.openStints ?? []);
  const until = input.untilNs ?? Number.POSITIVE_INFINITY;

  // Task names: the trace creates every task with its group.
  const groups = new Map<number, number>();
  for (const c of changes) if (c.change === "create") groups.set(c.pid, c.aux);
  const groupOf = (pid: number): number =>
    pid < 0 ? -1 : (groups.get(pid) ?? input.groupOf?.(pid) ?? -1);
  const task = (pid: number): string => {
    if (pid <= 0) return "none";
    const name = input.groupNames[groupOf(pid)];
    return name ? `${pid} "${name}"` : `${pid}`;
  };

  const byTaskAt = new Map<string, number[]>();
  calls.forEach((c, i) => {
    if (c.pid < 0) return;
    const key = `${c.t}:${c.pid}`;
    const list = byTaskAt.get(key);
    if (list) list.push(i);
    else byTaskAt.set(key, [i]);
  });

  interface Placed {
    pos: number;
    rank: number;
    seq: number;
    row: Omit<EventRow, "parent">;
  }
  const placed: Placed[] = [];
  calls.forEach((c, i) => {
    if (c.t > until) return;
    const helper = c.id >= FIRST_HELPER;
    placed.push({
      pos: i,
      rank: 0,
      seq: i,
      row: {
        t: c.t,
        cpu: c.cpu,
        pid: c.pid,
        group: groupOf(c.pid),
        kind: helper ? "helper" : "callback",
        name: callSignature(c.id).name,
        text: callText(c, task, input.dsqNames),
        depth: helper ? 1 : 0,
        record: i,
      },
    });
  });
  changes.forEach((c, k) => {
    if (c.t > until) return;
    placed.push({
      pos: placement(c, calls, byTaskAt),
      rank: RANK[c.change],
      seq: k,
      row: {
        t: c.t,
        cpu: c.cpu,
        pid: c.pid,
        group: groupOf(c.pid),
        kind: "state",
        name: c.change,
        text: changeText(c, task, until),
        depth: 0,
        record: c.record,
      },
    });
  });
  // Time first (a change between two instants sits at the same position as the next instant's
  // first call); within an instant calls have integer positions and changes half-integer ones;
  // ties keep a fixed order.
  placed.sort((a, b) => a.row.t - b.row.t || a.pos - b.pos || a.rank - b.rank || a.seq - b.seq);

  const rows: EventRow[] = [];
  let parent = -1;
  for (const p of placed) {
    const r = p.row;
    if (r.kind === "callback") parent = rows.length;
    else if (r.kind === "state") parent = parent >= 0 && rows[parent]?.t === r.t ? parent : -1;
    const isNested = r.kind === "helper" && parent >= 0 && rows[parent]?.t === r.t;
    rows.push({ ...r, depth: isNested ? 1 : 0, parent: isNested ? parent : -1 });
  }
  return rows;
}

function changeText(c: Change, task: (pid: number) => string, until: number): string {
  const who = task(c.pid);
  switch (c.change) {
    case "create":
      return `${who} is created`;
    case "wake":
      return c.aux > 0
        ? `${who} is woken by ${task(c.aux)}, queued for CPU ${c.cpu}`
        : `${who} wakes up, queued for CPU ${c.cpu}`;
    case "start":
      return c.open || c.other > until
        ? `${who} starts running on CPU ${c.cpu} (still running)`
        : `${who} starts running on CPU ${c.cpu}`;
    case "stop":
      return `${who} stops on CPU ${c.cpu} after ${durationWords(c.t - c.other)}: ${STOP_WORDS[c.aux] ?? `reason ${c.aux}`}`;
    case "migrate":
      return `${who} migrates from CPU ${c.aux} to CPU ${c.cpu} (its caches are cold there)`;
    case "exit":
      return `${who} exits`;
    case "eject":
      return `the scheduler is ejected (exit kind ${c.aux})`;
    case "perf":
      return `CPU ${c.cpu} changes its performance level to ${c.aux}/1024`;
  }
}

function callText(
  c: Call,
  task: (pid: number) => string,
  dsqNames?: ReadonlyMap<number | string, string>,
): string {
  const sig = callSignature(c.id);
  const parts: string[] = [];
  if (c.id === CB.dispatch) parts.push(`cpu=${c.cpu}`);
  else if (c.id === CB.yield) parts.push(`from=${task(c.pid)}`);
  else if (c.pid > 0) parts.push(`p=${task(c.pid)}`);
  c.args.forEach((raw, i) => {
    const named = sig.args[i];
    if (named) parts.push(`${named[0]}=${valueWords(named[0], named[1], raw, task, dsqNames)}`);
    else parts.push(`arg${i}=${u64Json(raw)}`);
  });
  const ret = sig.ret === "void" ? "" : ` → ${valueWords("ret", sig.ret, c.ret, task, dsqNames)}`;
  return `${sig.name}(${parts.join(", ")})${ret}`;
}

/** A row as one line: `  1.000 ms  CPU 0    text` (tests, copying). */
export function rowLine(r: EventRow): string {
  const t = `${(r.t / 1e6).toFixed(3)} ms`;
  const cpu = r.cpu >= 0 ? `CPU ${r.cpu}` : "     ";
  return `${t.padStart(11)}  ${cpu}  ${"  ".repeat(r.depth)}${r.text}`;
}
