// From per-seed results to what tables and reports show: results grouped by (machine,
// workload) into blocks of columns (one per policy variant), and for each column and metric the
// mean over seeds with its 95 % interval and the paired comparison with the block's first
// column. Ejected runs are counted but left out of the statistics: their metrics cover only
// the time before the ejection.

import type { RunResult } from "../sim/types.ts";
import type { MetricDef } from "./metrics.ts";
import type { KnobValue } from "./params.ts";
import { type CellError, type ResultElement, type Variant, variantKey } from "./results.ts";
import { type Estimate, estimate, type PairedTest, pairedTTest } from "./stats.ts";

export interface Column {
  label: string;
  policy?: string;
  params?: Record<string, KnobValue>;
  results: ResultElement[];
  /** Cells of this column that failed without a result. */
  errors?: CellError[];
}

export interface Block {
  machine: string;
  workload: string;
  columns: Column[];
}

export interface VsBaseline {
  /** Seeds both finished with a value. */
  n: number;
  /** Mean of the per-seed differences (this − baseline). */
  diff: number;
  ci95: [number, number] | null;
  /** diff / the baseline's mean over the same seeds; null when that mean is 0. */
  rel: number | null;
  t: number | null;
  p: number | null;
  significant: boolean;
}

export interface MetricStats {
  n: number;
  mean: number;
  sd: number;
  ci95: [number, number] | null;
  vs_baseline?: VsBaseline | null;
}

export interface ColumnStats {
  label: string;
  policy: string;
  params: Record<string, KnobValue>;
  seeds: number;
  done: number;
  ejected: number;
  failed: number;
  metrics: Record<string, MetricStats | null>;
}

/** One entry of the documents' `summaries`. */
export interface SummaryEntry extends ColumnStats {
  machine: string;
  workload: string;
  baseline: string;
}

const done = (r: RunResult) => r.exit.kind === "done";

function toStats(e: Estimate): Omit<MetricStats, "vs_baseline"> {
  return { n: e.n, mean: e.mean, sd: e.sd, ci95: e.ci };
}

function vsBaseline(t: PairedTest, baseMean: number): VsBaseline {
  return {
    n: t.n,
    diff: t.mean,
    ci95: t.ci,
    rel: baseMean !== 0 && Number.isFinite(baseMean) ? t.mean / baseMean : null,
    t: t.t,
    p: t.p,
    significant: t.significant,
  };
}

/** Values of a metric by seed over a column's finished runs. */
function bySeed(col: Column, m: MetricDef): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of col.results) {
    if (!done(r)) continue;
    const x = m.get(r);
    if (x !== null && Number.isFinite(x)) out.set(r.seed, x);
  }
  return out;
}

export function columnStats(
  columns: readonly Column[],
  metrics: readonly MetricDef[],
): ColumnStats[] {
  const base = columns[0];
  return columns.map((col, ci) => {
    const stats: Record<string, MetricStats | null> = {};
    for (const m of metrics) {
      const mine = bySeed(col, m);
      if (mine.size === 0) {
        stats[m.key] = null;
        continue;
      }
      const s: MetricStats = toStats(estimate([...mine.values()]));
      if (ci > 0 && base) {
        const theirs = bySeed(base, m);
        const seeds = [...mine.keys()].filter((k) => theirs.has(k)).sort((a, b) => a - b);
        if (seeds.length === 0) s.vs_baseline = null;
        else {
          const xs = seeds.map((k) => mine.get(k) as number);
          const bs = seeds.map((k) => theirs.get(k) as number);
          s.vs_baseline = vsBaseline(pairedTTest(xs, bs), estimate(bs).mean);
        }
      }
      stats[m.key] = s;
    }
    const first = col.results[0];
    return {
      label: col.label,
      policy: col.policy ?? first?.policy ?? col.label,
      params: col.params ?? first?.params ?? {},
      seeds: col.results.length + (col.errors?.length ?? 0),
      done: col.results.filter(done).length,
      ejected: col.results.filter((r) => !done(r)).length,
      failed: col.errors?.length ?? 0,
      metrics: stats,
    };
  });
}

/**
 * Results (and failed cells) grouped by machine and workload, in order of first appearance,
 * each block with one column per variant. `variants` fixes the column order and labels (the
 * bench's matrix, each a column of every block even without results); variants not in it
 * follow in order of appearance, labelled by policy name (and the knobs that differ).
 */
export function groupBlocks(
  results: readonly ResultElement[],
  errors: readonly CellError[] = [],
  variants: readonly Variant[] = [],
): Block[] {
  const labels = new Map<string, string>();
  for (const v of variants) labels.set(variantKey(v), v.label);
  const order = variants.map(variantKey);
  const seen = new Set(order);
  const add = (r: { policy: string; params: Record<string, KnobValue> }) => {
    const k = variantKey(r);
    if (!seen.has(k)) {
      seen.add(k);
      order.push(k);
    }
  };
  for (const r of results) add(r);
  for (const e of errors) add(e);
  // Policies with several variants among the unlabelled ones get their params in the label.
  const perPolicy = new Map<string, number>();
  for (const k of order) {
    const p = k.split("\u0000")[0];
    perPolicy.set(p, (perPolicy.get(p) ?? 0) + 1);
  }
  const rank = new Map(order.map((k, i) => [k, i]));

  const blocks = new Map<string, Block>();
  const columnOf = (c: {
    policy: string;
    params: Record<string, KnobValue>;
    machine: string;
    workload: string;
  }) => {
    const bk = `${c.machine}\u0000${c.workload}`;
    let block = blocks.get(bk);
    if (!block) {
      block = { machine: c.machine, workload: c.workload, columns: [] };
      blocks.set(bk, block);
    }
    const vk = variantKey(c);
    let col = block.columns.find((x) => columnKey(x) === vk);
    if (!col) {
      const label =
        labels.get(vk) ??
        ((perPolicy.get(c.policy) ?? 0) > 1
          ? variantLabel(c.policy, c.params, allParams(order, c.policy))
          : c.policy);
      col = { label, policy: c.policy, params: c.params, results: [], errors: [] };
      block.columns.push(col);
    }
    return col;
  };
  for (const r of results) columnOf(r).results.push(r);
  for (const e of errors) columnOf(e).errors?.push(e);
  for (const b of blocks.values()) {
    // A variant of the matrix without any cell here yet (a partial run) still gets its column,
    // so that the baseline is the same in every block.
    for (const v of variants) {
      if (!b.columns.some((c) => columnKey(c) === variantKey(v))) {
        b.columns.push({
          label: v.label,
          policy: v.policy,
          params: v.params,
          results: [],
          errors: [],
        });
      }
    }
    b.columns.sort((x, y) => (rank.get(columnKey(x)) ?? 0) - (rank.get(columnKey(y)) ?? 0));
    for (const c of b.columns) c.results.sort((x, y) => x.seed - y.seed);
  }
  return [...blocks.values()];
}

function columnKey(c: Column): string {
  return variantKey({ policy: c.policy ?? c.label, params: c.params ?? {} });
}

/** Params of every variant of a policy among the variant keys. */
function allParams(order: readonly string[], policy: string): Record<string, KnobValue>[] {
  return order
    .filter((k) => k.split("\u0000")[0] === policy)
    .map((k) => JSON.parse(k.split("\u0000")[1]) as Record<string, KnobValue>);
}

/** A knob value for a label: ns knobs as durations when round (50us, 1ms), others as given. */
export function knobText(key: string, value: KnobValue): string {
  if (typeof value === "number" && /_ns$/.test(key) && value > 0 && Number.isInteger(value)) {
    for (const [unit, ns] of [
      ["s", 1e9],
      ["ms", 1e6],
      ["us", 1e3],
    ] as const) {
      if (value >= ns && value % ns === 0) return `${value / ns}${unit}`;
    }
  }
  return String(value);
}

/**
 * "simple slice_ns=50us": the policy with the knobs whose value differs between its variants
 * (`siblings`, this one included); the bare name when none differs.
 */
export function variantLabel(
  policy: string,
  params: Record<string, KnobValue>,
  siblings: readonly Record<string, KnobValue>[],
): string {
  const differing = Object.keys(params).filter((k) => siblings.some((s) => s[k] !== params[k]));
  if (differing.length === 0) return policy;
  return `${policy} ${differing.map((k) => `${k}=${knobText(k, params[k])}`).join(",")}`;
}

/** The documents' `summaries`: every column of every block. */
export function summaries(blocks: readonly Block[], metrics: readonly MetricDef[]): SummaryEntry[] {
  return blocks.flatMap((b) =>
    columnStats(b.columns, metrics).map((s) => ({
      machine: b.machine,
      workload: b.workload,
      baseline: b.columns[0]?.label ?? "",
      ...s,
    })),
  );
}

/** How the summaries were computed, written beside them. */
export const STATISTICS = {
  aggregate: "mean over seeds of each seed's value (a p99 row is the mean of per-seed p99s)",
  interval: "95 % confidence interval of the mean, Student t with n − 1 degrees of freedom",
  comparison:
    "paired over seeds: mean of per-seed differences (this − baseline, the block's first column) with its 95 % interval; two-sided paired t-test, significant when p < 0.05",
  excluded: "ejected runs and failed cells are left out of the statistics",
} as const;

/** Names made distinct for column headers and file names: simple, simple#2, … */
export function uniqueLabels(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n}#${k}`;
  });
}
