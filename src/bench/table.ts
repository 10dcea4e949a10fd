// Tables of per-column statistics: aligned text (terminals, issues), Markdown (reviews) and
// long-format CSV (spreadsheets, pandas). A cell reads "mean ± half-width of the 95 % interval";
// after each column but the first, a Δ column gives the difference to the first column,
// relative to its mean, with "*" when the paired t-test finds it significant.

import { fmtInt, fmtNs, fmtNum, fmtPct, fmtRate, table } from "../cli/format.ts";
import type { ColumnStats, MetricStats, SummaryEntry, VsBaseline } from "./aggregate.ts";
import type { MetricDef, Unit } from "./metrics.ts";

export type TableFormat = "text" | "markdown";

/** 3 significant digits for a mean of counts: 0.5, 12.3, 1,234. */
function fmtCount(x: number): string {
  const a = Math.abs(x);
  if (a >= 100 || Number.isInteger(x)) return fmtInt(x);
  return x.toFixed(a >= 10 ? 1 : 2);
}

export function fmtValue(unit: Unit, x: number): string {
  switch (unit) {
    case "ns":
      return fmtNs(x);
    case "count":
      return fmtCount(x);
    case "rate":
      return fmtRate(x);
    case "fraction":
      return fmtPct(x);
    case "joule":
      return `${fmtNum(x)} J`;
    default:
      return fmtNum(x);
  }
}

/** "4.95 ms ± 210 us", or the mean alone without an interval; "-" without a value. */
export function estimateText(unit: Unit, s: MetricStats | null | undefined): string {
  if (!s) return "-";
  const m = fmtValue(unit, s.mean);
  if (!s.ci95) return m;
  return `${m} ± ${fmtValue(unit, (s.ci95[1] - s.ci95[0]) / 2)}`;
}

/** "-79 % *": the difference to the baseline, relative when the baseline's mean is not 0. */
export function deltaText(unit: Unit, v: VsBaseline | null | undefined): string {
  if (!v || v.p === null) return "";
  const star = v.significant ? " *" : "";
  if (v.rel !== null) {
    const pct = v.rel * 100;
    const a = Math.abs(pct);
    const digits = a >= 10 || a === 0 ? 0 : 1;
    const body = a.toFixed(digits);
    const sign = Number(body) === 0 ? "" : pct > 0 ? "+" : "-";
    return `${sign}${body} %${star}`;
  }
  if (v.diff === 0) return `0${star}`;
  const text = fmtValue(unit, Math.abs(v.diff));
  return `${v.diff > 0 ? "+" : "-"}${text}${star}`;
}

function exitText(s: ColumnStats): string {
  if (s.seeds === 0) return "not run";
  const parts: string[] = [];
  if (s.ejected > 0) parts.push(s.seeds === 1 ? "ejected" : `ejected ${s.ejected}/${s.seeds}`);
  if (s.failed > 0) parts.push(s.seeds === 1 ? "failed" : `failed ${s.failed}/${s.seeds}`);
  return parts.length ? parts.join(", ") : "done";
}

/** Whether the table shows intervals and Δ columns: some column has two seeds or more. */
export function hasSeveralSeeds(stats: readonly ColumnStats[]): boolean {
  return stats.some((s) => s.seeds > 1);
}

/** Header and body rows of the table, before formatting. */
export function statsRows(
  stats: readonly ColumnStats[],
  metrics: readonly MetricDef[],
): string[][] {
  const several = hasSeveralSeeds(stats);
  const withDelta = (i: number) => several && i > 0;
  const header = [""];
  stats.forEach((s, i) => {
    header.push(s.label);
    if (withDelta(i)) header.push("Δ");
  });
  const exitRow = ["exit"];
  stats.forEach((s, i) => {
    exitRow.push(exitText(s));
    if (withDelta(i)) exitRow.push("");
  });
  const body = metrics.map((m) => {
    const row = [m.label];
    stats.forEach((s, i) => {
      const x = s.metrics[m.key];
      row.push(several ? estimateText(m.unit, x) : x ? fmtValue(m.unit, x.mean) : "-");
      if (withDelta(i)) row.push(deltaText(m.unit, x?.vs_baseline));
    });
    return row;
  });
  return [header, exitRow, ...body];
}

export function statsTable(
  stats: readonly ColumnStats[],
  metrics: readonly MetricDef[],
  format: TableFormat,
): string {
  const rows = statsRows(stats, metrics);
  if (format === "text") return table(rows);
  const esc = (c: string) => c.replace(/\|/g, "\\|");
  const line = (r: string[]) => `| ${r.map(esc).join(" | ")} |\n`;
  const [head, ...body] = rows;
  head[0] = head[0] || "metric";
  const sep = `|${head.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|\n`;
  return line(head) + sep + body.map(line).join("");
}

/** The legend under a table with intervals. */
export function legend(baseline: string, format: TableFormat): string {
  const text =
    `mean ± 95 % confidence interval over seeds (Student t); Δ: difference to ${baseline}, ` +
    `relative to its mean, paired by seed; * = significant (paired t-test, p < 0.05). ` +
    `Ejected runs are left out.`;
  return format === "markdown" ? `\n_${text}_\n` : `\n${text}\n`;
}

const CSV_HEADER = [
  "machine",
  "workload",
  "label",
  "policy",
  "params",
  "metric",
  "n",
  "mean",
  "sd",
  "ci95_low",
  "ci95_high",
  "baseline",
  "diff_n",
  "diff",
  "diff_ci95_low",
  "diff_ci95_high",
  "rel_diff",
  "t",
  "p",
  "significant",
];

function csvCell(x: unknown): string {
  if (x === null || x === undefined) return "";
  const s =
    typeof x === "number"
      ? Number.isFinite(x)
        ? String(x)
        : x > 0
          ? "inf"
          : x < 0
            ? "-inf"
            : ""
      : String(x);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV row per (column, metric): the long ("tidy") format. */
export function summariesCsv(
  entries: readonly SummaryEntry[],
  metrics: readonly MetricDef[],
): string {
  const lines = [CSV_HEADER.join(",")];
  for (const e of entries) {
    const params = Object.entries(e.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(";");
    for (const m of metrics) {
      const s = e.metrics[m.key];
      const v = s?.vs_baseline;
      lines.push(
        [
          e.machine,
          e.workload,
          e.label,
          e.policy,
          params,
          m.key,
          s?.n ?? 0,
          s?.mean,
          s?.sd,
          s?.ci95?.[0],
          s?.ci95?.[1],
          e.label === e.baseline ? "" : e.baseline,
          v?.n,
          v?.diff,
          v?.ci95?.[0],
          v?.ci95?.[1],
          v?.rel,
          v?.t,
          v?.p,
          v ? (v.p === null ? "" : v.significant) : "",
        ]
          .map(csvCell)
          .join(","),
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
