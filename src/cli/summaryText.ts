// The human summary of one run (`run` without --json): what ran, how it ended, the headline
// metrics, the latency distributions and a per-group table.

import type { LatencySummary, RunResult } from "../sim/types.ts";
import { fmtInt, fmtNs, fmtNum, fmtPct, fmtRate, keyValues, table } from "./format.ts";

export function paramsText(params: Record<string, number | boolean>): string {
  const entries = Object.entries(params);
  return entries.length === 0 ? "" : ` (${entries.map(([k, v]) => `${k}=${v}`).join(", ")})`;
}

export function exitText(exit: RunResult["exit"]): string {
  if (exit.kind === "done") return "done";
  const where = [
    exit.callback ? `in ${exit.callback}` : "",
    exit.at_ns !== undefined ? `at ${fmtNs(exit.at_ns)}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  return `ejected: ${exit.reason ?? "(no reason given)"}${where ? ` (${where})` : ""}`;
}

function header(r: RunResult): string {
  return keyValues([
    ["policy", `${r.policy}${paramsText(r.params)}`],
    ["machine", r.machine],
    ["workload", r.workload],
    ["seed", String(r.seed)],
    [
      "simulated",
      `${fmtNs(r.simulated_ns)} (${fmtInt(r.events)} events in ${fmtNs(r.wall_ms * 1e6)} wall)`,
    ],
    ["exit", exitText(r.exit)],
  ]);
}

function utilizationText(s: RunResult["summary"]): string {
  const byType = Object.entries(s.utilization_by_type ?? {});
  const types =
    byType.length > 1 ? ` (${byType.map(([t, u]) => `${t} ${fmtPct(u)}`).join(", ")})` : "";
  return `${fmtPct(s.utilization)}${types}`;
}

function headline(r: RunResult): string {
  const s = r.summary;
  const throughput = s.throughput_per_s !== undefined ? `, ${fmtRate(s.throughput_per_s)}` : "";
  return keyValues([
    ["utilization", utilizationText(s)],
    [
      "fairness (Jain)",
      s.fairness_jain === null ? "n/a (no task always runnable all run)" : fmtNum(s.fairness_jain),
    ],
    ["energy", s.energy_j === null ? "n/a (no energy model)" : `${fmtNum(s.energy_j)} J`],
    ["context switches", fmtInt(s.context_switches)],
    ["migrations", fmtInt(s.migrations)],
    ["tasks", `${fmtInt(s.tasks_started)} started, ${fmtInt(s.tasks_exited)} exited${throughput}`],
    ["deadlines", `${fmtInt(s.deadline_misses)} missed of ${fmtInt(s.deadlines)}`],
  ]);
}

/** A latency row: count, mean, percentiles, max ("-" when there were no samples). */
export function latencyCells(l: LatencySummary): string[] {
  if (l.count === 0) return ["0", "-", "-", "-", "-", "-", "-"];
  return [fmtInt(l.count), ...[l.mean, l.p50, l.p90, l.p99, l.p999, l.max].map(fmtNs)];
}

function latencies(r: RunResult): string {
  const s = r.summary;
  return table([
    ["", "count", "mean", "p50", "p90", "p99", "p99.9", "max"],
    ["wakeup latency", ...latencyCells(s.wakeup_latency_ns)],
    ["run delay", ...latencyCells(s.run_delay_ns)],
    ["response", ...latencyCells(s.response_ns)],
  ]);
}

function groupsTable(r: RunResult): string {
  const entries = Object.entries(r.groups);
  if (entries.length === 0) return "";
  const total = entries.reduce((a, [, g]) => a + g.cpu_time_ns, 0);
  const p = (l: LatencySummary, k: "p50" | "p99" | "max") => (l.count === 0 ? "-" : fmtNs(l[k]));
  const rows = [
    [
      "group",
      "tasks",
      "cpu time",
      "share",
      "wake p50",
      "wake p99",
      "wake max",
      "delay p99",
      "resp p50",
      "resp p99",
      "missed",
    ],
    ...entries.map(([name, g]) => [
      name,
      fmtInt(g.tasks),
      fmtNs(g.cpu_time_ns),
      total > 0 ? fmtPct(g.cpu_time_ns / total) : "-",
      p(g.wakeup_latency_ns, "p50"),
      p(g.wakeup_latency_ns, "p99"),
      p(g.wakeup_latency_ns, "max"),
      p(g.run_delay_ns, "p99"),
      p(g.response_ns, "p50"),
      p(g.response_ns, "p99"),
      g.deadlines > 0 ? `${fmtInt(g.deadline_misses)}/${fmtInt(g.deadlines)}` : "-",
    ]),
  ];
  return table(rows);
}

export function summaryText(r: RunResult): string {
  return [header(r), headline(r), latencies(r), groupsTable(r)].filter(Boolean).join("\n");
}
