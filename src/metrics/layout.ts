// Indices into the engine's stat arrays (docs/internals.md "Engine exports"), named once so the
// metrics code reads as what it means rather than as offsets.

/** Global counters, f64[32]. */
export const COUNTER = {
  events: 0,
  now: 1,
  contextSwitches: 2,
  migrations: 3,
  tasksStarted: 4,
  tasksExited: 5,
  deadlines: 6,
  deadlineMisses: 7,
  busyNs: 8,
  selectCpuFallback: 9,
  dispatchLocalDsqOffline: 10,
  dispatchKeepLast: 11,
  spuriousDispatches: 12,
  zeroSliceRefills: 13,
  overheadNs: 14,
  energyJ: 15,
} as const;

/** Per-CPU stats, stride 8. */
export const CPU_STRIDE = 8;
export const CPU_STAT = { busyNs: 0, switches: 1, energyJ: 2, overheadNs: 3, runs: 4 } as const;

/** Per-group stats, stride 8. */
export const GROUP_STRIDE = 8;
export const GROUP_STAT = {
  tasksStarted: 0,
  cpuTimeNs: 1,
  deadlines: 2,
  deadlineMisses: 3,
  tasksExited: 4,
} as const;

/** Per-task stats, stride 8, index = pid − 1. */
export const TASK_STRIDE = 8;
export const TASK_STAT = {
  pid: 0,
  group: 1,
  startNs: 2,
  endNs: 3,
  cpuTimeNs: 4,
  weight: 5,
  alwaysRunnable: 6,
  migrations: 7,
} as const;

/** Histogram metrics, the second index of RawRun.histograms. */
export const METRIC = { wakeupLatency: 0, runDelay: 1, response: 2 } as const;
