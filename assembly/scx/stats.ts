// Counters and latency histograms, kept inside the module so metrics cost no trace records.
// Buckets are log-linear (docs/internals.md): exact below 256 ns, then 128 per power of two,
// so a bucket's midpoint is within 1/256 of any value in it.

export const HIST_HEADER: i32 = 4; // count, sum, min, max
export const HIST_BUCKETS: i32 = 7296;
export const HIST_SIZE: i32 = HIST_HEADER + HIST_BUCKETS;
export const METRIC_WAKEUP: i32 = 0;
export const METRIC_RUN_DELAY: i32 = 1;
export const METRIC_RESPONSE: i32 = 2;
export const NMETRICS: i32 = 3;

export const C_EVENTS = 0;
export const C_NOW = 1;
export const C_CONTEXT_SWITCHES = 2;
export const C_MIGRATIONS = 3;
export const C_TASKS_STARTED = 4;
export const C_TASKS_EXITED = 5;
export const C_DEADLINES = 6;
export const C_DEADLINE_MISSES = 7;
export const C_BUSY_NS = 8;
export const C_SELECT_CPU_FALLBACK = 9;
export const C_DISPATCH_LOCAL_DSQ_OFFLINE = 10;
export const C_DISPATCH_KEEP_LAST = 11;
export const C_SPURIOUS_DISPATCH = 12;
export const C_ZERO_SLICE_REFILL = 13;
export const C_OVERHEAD_NS = 14;
export const C_ENERGY_J = 15;
export const NCOUNTERS = 32;

export const G_TASKS = 0;
export const G_CPU_TIME = 1;
export const G_DEADLINES = 2;
export const G_DEADLINE_MISSES = 3;
export const G_EXITED = 4;
export const GROUP_STRIDE = 8;

export let counters = new StaticArray<f64>(NCOUNTERS);
export let groupStats = new StaticArray<f64>(0);
/** [group][metric] histograms, each HIST_SIZE f64s, flattened. */
export let hists = new StaticArray<f64>(0);
export let ngroupsStats: i32 = 0;

export function statsReset(ngroups: i32): void {
  counters = new StaticArray<f64>(NCOUNTERS);
  ngroupsStats = ngroups;
  groupStats = new StaticArray<f64>(ngroups * GROUP_STRIDE);
  hists = new StaticArray<f64>(ngroups * NMETRICS * HIST_SIZE);
  for (let i = 0; i < ngroups * NMETRICS; i++) {
    unchecked((hists[i * HIST_SIZE + 2] = Infinity));
  }
}

// @ts-ignore: decorator
@inline
export function count(idx: i32, by: f64 = 1): void {
  unchecked((counters[idx] = counters[idx] + by));
}

// @ts-ignore: decorator
@inline
export function groupAdd(g: i32, idx: i32, by: f64): void {
  const i = g * GROUP_STRIDE + idx;
  unchecked((groupStats[i] = groupStats[i] + by));
}

// @ts-ignore: decorator
@inline
export function bucketOf(v: i64): i32 {
  if (v < 256) return v < 0 ? 0 : <i32>v;
  const e = 63 - <i32>clz(v);
  const shift = e - 7;
  return 256 + (e - 8) * 128 + (<i32>(v >> shift) - 128);
}

// @ts-ignore: decorator
@inline
export function record(g: i32, metric: i32, v: i64): void {
  const base = (g * NMETRICS + metric) * HIST_SIZE;
  const fv = <f64>v;
  unchecked((hists[base] = hists[base] + 1));
  unchecked((hists[base + 1] = hists[base + 1] + fv));
  if (fv < unchecked(hists[base + 2])) unchecked((hists[base + 2] = fv));
  if (fv > unchecked(hists[base + 3])) unchecked((hists[base + 3] = fv));
  const b = base + HIST_HEADER + bucketOf(v);
  unchecked((hists[b] = hists[b] + 1));
}
