// The side-by-side table of `compare` (and of each machine × workload block of `bench`): one
// column per policy, one row per metric. With several seeds a cell is the mean over the seeds
// of each seed's value (of each seed's percentile, not a percentile of the pooled samples) ±
// its 95 % confidence interval, and a Δ column after each policy but the first gives the paired
// difference to the first, starred when significant (src/bench/stats.ts, docs/benchmarking.md).

import { type Column, columnStats } from "../bench/aggregate.ts";
import { ALL_METRICS, groupMetrics, HEADLINE, type MetricDef } from "../bench/metrics.ts";
import { hasSeveralSeeds, legend, statsTable, type TableFormat } from "../bench/table.ts";
import { paramsText } from "./summaryText.ts";

export type { Column } from "../bench/aggregate.ts";

export interface CompareTextOptions {
  format?: TableFormat;
  /** Rows: the headline metrics only (bench's summary) or all with per-group rows (compare). */
  rows?: "headline" | "all";
  /** Print the legend under a table with intervals (default true). */
  legend?: boolean;
}

function seedsText(seeds: number[]): string {
  if (seeds.length === 1) return `seed ${seeds[0]}`;
  const sorted = [...seeds].sort((a, b) => a - b);
  const contiguous = sorted.every((s, i) => i === 0 || s === sorted[i - 1] + 1);
  const list = contiguous ? `${sorted[0]}..${sorted.at(-1)}` : sorted.join(",");
  return `${seeds.length} seeds (${list})`;
}

export function compareText(columns: Column[], opts: CompareTextOptions = {}): string {
  const format = opts.format ?? "text";
  const first = columns.find((c) => c.results.length > 0)?.results[0];
  const any = first ?? columns.find((c) => c.errors?.length)?.errors?.[0];
  if (!any) return "";
  const metrics: MetricDef[] =
    opts.rows === "headline"
      ? HEADLINE
      : [...ALL_METRICS, ...groupMetrics(first ? Object.keys(first.groups) : [])];
  const stats = columnStats(columns, metrics);
  const seeds = [
    ...new Set(columns.flatMap((c) => [...c.results, ...(c.errors ?? [])].map((r) => r.seed))),
  ];
  const several = hasSeveralSeeds(stats);
  const title = `machine ${any.machine}, workload ${any.workload}, ${seedsText(seeds)}`;
  const paramLines = columns
    .map((c) => {
      const params = c.params ?? c.results[0]?.params ?? {};
      return `  ${c.label}${paramsText(params)}`;
    })
    .filter((l) => l.includes("("));
  const head =
    format === "markdown"
      ? `**${title}**\n${paramLines.map((l) => `\n- \`${l.trim()}\``).join("")}`
      : [title, ...paramLines].join("\n");
  const tail = several && opts.legend !== false ? legend(columns[0].label, format) : "";
  return `${head}\n\n${statsTable(stats, metrics, format)}${tail}`;
}
