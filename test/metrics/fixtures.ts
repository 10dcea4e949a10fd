// A hand-made RawRun (the engine's raw numbers) whose metrics can be worked out by hand:
// 2 CPUs (types P and E), groups "batch" and "web", 4 tasks, 10 simulated seconds.

import { emptyHistogram, recordValue } from "../../src/metrics/histogram.ts";
import type { RawHistogram, RawRun } from "../../src/sim/types.ts";

export function histogramOf(values: number[]): RawHistogram {
  const h = emptyHistogram();
  for (const v of values) recordValue(h, v);
  return h;
}

export const GROUP_VALUES = {
  batch: { wakeup: [100, 200, 300], delay: [1000, 3000], response: [] as number[] },
  web: { wakeup: [5000], delay: [7000], response: [1_000_000_000] },
};

export function makeRawRun(overrides: Partial<RawRun> = {}): RawRun {
  const counters = new Float64Array(32);
  counters[0] = 12345; // events
  counters[1] = 10e9; // now
  counters[2] = 40; // context switches
  counters[3] = 7; // migrations
  counters[4] = 4; // tasks started
  counters[5] = 1; // tasks exited
  counters[6] = 10; // deadlines
  counters[7] = 2; // deadline misses
  counters[8] = 14e9; // busy ns, all CPUs
  counters[9] = 3; // SELECT_CPU_FALLBACK
  counters[14] = 5000; // overhead ns
  counters[15] = Number.NaN; // no energy model

  // busy_ns, switches, energy_j, overhead_ns, runs, reserved×3
  const cpuStats = new Float64Array([
    9e9,
    25,
    Number.NaN,
    3000,
    30,
    0,
    0,
    0,
    5e9,
    15,
    Number.NaN,
    2000,
    20,
    0,
    0,
    0,
  ]);
  // tasks started, cpu_time_ns, deadlines, misses, tasks exited, reserved×3
  const groupStats = new Float64Array([3, 14e9, 10, 2, 0, 0, 0, 0, 1, 0.5e9, 0, 0, 1, 0, 0, 0]);
  // pid, group, start, end, cpu_time, weight, always runnable, migrations
  const taskStats = new Float64Array([
    1, 0, 0, -1, 4e9, 100, 1, 2, 2, 0, 0, -1, 2e9, 100, 1, 1, 3, 1, 1e9, 2e9, 0.5e9, 100, 0, 0, 4,
    0, 0, -1, 8e9, 200, 1, 4,
  ]);
  const hist = (g: keyof typeof GROUP_VALUES) => [
    histogramOf(GROUP_VALUES[g].wakeup),
    histogramOf(GROUP_VALUES[g].delay),
    histogramOf(GROUP_VALUES[g].response),
  ];
  return {
    request: {
      policyName: "simple",
      params: { fifo_sched: false },
      machineName: "two-cpus",
      workloadName: "mixed",
      groupNames: ["batch", "web"],
      cpuTypeNames: ["P", "E"],
      seed: 7,
      durationNs: 10e9,
    },
    params: { fifo_sched: false },
    simulatedNs: 10e9,
    wallMs: 12.5,
    events: 12345,
    exit: { kind: "done", code: 1, reason: "", atNs: 10e9 },
    counters,
    cpuStats,
    ncpus: 2,
    cpuTypes: [0, 1],
    groupStats,
    histograms: [hist("batch"), hist("web")],
    taskStats,
    ...overrides,
  };
}
