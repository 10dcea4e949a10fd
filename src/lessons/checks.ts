// Evaluating a lesson's checks against a run's JSON result (CONTRACT.md "A run's JSON result"):
// each check reads a metric by its path (`groups.interactive.wakeup_latency_ns.p99`), or the
// ratio of two, and compares it with a fixed bound or with a factor of the same metric in a
// run of the starting policy (the baseline). A run that ejected the scheduler fails every check.
import type { RunResult } from "../sim/types.ts";
import type { LessonCheck } from "./lesson.ts";

export interface CheckOutcome {
  check: LessonCheck;
  /** The metric in this run (NaN when the path leads nowhere). */
  value: number;
  /** The bound it was held to (after applying the baseline factor); [low, high] for between. */
  bound: number | [number, number];
  pass: boolean;
  /** e.g. "p99 wakeup latency of interactive: 12.4 ms — needs < 2 ms". */
  text: string;
}

export interface CheckReport {
  pass: boolean;
  outcomes: CheckOutcome[];
  /** Set when the run ended in an ejection (then nothing passes). */
  ejected?: string;
}

/** The number at a dotted path; a path may be `A / B` (a ratio). NaN when missing. */
export function metricValue(result: unknown, metric: string): number {
  const ratio = metric.split("/").map((p) => p.trim());
  if (ratio.length === 2) {
    return metricValue(result, ratio[0] as string) / metricValue(result, ratio[1] as string);
  }
  let v: unknown = result;
  for (const key of metric.split(".")) {
    if (typeof v !== "object" || v === null) return Number.NaN;
    v = (v as Record<string, unknown>)[key];
  }
  return typeof v === "number" ? v : v === null ? Number.NaN : Number.NaN;
}

function compare(op: LessonCheck["op"], v: number, b: number | [number, number]): boolean {
  if (!Number.isFinite(v)) return false;
  if (Array.isArray(b)) return v >= b[0] && v <= b[1];
  switch (op) {
    case "<":
      return v < b;
    case "<=":
      return v <= b;
    case ">":
      return v > b;
    case ">=":
      return v >= b;
    default:
      return false;
  }
}

/** The bound of a check, given the baseline run when the check needs one. */
export function checkBound(check: LessonCheck, baseline?: RunResult): number | [number, number] {
  if (check.value !== undefined) return check.value;
  const base = baseline ? metricValue(baseline, check.metric) : Number.NaN;
  const f = check.baseline as number | [number, number];
  return Array.isArray(f) ? [f[0] * base, f[1] * base] : f * base;
}

export function evaluateChecks(
  checks: readonly LessonCheck[],
  result: RunResult,
  baseline?: RunResult,
): CheckReport {
  const ejected = result.exit.kind === "ejected" ? result.exit.reason || "ejected" : undefined;
  const outcomes = checks.map((check): CheckOutcome => {
    const value = metricValue(result, check.metric);
    const bound = checkBound(check, baseline);
    const pass = !ejected && compare(check.op, value, bound);
    return { check, value, bound, pass, text: describeOutcome(check, value, bound) };
  });
  return {
    pass: !ejected && outcomes.every((o) => o.pass),
    outcomes,
    ...(ejected ? { ejected } : {}),
  };
}

/** Is the metric a time in ns (shown with a unit)? */
function isNs(metric: string): boolean {
  return !metric.includes("/") && /(_ns(\.|$))/.test(metric);
}

/** A number as a person reads it: times with a unit, joules, ratios with 3 digits. */
export function formatMetric(metric: string, v: number): string {
  if (!Number.isFinite(v)) return "–";
  if (isNs(metric)) {
    const a = Math.abs(v);
    if (a >= 1e9) return `${+(v / 1e9).toPrecision(3)} s`;
    if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)} ms`;
    if (a >= 1e3) return `${+(v / 1e3).toPrecision(3)} µs`;
    return `${Math.round(v)} ns`;
  }
  if (/energy_j/.test(metric) && !metric.includes("/")) return `${+v.toPrecision(4)} J`;
  if (Number.isInteger(v)) return v.toLocaleString("en-US");
  return `${+v.toPrecision(3)}`;
}

function describeOutcome(
  check: LessonCheck,
  value: number,
  bound: number | [number, number],
): string {
  const name = check.label ?? check.metric;
  const need = Array.isArray(bound)
    ? `between ${formatMetric(check.metric, bound[0])} and ${formatMetric(check.metric, bound[1])}`
    : `${check.op} ${formatMetric(check.metric, bound)}`;
  const rel =
    check.baseline !== undefined && !Array.isArray(check.baseline)
      ? ` (${check.baseline} × the starting policy's)`
      : check.baseline !== undefined
        ? " (relative to the starting policy's)"
        : "";
  return `${name}: ${formatMetric(check.metric, value)} — needs ${need}${rel}`;
}
