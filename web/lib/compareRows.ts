// The rows of a comparison: each metric, how to read it from a result, and which way is better.
import type { RunResult } from "../../src/sim/types.ts";
import { fmtInt, fmtNs, fmtNum, fmtPct } from "./format.ts";

export interface CompareRow {
  label: string;
  get(r: RunResult): number | null;
  fmt(v: number | null): string;
  /** +1: higher is better, −1: lower is better, 0: neither. */
  better: 1 | -1 | 0;
}

export const COMPARE_ROWS: readonly CompareRow[] = [
  {
    label: "wakeup latency p50",
    get: (r) => r.summary.wakeup_latency_ns.p50,
    fmt: fmtNs,
    better: -1,
  },
  {
    label: "wakeup latency p99",
    get: (r) => r.summary.wakeup_latency_ns.p99,
    fmt: fmtNs,
    better: -1,
  },
  { label: "run delay p99", get: (r) => r.summary.run_delay_ns.p99, fmt: fmtNs, better: -1 },
  {
    label: "throughput (tasks/s)",
    get: (r) => r.summary.throughput_per_s ?? null,
    fmt: (v) => fmtNum(v),
    better: 1,
  },
  {
    label: "fairness (Jain)",
    get: (r) => r.summary.fairness_jain,
    fmt: (v) => fmtNum(v),
    better: 1,
  },
  { label: "utilisation", get: (r) => r.summary.utilization, fmt: (v) => fmtPct(v), better: 0 },
  { label: "migrations", get: (r) => r.summary.migrations, fmt: fmtInt, better: -1 },
  { label: "context switches", get: (r) => r.summary.context_switches, fmt: fmtInt, better: 0 },
  { label: "energy (J)", get: (r) => r.summary.energy_j, fmt: (v) => fmtNum(v), better: -1 },
  { label: "deadline misses", get: (r) => r.summary.deadline_misses, fmt: fmtInt, better: -1 },
];

/** Relative change of `v` against `base`, or null when it cannot be told. */
export function delta(v: number | null, base: number | null): number | null {
  if (v === null || base === null || !Number.isFinite(v) || !Number.isFinite(base)) return null;
  if (base === 0) return v === 0 ? 0 : null;
  return (v - base) / Math.abs(base);
}
