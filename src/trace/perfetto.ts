// The `--trace` output: Chrome trace-event JSON, which ui.perfetto.dev (and chrome://tracing)
// open. One track per CPU holds a slice per RUN record, named "<group>/<pid>"; wakeups,
// migrations, task creation/exit and the ejection are instants; cpuperf changes are counters.
//
// The CPU tracks live in process 1 ("CPUs") with tid 1000 + cpu, not pid 0 / tid = cpu:
// Perfetto treats pid 0 and tid 0 as the kernel's swapper and its maintainers advise against
// them in synthesised traces; the offset also keeps tids sorting in CPU order as text.

import { TASK_STAT, TASK_STRIDE } from "../metrics/layout.ts";
import type { RawRun } from "../sim/types.ts";
import { stopReason, TraceKind, traceRecords } from "./records.ts";

export const CPU_PROCESS_PID = 1;
export const cpuTid = (cpu: number): number => 1000 + cpu;

/** ns → the format's µs, keeping ns precision as decimals. */
const us = (ns: number): number => ns / 1000;

export type TraceEvent = Record<string, unknown>;

/** Group name of each pid: from the task stats, else from CREATE records as they appear. */
class TaskGroups {
  private readonly fromCreate = new Map<number, number>();
  constructor(private readonly raw: RawRun) {}

  noteCreate(pid: number, group: number): void {
    this.fromCreate.set(pid, group);
  }

  name(pid: number): string {
    const at = (pid - 1) * TASK_STRIDE + TASK_STAT.group;
    const g = pid >= 1 && at < this.raw.taskStats.length ? this.raw.taskStats[at] : undefined;
    const group = g ?? this.fromCreate.get(pid);
    if (group === undefined) return "?";
    return this.raw.request.groupNames[group] ?? `group${group}`;
  }
}

function* metadata(raw: RawRun): Generator<TraceEvent> {
  const pid = CPU_PROCESS_PID;
  yield { name: "process_name", ph: "M", pid, args: { name: "CPUs" } };
  for (let cpu = 0; cpu < raw.ncpus; cpu++) {
    const tid = cpuTid(cpu);
    yield { name: "thread_name", ph: "M", pid, tid, args: { name: `CPU ${cpu}` } };
    yield { name: "thread_sort_index", ph: "M", pid, tid, args: { sort_index: cpu } };
  }
}

/** Every trace event of a run, metadata first, then records in the engine's order. */
export function* perfettoEvents(raw: RawRun): Generator<TraceEvent> {
  yield* metadata(raw);
  if (!raw.trace) return;
  const groups = new TaskGroups(raw);
  const pid = CPU_PROCESS_PID;
  const label = (p: number) => `${groups.name(p)}/${p}`;
  for (const r of traceRecords(raw.trace)) {
    const tid = cpuTid(r.cpu);
    switch (r.kind) {
      case TraceKind.RUN:
        yield {
          name: label(r.pid),
          cat: "run",
          ph: "X",
          pid,
          tid,
          ts: us(r.t0),
          dur: us(r.t1 - r.t0),
          args: { pid: r.pid, group: groups.name(r.pid), stop: stopReason(r.aux) },
        };
        break;
      case TraceKind.WAKE:
        yield {
          name: `wake ${label(r.pid)}`,
          cat: "wakeup",
          ph: "i",
          s: "t",
          pid,
          tid,
          ts: us(r.t0),
          args: { pid: r.pid, group: groups.name(r.pid), waker: r.aux >= 0 ? r.aux : null },
        };
        break;
      case TraceKind.MIGRATE:
        yield {
          name: `migrate ${label(r.pid)}`,
          cat: "migration",
          ph: "i",
          s: "t",
          pid,
          tid,
          ts: us(r.t0),
          args: { pid: r.pid, from_cpu: r.aux, to_cpu: r.cpu },
        };
        break;
      case TraceKind.CREATE:
        groups.noteCreate(r.pid, r.aux);
        yield* taskInstant("create", label(r.pid), r.cpu, r.t0, { pid: r.pid });
        break;
      case TraceKind.EXIT:
        yield* taskInstant("exit", label(r.pid), r.cpu, r.t0, { pid: r.pid });
        break;
      case TraceKind.EJECT:
        yield {
          name: `ejected: ${raw.exit.reason || `exit kind ${r.aux}`}`,
          cat: "eject",
          ph: "i",
          s: "g",
          pid,
          ts: us(r.t0),
          args: { kind: r.aux, callback: raw.exit.callback ?? null },
        };
        break;
      case TraceKind.PERF:
        yield {
          name: `cpuperf CPU ${r.cpu}`,
          cat: "perf",
          ph: "C",
          pid,
          tid,
          ts: us(r.t0),
          args: { cpuperf_cur: r.aux },
        };
        break;
    }
  }
}

/** Task lifetime instants go on the CPU's track when the record names one, else globally. */
function* taskInstant(
  what: string,
  label: string,
  cpu: number,
  tNs: number,
  args: Record<string, unknown>,
): Generator<TraceEvent> {
  const onCpu = cpu >= 0;
  yield {
    name: `${what} ${label}`,
    cat: "task",
    ph: "i",
    s: onCpu ? "t" : "g",
    pid: CPU_PROCESS_PID,
    ...(onCpu ? { tid: cpuTid(cpu) } : {}),
    ts: us(tNs),
    args,
  };
}

/** The whole trace as JSON text, piece by piece (a JSON object with a traceEvents array). */
export function* perfettoJsonPieces(raw: RawRun): Generator<string> {
  yield '{"displayTimeUnit":"ns","traceEvents":[\n';
  let first = true;
  for (const ev of perfettoEvents(raw)) {
    yield `${first ? "" : ",\n"}${JSON.stringify(ev)}`;
    first = false;
  }
  const meta = {
    policy: raw.request.policyName,
    machine: raw.request.machineName,
    workload: raw.request.workloadName,
    seed: raw.request.seed,
  };
  yield `\n],"metadata":${JSON.stringify(meta)}}\n`;
}

/**
 * Streams the trace of a run to `file` (Node only: the file writer is imported here, so that
 * the browser can import this module for perfettoJsonPieces without node:fs).
 */
export async function writePerfettoTrace(file: string, raw: RawRun): Promise<void> {
  const { writeChunks } = await import("./writeChunks.ts");
  await writeChunks(file, perfettoJsonPieces(raw));
}
