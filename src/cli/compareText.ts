// The side-by-side table of `compare`: one column per policy, one row per metric. With several
// seeds a column shows the mean over its seeds (of each seed's percentile, not a percentile of
// the pooled samples), which is what a reader comparing policies wants to see first.

import type { LatencySummary, RunResult } from "../sim/types.ts";
import { fmtInt, fmtNs, fmtNum, fmtPct, fmtRate, table } from "./format.ts";
import { paramsText } from "./summaryText.ts";

export interface Column {
  label: string;
  results: RunResult[];
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Mean of a metric over a column's runs; null when no run has it. */
function avg(col: Column, get: (r: RunResult) => number | null | undefined): number | null {
  const xs = col.results.map(get).filter((x): x is number => typeof x === "number");
  return xs.length === 0 ? null : mean(xs);
}

type Row = [
  label: string,
  get: (r: RunResult) => number | null | undefined,
  fmt: (x: number) => string,
];

function latencyRows(
  name: string,
  get: (r: RunResult) => LatencySummary | undefined,
  keys: (keyof LatencySummary)[],
): Row[] {
  const label = {
    p50: "p50",
    p90: "p90",
    p99: "p99",
    p999: "p99.9",
    max: "max",
    mean: "mean",
    count: "count",
  };
  return keys.map((k) => [
    `${name} ${label[k]}`,
    (r) => {
      const l = get(r);
      return l && l.count > 0 ? l[k] : null;
    },
    fmtNs,
  ]);
}

function exitCell(col: Column): string {
  const ejected = col.results.filter((r) => r.exit.kind === "ejected").length;
  if (ejected === 0) return "done";
  return col.results.length === 1 ? "ejected" : `ejected ${ejected}/${col.results.length}`;
}

export function compareText(columns: Column[]): string {
  const first = columns[0]?.results[0];
  if (!first) return "";
  const groupNames = Object.keys(first.groups);
  const rows: Row[] = [
    ["utilization", (r) => r.summary.utilization, fmtPct],
    ["fairness (Jain)", (r) => r.summary.fairness_jain, (x) => fmtNum(x)],
    ["energy", (r) => r.summary.energy_j, (x) => `${fmtNum(x)} J`],
    ["context switches", (r) => r.summary.context_switches, fmtInt],
    ["migrations", (r) => r.summary.migrations, fmtInt],
    ["tasks exited", (r) => r.summary.tasks_exited, fmtInt],
    ["throughput", (r) => r.summary.throughput_per_s, fmtRate],
    ...latencyRows("wakeup", (r) => r.summary.wakeup_latency_ns, ["p50", "p99", "p999", "max"]),
    ...latencyRows("run delay", (r) => r.summary.run_delay_ns, ["p50", "p99"]),
    ...latencyRows("response", (r) => r.summary.response_ns, ["p50", "p99"]),
    ["deadline misses", (r) => r.summary.deadline_misses, fmtInt],
    ...groupNames.flatMap((g): Row[] => [
      [`${g}: cpu time`, (r) => r.groups[g]?.cpu_time_ns, fmtNs],
      ...latencyRows(`${g}: wakeup`, (r) => r.groups[g]?.wakeup_latency_ns, ["p99"]),
    ]),
  ];
  const body = rows.map(([label, get, fmt]) => [
    label,
    ...columns.map((c) => {
      const x = avg(c, get);
      return x === null ? "-" : fmt(x);
    }),
  ]);
  const seeds = first && columns[0].results.length;
  const head = [
    `machine ${first.machine}, workload ${first.workload}, ` +
      (seeds > 1
        ? `mean over ${seeds} seeds (${columns[0].results.map((r) => r.seed).join(",")})`
        : `seed ${first.seed}`),
    ...columns
      .map((c) => `  ${c.label}${paramsText(c.results[0]?.params ?? {})}`)
      .filter((l) => l.includes("(")),
  ];
  return `${head.join("\n")}\n\n${table([["", ...columns.map((c) => c.label)], ["exit", ...columns.map(exitCell)], ...body])}`;
}
