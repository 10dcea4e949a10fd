// The metrics `compare` and `bench` aggregate over seeds: the headline ones of the issue first,
// then a few more. Each has a stable key (used in the JSON summaries and the CSV), a label for
// tables, how to read it from a run result (null when the run has no value, e.g. no samples),
// and which direction is better (for the report's colours; the text marks significance only).

import type { RunResult } from "../sim/types.ts";

export type Unit = "ns" | "count" | "rate" | "fraction" | "ratio" | "joule";

export interface MetricDef {
  key: string;
  label: string;
  unit: Unit;
  better: "lower" | "higher" | null;
  get(r: RunResult): number | null;
}

type Dist = "wakeup_latency_ns" | "run_delay_ns" | "response_ns";
type Pct = "p50" | "p90" | "p99" | "p999" | "max" | "mean";
const PCT_LABEL: Record<Pct, string> = {
  p50: "p50",
  p90: "p90",
  p99: "p99",
  p999: "p99.9",
  max: "max",
  mean: "mean",
};
const DIST_LABEL: Record<Dist, string> = {
  wakeup_latency_ns: "wakeup",
  run_delay_ns: "run delay",
  response_ns: "response",
};

function dist(d: Dist, p: Pct): MetricDef {
  return {
    key: `${d}.${p}`,
    label: `${DIST_LABEL[d]} ${PCT_LABEL[p]}`,
    unit: "ns",
    better: "lower",
    get: (r) => {
      const l = r.summary[d];
      return l && l.count > 0 ? l[p] : null;
    },
  };
}

const num = (x: unknown): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);

/** The headline rows, in table order. */
export const HEADLINE: MetricDef[] = [
  dist("wakeup_latency_ns", "p50"),
  dist("wakeup_latency_ns", "p99"),
  dist("wakeup_latency_ns", "p999"),
  dist("run_delay_ns", "p99"),
  dist("response_ns", "p99"),
  {
    key: "throughput_per_s",
    label: "throughput",
    unit: "rate",
    better: "higher",
    get: (r) => num(r.summary.throughput_per_s),
  },
  {
    key: "fairness_jain",
    label: "fairness (Jain)",
    unit: "ratio",
    better: "higher",
    get: (r) => num(r.summary.fairness_jain),
  },
  {
    key: "migrations",
    label: "migrations",
    unit: "count",
    better: "lower",
    get: (r) => num(r.summary.migrations),
  },
  {
    key: "energy_j",
    label: "energy",
    unit: "joule",
    better: "lower",
    get: (r) => num(r.summary.energy_j),
  },
  {
    key: "deadline_misses",
    label: "deadline misses",
    unit: "count",
    better: "lower",
    get: (r) => num(r.summary.deadline_misses),
  },
];

/** Further rows `compare` shows and every summary carries. */
export const MORE: MetricDef[] = [
  {
    key: "utilization",
    label: "utilization",
    unit: "fraction",
    better: null,
    get: (r) => num(r.summary.utilization),
  },
  {
    key: "context_switches",
    label: "context switches",
    unit: "count",
    better: null,
    get: (r) => num(r.summary.context_switches),
  },
  {
    key: "tasks_exited",
    label: "tasks exited",
    unit: "count",
    better: null,
    get: (r) => num(r.summary.tasks_exited),
  },
  dist("wakeup_latency_ns", "max"),
  dist("run_delay_ns", "p50"),
  dist("response_ns", "p50"),
];

export const ALL_METRICS: MetricDef[] = [...HEADLINE, ...MORE];

/** Per-group rows of `compare`: each group's CPU time and wakeup p99. */
export function groupMetrics(groupNames: readonly string[]): MetricDef[] {
  return groupNames.flatMap((g): MetricDef[] => [
    {
      key: `groups.${g}.cpu_time_ns`,
      label: `${g}: cpu time`,
      unit: "ns",
      better: null,
      get: (r) => num(r.groups[g]?.cpu_time_ns),
    },
    {
      key: `groups.${g}.wakeup_latency_ns.p99`,
      label: `${g}: wakeup p99`,
      unit: "ns",
      better: "lower",
      get: (r) => {
        const l = r.groups[g]?.wakeup_latency_ns;
        return l && l.count > 0 ? l.p99 : null;
      },
    },
  ]);
}
