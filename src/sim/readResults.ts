// Copies the engine's counters, per-CPU/group/task stats and histograms out of linear memory
// (layouts in docs/internals.md). Every array is a copy with its own buffer, so it survives
// the instance and can be transferred between threads.
import {
  COUNTERS,
  CPU_STATS,
  type EngineExports,
  GROUP_STATS,
  HIST_BUCKETS,
  HIST_HEADER,
  HIST_METRICS,
  TASK_STATS,
} from "./engineExports.ts";
import { readF64s } from "./memory.ts";
import type { RawHistogram, RawRun, RunRequest } from "./types.ts";

type Results = Pick<
  RawRun,
  | "simulatedNs"
  | "events"
  | "counters"
  | "cpuStats"
  | "ncpus"
  | "cpuTypes"
  | "groupStats"
  | "histograms"
  | "taskStats"
>;

/** Machine encoding: header of 16, then 12 per CPU with the type index first. */
const MACHINE_HEADER = 16;
const CPU_RECORD = 12;

export function readResults(e: EngineExports, req: RunRequest): Results {
  const ncpus = req.machine[1] ?? 0;
  const ngroups = req.workload[1] ?? 0;
  const cpuTypes = cpuTypesOf(req.machine);
  // Each read stands alone: after a trap one broken table must not hide the others.
  const counters = attempt(
    () => readF64s(e.memory, e.abi_stats_ptr(), COUNTERS),
    new Float64Array(COUNTERS),
  );
  const cpuStats = attempt(
    () => readF64s(e.memory, e.abi_cpu_stats_ptr(), ncpus * CPU_STATS),
    new Float64Array(ncpus * CPU_STATS),
  );
  const groupStats = attempt(
    () => readF64s(e.memory, e.abi_group_stats_ptr(), ngroups * GROUP_STATS),
    new Float64Array(ngroups * GROUP_STATS),
  );
  const histograms: RawHistogram[][] = [];
  for (let g = 0; g < ngroups; g++) {
    const row: RawHistogram[] = [];
    for (let m = 0; m < HIST_METRICS; m++)
      row.push(attempt(() => readHistogram(e, g, m), emptyHistogram()));
    histograms.push(row);
  }
  const taskStats = attempt(() => {
    // The table is built by the call (it may grow memory): pointer first, then count and read.
    const ptr = e.abi_task_stats_ptr();
    return readF64s(e.memory, ptr, e.abi_task_count() * TASK_STATS);
  }, new Float64Array(0));
  return {
    simulatedNs: attempt(() => e.abi_now(), counters[1] ?? 0),
    events: attempt(() => e.abi_events(), counters[0] ?? 0),
    counters,
    cpuStats,
    ncpus,
    cpuTypes,
    groupStats,
    histograms,
    taskStats,
  };
}

/** The CPU type index of each CPU, from the machine encoding. */
export function cpuTypesOf(machine: Float64Array): number[] {
  const ncpus = machine[1] ?? 0;
  return Array.from({ length: ncpus }, (_, i) => machine[MACHINE_HEADER + i * CPU_RECORD] ?? 0);
}

function readHistogram(e: EngineExports, group: number, metric: number): RawHistogram {
  const ptr = e.abi_hist_ptr(group, metric);
  const header = readF64s(e.memory, ptr, HIST_HEADER);
  return {
    count: header[0] as number,
    sum: header[1] as number,
    min: header[2] as number,
    max: header[3] as number,
    buckets: readF64s(e.memory, ptr + HIST_HEADER * 8, HIST_BUCKETS),
  };
}

export function emptyHistogram(): RawHistogram {
  return { count: 0, sum: 0, min: 0, max: 0, buckets: new Float64Array(HIST_BUCKETS) };
}

function attempt<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}
