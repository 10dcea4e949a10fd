// Inline SVG charts for the HTML report: latency CDFs (log time axis), their tails (1 − CDF on
// a log axis, where p99 and p99.9 live), and grouped bar charts with confidence intervals.
// Plain strings, no library: the report must open offline, pasted anywhere.

import { fmtNs } from "../cli/format.ts";

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#D55E00",
  "#CC79A7",
  "#56B4E9",
  "#000000",
  "#F0E442",
];
const DASHES = ["", "6 3", "2 2", "8 3 2 3"];

export function seriesStyle(i: number): { color: string; dash: string } {
  return {
    color: PALETTE[i % PALETTE.length],
    dash: DASHES[Math.floor(i / PALETTE.length) % DASHES.length],
  };
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const W = 560;
const H = 300;
const M = { left: 56, right: 16, top: 14, bottom: 40 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

const f = (x: number) => (Math.round(x * 10) / 10).toString();

export interface Series {
  label: string;
  /** (x, y) points of a step function, x ascending. */
  points: [number, number][];
}

function legend(series: readonly { label: string }[]): string {
  return `<div class="legend">${series
    .map((s, i) => {
      const { color, dash } = seriesStyle(i);
      return `<span><svg width="22" height="10" aria-hidden="true"><line x1="1" y1="5" x2="21" y2="5" stroke="${color}" stroke-width="2.5"${dash ? ` stroke-dasharray="${dash}"` : ""}/></svg>${esc(s.label)}</span>`;
    })
    .join("")}</div>`;
}

/** Powers of ten within [lo, hi] (at least the two ends' decades). */
function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); 10 ** e <= hi * 1.0001; e++)
    if (10 ** e >= lo / 1.0001) out.push(10 ** e);
  return out;
}

/**
 * Step lines on a log x axis (ns). `tail`: y is 1 − CDF on a log axis from 1 down to the
 * smallest positive value (at most 1e-5), else the CDF on a linear axis.
 */
export function cdfChart(
  series: readonly Series[],
  opts: { title: string; tail?: boolean },
): string {
  const xs = series.flatMap((s) => s.points.map(([x]) => x)).filter((x) => x > 0);
  if (xs.length === 0)
    return `<figure class="chart empty"><figcaption>${esc(opts.title)}: no samples</figcaption></figure>`;
  let xlo = Math.min(...xs);
  let xhi = Math.max(...xs);
  if (xhi / xlo < 10) {
    xlo /= 2;
    xhi *= 2;
  }
  const lx0 = Math.log10(xlo);
  const lx1 = Math.log10(xhi);
  const X = (x: number) => M.left + ((Math.log10(Math.max(x, xlo)) - lx0) / (lx1 - lx0)) * PW;
  let ylo = 1e-5;
  if (opts.tail) {
    const ys = series.flatMap((s) => s.points.map(([, y]) => 1 - y)).filter((y) => y > 1e-12);
    ylo = Math.max(1e-5, 10 ** Math.floor(Math.log10(Math.min(1, ...ys))));
    if (ylo >= 1) ylo = 0.1;
  }
  const Y = opts.tail
    ? (y: number) => M.top + (-Math.log10(Math.max(y, ylo)) / -Math.log10(ylo)) * PH
    : (y: number) => M.top + (1 - y) * PH;

  const grid: string[] = [];
  for (const t of decades(xlo, xhi)) {
    grid.push(
      `<line x1="${f(X(t))}" y1="${M.top}" x2="${f(X(t))}" y2="${M.top + PH}" class="grid"/>`,
    );
    grid.push(
      `<text x="${f(X(t))}" y="${M.top + PH + 14}" text-anchor="middle">${esc(fmtNs(t))}</text>`,
    );
  }
  const yticks = opts.tail
    ? decades(ylo, 1).map(
        (v) => [v, v >= 0.01 ? `${v * 100} %` : `${+(v * 100).toPrecision(1)} %`] as const,
      )
    : [0, 0.25, 0.5, 0.75, 1].map((v) => [v, `${v * 100} %`] as const);
  for (const [v, label] of yticks) {
    grid.push(
      `<line x1="${M.left}" y1="${f(Y(v))}" x2="${M.left + PW}" y2="${f(Y(v))}" class="grid"/>`,
    );
    grid.push(`<text x="${M.left - 5}" y="${f(Y(v) + 4)}" text-anchor="end">${label}</text>`);
  }
  const lines = series.map((s, i) => {
    const { color, dash } = seriesStyle(i);
    if (s.points.length === 0) return "";
    let d = "";
    let prevY = opts.tail ? 1 : 0;
    const first = s.points[0][0];
    d += `M${f(X(first))},${f(Y(prevY))}`;
    for (const [x, y0] of s.points) {
      const y = opts.tail ? 1 - y0 : y0;
      d += `L${f(X(x))},${f(Y(prevY))}L${f(X(x))},${f(Y(y))}`;
      prevY = y;
      if (opts.tail && y <= 0) break;
    }
    return `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.8"${dash ? ` stroke-dasharray="${dash}"` : ""}><title>${esc(s.label)}</title></path>`;
  });
  const ylabel = opts.tail ? "samples above (1 − CDF)" : "samples ≤ x (CDF)";
  return `<figure class="chart"><figcaption>${esc(opts.title)}</figcaption><svg class="plot" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(opts.title)}">
<rect x="${M.left}" y="${M.top}" width="${PW}" height="${PH}" class="frame"/>
${grid.join("\n")}
${lines.join("\n")}
<text x="${M.left + PW / 2}" y="${H - 6}" text-anchor="middle" class="axis">latency (log scale)</text>
<text x="12" y="${M.top + PH / 2}" text-anchor="middle" class="axis" transform="rotate(-90 12 ${M.top + PH / 2})">${ylabel}</text>
</svg>${legend(series)}</figure>`;
}

export interface BarGroup {
  label: string;
  /** One bar per series (null: no value), with its interval. */
  bars: ({ mean: number; ci: [number, number] | null } | null)[];
}

/** "Nice" upper bound for an axis: 1, 2 or 5 × 10^k. */
function niceMax(x: number): number {
  if (!(x > 0)) return 1;
  const e = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * e >= x) return m * e;
  return 10 * e;
}

/** Grouped bars (a group per machine × workload, a bar per policy) with 95 % interval whiskers. */
export function barChart(
  seriesLabels: readonly string[],
  groups: readonly BarGroup[],
  opts: { title: string; fmt: (x: number) => string },
): string {
  const vals = groups.flatMap((g) => g.bars.flatMap((b) => (b ? [b.mean, ...(b.ci ?? [])] : [])));
  if (vals.length === 0)
    return `<figure class="chart empty"><figcaption>${esc(opts.title)}: no values</figcaption></figure>`;
  // Every metric charted is ≥ 0: the axis starts at 0, and whiskers (a t interval can reach
  // below 0 when seeds disagree a lot) are clipped to the plot.
  const lo = 0;
  const hi = niceMax(Math.max(...vals));
  const width = Math.max(W, M.left + M.right + groups.length * (seriesLabels.length * 16 + 24));
  const pw = width - M.left - M.right;
  const Y = (y: number) => M.top + Math.min(1, Math.max(0, (hi - y) / (hi - lo || 1))) * PH;
  const gw = pw / Math.max(1, groups.length);
  const bw = Math.min(28, (gw - 16) / Math.max(1, seriesLabels.length));
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = lo + ((hi - lo) * i) / 4;
    parts.push(
      `<line x1="${M.left}" y1="${f(Y(v))}" x2="${M.left + pw}" y2="${f(Y(v))}" class="grid"/>`,
    );
    parts.push(
      `<text x="${M.left - 5}" y="${f(Y(v) + 4)}" text-anchor="end">${esc(opts.fmt(v))}</text>`,
    );
  }
  groups.forEach((g, gi) => {
    const x0 = M.left + gi * gw + (gw - bw * seriesLabels.length) / 2;
    g.bars.forEach((b, si) => {
      if (!b) return;
      const { color } = seriesStyle(si);
      const x = x0 + si * bw;
      const top = Y(Math.max(0, b.mean));
      const bottom = Y(Math.min(0, b.mean));
      const tip = `${seriesLabels[si]} — ${g.label}: ${opts.fmt(b.mean)}${b.ci ? ` (95 % CI ${opts.fmt(b.ci[0])} … ${opts.fmt(b.ci[1])})` : ""}`;
      parts.push(
        `<rect x="${f(x + 1)}" y="${f(top)}" width="${f(bw - 2)}" height="${f(Math.max(0.5, bottom - top))}" fill="${color}"><title>${esc(tip)}</title></rect>`,
      );
      if (b.ci) {
        const cx = f(x + bw / 2);
        const [y1, y2] = [Y(b.ci[0]), Y(b.ci[1])];
        parts.push(
          `<path d="M${cx},${f(y1)}V${f(y2)}M${f(x + bw / 2 - 4)},${f(y1)}h8M${f(x + bw / 2 - 4)},${f(y2)}h8" class="whisker"/>`,
        );
      }
    });
    parts.push(
      `<text x="${f(M.left + gi * gw + gw / 2)}" y="${M.top + PH + 14}" text-anchor="middle">${esc(g.label)}</text>`,
    );
  });
  return `<figure class="chart"><figcaption>${esc(opts.title)}</figcaption><svg class="plot" viewBox="0 0 ${width} ${H}" role="img" aria-label="${esc(opts.title)}">
<rect x="${M.left}" y="${M.top}" width="${pw}" height="${PH}" class="frame"/>
${parts.join("\n")}
</svg>${legend(seriesLabels.map((label) => ({ label })))}</figure>`;
}
