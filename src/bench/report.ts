// The self-contained HTML report of `scx-playground report`: one file with inline CSS, SVG and
// a few lines of JS (sortable tables), nothing fetched from the network, so it can be attached
// to a review or opened offline. Contents: what ran; metric-by-metric bar charts across
// machines and workloads; per machine × workload the statistics table (mean ± 95 % CI, Δ to
// the first policy, coloured when significant) and latency CDFs pooled over seeds; the ejected
// and failed cells; the method; every cell.

import { fmtNs } from "../cli/format.ts";
import { exitText } from "../cli/summaryText.ts";
import { type Block, type ColumnStats, columnStats, groupBlocks, knobText } from "./aggregate.ts";
import { barChart, cdfChart, esc, type Series, seriesStyle } from "./charts.ts";
import { type CompactHistograms, cdfPoints, mergeCompact } from "./histo.ts";
import { ALL_METRICS, HEADLINE, type MetricDef } from "./metrics.ts";
import type { BenchMeta, CellError, ResultElement, Variant } from "./results.ts";
import { deltaText, estimateText, fmtValue } from "./table.ts";

export interface ReportInput {
  results: readonly ResultElement[];
  errors?: readonly CellError[];
  meta?: BenchMeta;
  /** Input files, for the header. */
  sources: readonly string[];
  title?: string;
  generatedAt?: Date;
}

const CSS = `
:root{--fg:#1b1f24;--muted:#5b6570;--line:#d5dbe1;--bg:#fff;--alt:#f5f7f9;--good:#0a7a3b;--bad:#b3261e}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1200px;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
.meta{color:var(--muted);margin:0 0 12px}
nav a{margin-right:12px}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--line);padding:3px 10px;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}
thead th{background:var(--alt);cursor:pointer;user-select:none}
tbody tr:nth-child(even){background:var(--alt)}
td.delta{color:var(--muted)}td.delta.better{color:var(--good);font-weight:600}td.delta.worse{color:var(--bad);font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:12px}
figure.chart{margin:6px 0;max-width:100%}
figure.chart figcaption{font-weight:600;margin-bottom:2px}
figure.chart svg.plot{width:560px;max-width:100%;height:auto;font-size:11px}
figure.chart svg text{fill:var(--muted)}
figure.chart .frame{fill:none;stroke:var(--line)}
figure.chart .grid{stroke:var(--line);stroke-width:.6}
figure.chart .whisker{stroke:#333;stroke-width:1.2;fill:none}
figure.chart .axis{fill:var(--fg)}
figure.empty{color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px}
.legend span{display:inline-flex;align-items:center;gap:4px}
.legend svg{width:22px;height:10px}
.note{color:var(--muted);font-size:13px}
code{background:var(--alt);padding:0 3px;border-radius:3px}
details{margin-top:24px}
`;

/** Click a column header to sort its table (numbers by value, then text). */
const JS = `
for (const th of document.querySelectorAll("table.sortable thead th")) {
  th.title = "sort";
  th.addEventListener("click", () => {
    const table = th.closest("table"), body = table.tBodies[0], i = th.cellIndex;
    const dir = th.dataset.dir === "asc" ? "desc" : "asc";
    for (const h of table.querySelectorAll("th")) delete h.dataset.dir;
    th.dataset.dir = dir;
    const key = (tr) => { const c = tr.cells[i]; const v = c && c.dataset.v; return v !== undefined && v !== "" ? Number(v) : (c ? c.textContent : ""); };
    const rows = [...body.rows].sort((a, b) => { const x = key(a), y = key(b); const r = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y)); return dir === "asc" ? r : -r; });
    for (const r of rows) body.appendChild(r);
  });
}
`;

const DISTS: { key: keyof CompactHistograms; title: string }[] = [
  { key: "wakeup_latency_ns", title: "wakeup latency" },
  { key: "run_delay_ns", title: "run delay" },
  { key: "response_ns", title: "response time" },
];

function deltaClass(m: MetricDef, s: ColumnStats["metrics"][string]): string {
  const v = s?.vs_baseline;
  if (!v?.significant || m.better === null || v.diff === 0) return "delta";
  const better = m.better === "lower" ? v.diff < 0 : v.diff > 0;
  return `delta ${better ? "better" : "worse"}`;
}

function statsTableHtml(stats: ColumnStats[], metrics: readonly MetricDef[]): string {
  const head = stats
    .map(
      (s, i) =>
        `<th>${esc(s.label)}</th>${i > 0 ? `<th title="difference to ${esc(stats[0].label)}, paired by seed">Δ</th>` : ""}`,
    )
    .join("");
  const exitRow = stats
    .map((s, i) => {
      const bits = s.seeds === 0 ? ["not run"] : [];
      if (s.ejected) bits.push(`ejected ${s.ejected}/${s.seeds}`);
      if (s.failed) bits.push(`failed ${s.failed}/${s.seeds}`);
      return `<td>${bits.length ? esc(bits.join(", ")) : `done (${s.done})`}</td>${i > 0 ? "<td></td>" : ""}`;
    })
    .join("");
  const rows = metrics.map((m) => {
    const cells = stats
      .map((s, i) => {
        const x = s.metrics[m.key];
        const title = x?.ci95
          ? ` title="n=${x.n}, sd ${esc(fmtValue(m.unit, x.sd))}, 95 % CI ${esc(fmtValue(m.unit, x.ci95[0]))} … ${esc(fmtValue(m.unit, x.ci95[1]))}"`
          : "";
        let cell = `<td data-v="${x ? x.mean : ""}"${title}>${esc(estimateText(m.unit, x))}</td>`;
        if (i > 0) {
          const v = x?.vs_baseline;
          const tip =
            v && v.p !== null
              ? ` title="mean difference ${esc(fmtValue(m.unit, v.diff))}${v.ci95 ? `, 95 % CI ${esc(fmtValue(m.unit, v.ci95[0]))} … ${esc(fmtValue(m.unit, v.ci95[1]))}` : ""}, p = ${v.p.toPrecision(2)}, n = ${v.n}"`
              : "";
          cell += `<td class="${deltaClass(m, x)}" data-v="${v?.rel ?? v?.diff ?? ""}"${tip}>${esc(deltaText(m.unit, v))}</td>`;
        }
        return cell;
      })
      .join("");
    return `<tr><td>${esc(m.label)}</td>${cells}</tr>`;
  });
  return `<table class="sortable"><thead><tr><th>metric</th>${head}</tr></thead><tbody><tr><td>exit</td>${exitRow}</tr>${rows.join("")}</tbody></table>`;
}

function cdfSeries(block: Block, key: keyof CompactHistograms): Series[] {
  return block.columns.map((c) => {
    const hists = c.results
      .filter((r) => r.exit.kind === "done" && r.histograms)
      .map((r) => r.histograms?.[key] ?? []);
    return { label: c.label, points: cdfPoints(mergeCompact(hists)) };
  });
}

function blockId(b: Block): string {
  return `b-${b.machine}-${b.workload}`.replace(/[^A-Za-z0-9_-]+/g, "_");
}

function blockSection(b: Block): string {
  const stats = columnStats(b.columns, ALL_METRICS);
  const charts: string[] = [];
  for (const d of DISTS) {
    const series = cdfSeries(b, d.key);
    if (series.every((s) => s.points.length === 0)) continue;
    charts.push(cdfChart(series, { title: `${d.title}: CDF` }));
    charts.push(cdfChart(series, { title: `${d.title}: tail (1 − CDF)`, tail: true }));
  }
  const seeds = [...new Set(b.columns.flatMap((c) => c.results.map((r) => r.seed)))].length;
  const noHist = b.columns.some((c) => c.results.some((r) => !r.histograms));
  return `<section id="${blockId(b)}"><h2>${esc(b.machine)} / ${esc(b.workload)}</h2>
<p class="meta">${seeds} seed${seeds === 1 ? "" : "s"}; baseline for Δ: <b>${esc(b.columns[0]?.label ?? "")}</b></p>
${statsTableHtml(stats, ALL_METRICS)}
<h3>Latency distributions, all samples of all finished seeds pooled</h3>
${charts.length ? `<div class="charts">${charts.join("\n")}</div>` : `<p class="note">No latency histograms in these results${noHist ? " (results written without them, e.g. by another tool)" : ""}.</p>`}
</section>`;
}

function overview(blocks: readonly Block[], variants: readonly string[]): string {
  if (blocks.length === 0) return "";
  const stats = blocks.map((b) => ({ b, stats: columnStats(b.columns, HEADLINE) }));
  const charts = HEADLINE.map((m) => {
    const groups = stats.map(({ b, stats: s }) => ({
      label: `${b.machine} / ${b.workload}`,
      bars: variants.map((v) => {
        const x = s.find((c) => c.label === v)?.metrics[m.key];
        return x ? { mean: x.mean, ci: x.ci95 } : null;
      }),
    }));
    // Nothing to see where no bar has a value, or every one is 0 (no deadlines, no energy model).
    if (
      groups.every((g) =>
        g.bars.every(
          (b) => b === null || (b.mean === 0 && (!b.ci || (b.ci[0] === 0 && b.ci[1] === 0))),
        ),
      )
    )
      return "";
    const better = m.better ? ` (${m.better} is better)` : "";
    return barChart(variants, groups, {
      title: `${m.label}${better}`,
      fmt: (x) => fmtValue(m.unit, x),
    });
  }).filter(Boolean);
  return `<section id="overview"><h2>Across machines and workloads</h2>
<p class="note">Mean over seeds; whiskers: 95 % confidence interval (Student t). Hover a bar for its numbers.</p>
<div class="charts">${charts.join("\n")}</div></section>`;
}

function problems(results: readonly ResultElement[], errors: readonly CellError[]): string {
  const ejected = results.filter((r) => r.exit.kind !== "done");
  if (ejected.length === 0 && errors.length === 0) return "";
  const row = (
    c: {
      policy: string;
      params: Record<string, unknown>;
      machine: string;
      workload: string;
      seed: number;
    },
    what: string,
  ) =>
    `<tr><td>${esc(c.policy)}</td><td>${esc(paramsShort(c.params as Record<string, number | boolean>))}</td><td>${esc(c.machine)}</td><td>${esc(c.workload)}</td><td data-v="${c.seed}">${c.seed}</td><td style="text-align:left;white-space:normal">${esc(what)}</td></tr>`;
  const rows = [
    ...ejected.map((r) => row(r, exitText(r.exit))),
    ...errors.map((e) => row(e, `failed: ${e.error}`)),
  ];
  return `<section id="problems"><h2>Ejected and failed cells</h2>
<p class="note">An ejected run is a result (the policy broke a rule the kernel enforces); it is left out of the statistics. A failed cell has no result.</p>
<table class="sortable"><thead><tr><th>policy</th><th>params</th><th>machine</th><th>workload</th><th>seed</th><th>what happened</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`;
}

function paramsShort(params: Record<string, number | boolean>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${knobText(k, v)}`)
    .join(", ");
}

function allCells(results: readonly ResultElement[]): string {
  const cols = [
    ["wake p99", (r: ResultElement) => r.summary.wakeup_latency_ns],
    ["delay p99", (r: ResultElement) => r.summary.run_delay_ns],
  ] as const;
  const rows = results.map((r) => {
    const lat = cols
      .map(([, get]) => {
        const l = get(r);
        return `<td data-v="${l.count ? l.p99 : ""}">${l.count ? esc(fmtNs(l.p99)) : "-"}</td>`;
      })
      .join("");
    return `<tr><td>${esc(r.policy)}</td><td>${esc(paramsShort(r.params))}</td><td>${esc(r.machine)}</td><td>${esc(r.workload)}</td><td data-v="${r.seed}">${r.seed}</td><td>${esc(r.exit.kind)}</td>${lat}<td data-v="${r.summary.throughput_per_s ?? ""}">${r.summary.throughput_per_s !== undefined ? esc(fmtValue("rate", r.summary.throughput_per_s)) : "-"}</td><td data-v="${r.summary.migrations}">${esc(fmtValue("count", r.summary.migrations))}</td><td data-v="${r.wall_ms}">${esc(fmtNs(r.wall_ms * 1e6))}</td></tr>`;
  });
  return `<details><summary>Every cell (${results.length})</summary>
<table class="sortable"><thead><tr><th>policy</th><th>params</th><th>machine</th><th>workload</th><th>seed</th><th>exit</th>${cols.map(([l]) => `<th>${l}</th>`).join("")}<th>throughput</th><th>migrations</th><th>wall</th></tr></thead><tbody>${rows.join("")}</tbody></table></details>`;
}

const METHOD = `<section id="method"><h2>Method</h2>
<p>Every number in a table is the <b>mean over seeds</b> of that seed's value (so a p99 row is the mean of per-seed p99s). The ± is the half-width of the
<b>95 % confidence interval</b> of that mean, Student t with n − 1 degrees of freedom: mean ± t<sub>0.975, n−1</sub> · s / √n.</p>
<p><b>Δ</b> compares a policy with the block's first column <b>paired by seed</b>: a seed fixes the workload's random numbers (each task draws from its own stream,
whatever the policy does), so the per-seed differences d<sub>i</sub> = x<sub>i</sub> − baseline<sub>i</sub> remove the variation the two runs share. Δ is mean(d)
relative to the baseline's mean; it is <b>significant</b> (bold, green when better, red when worse) when a two-sided paired t-test on the d<sub>i</sub> gives
p &lt; 0.05 — equivalently, when the 95 % interval of mean(d) excludes 0. With many rows and columns, about one comparison in twenty is "significant" by
chance when nothing differs: look for effects that hold across machines and workloads.</p>
<p>Ejected runs (their metrics cover only the time before the ejection) and failed cells are left out. The latency plots pool every sample of every finished
seed; bins are 8 per power of two, so a CDF point is exact at each bin edge.</p></section>`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function describeMatrix(meta: BenchMeta | undefined, results: readonly ResultElement[]): string {
  if (!meta) {
    const n = (k: "policy" | "machine" | "workload") => new Set(results.map((r) => r[k])).size;
    return `${results.length} results: ${n("policy")} policies, ${n("machine")} machines, ${n("workload")} workloads`;
  }
  const m = meta.matrix;
  const seeds =
    m.seeds.length > 1
      ? `${m.seeds.length} seeds (${m.seeds[0]}…${m.seeds.at(-1)})`
      : `seed ${m.seeds[0]}`;
  const dur = m.duration_ns !== null ? `, ${fmtNs(m.duration_ns)} simulated each` : "";
  const shard = meta.shard ? `; shard ${meta.shard.index}/${meta.shard.count}` : "";
  return `${meta.cells} cells: ${m.variants.length} polic${m.variants.length === 1 ? "y" : "ies"}${m.variants.length > new Set(m.variants.map((v) => v.policy)).size ? " (with knob settings)" : ""} × ${plural(m.machines.length, "machine")} × ${plural(m.workloads.length, "workload")} × ${seeds}${dur}${shard}${meta.complete ? "" : " — incomplete"}`;
}

export function renderReport(input: ReportInput): string {
  const variants: Variant[] = input.meta?.matrix.variants ?? [];
  const blocks = groupBlocks(input.results, input.errors ?? [], variants);
  const labels: string[] = [];
  for (const b of blocks)
    for (const c of b.columns) if (!labels.includes(c.label)) labels.push(c.label);
  const title = input.title ?? "scx-playground benchmark report";
  const when = (input.generatedAt ?? new Date())
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
  const policies = labels
    .map((l, i) => `<span style="color:${seriesStyle(i).color}">■</span> ${esc(l)}`)
    .join(" &nbsp; ");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">${esc(describeMatrix(input.meta, input.results))}. From ${input.sources.map((s) => `<code>${esc(s)}</code>`).join(", ")}; generated ${esc(when)}.</p>
<p>${policies}</p>
<nav>${blocks.map((b) => `<a href="#${blockId(b)}">${esc(b.machine)} / ${esc(b.workload)}</a>`).join("")}<a href="#method">method</a></nav>
${overview(blocks, labels)}
${blocks.map(blockSection).join("\n")}
${problems(input.results, input.errors ?? [])}
${METHOD}
${allCells(input.results)}
<script>${JS}</script>
</body></html>
`;
}
