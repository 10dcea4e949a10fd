// Latency histograms (the engine's log-linear buckets) as CDF points, and a canvas plot of a
// few CDFs on a log time axis.
import { bucketMidpoint } from "../../src/metrics/histogram.ts";
import type { RawHistogram } from "../../src/sim/types.ts";
import { fmtNs } from "./format.ts";

/** [value ns, cumulative fraction] at every non-empty bucket, values clamped to [min, max]. */
export function cdfPoints(h: RawHistogram | undefined): [number, number][] {
  if (!h || h.count <= 0) return [];
  const out: [number, number][] = [];
  let acc = 0;
  for (let i = 0; i < h.buckets.length; i++) {
    const n = h.buckets[i] as number;
    if (n === 0) continue;
    acc += n;
    const v = Math.min(h.max, Math.max(h.min, bucketMidpoint(i)));
    out.push([v, acc / h.count]);
  }
  return out;
}

export interface CdfSeries {
  color: string;
  points: [number, number][];
}

/** Draws CDFs into a canvas sized by CSS (ns on a log x axis, fraction on y). */
export function drawCdfs(canvas: HTMLCanvasElement, series: CdfSeries[]): void {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (w === 0) return;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const values = series.flatMap((s) => s.points.map(([v]) => v)).filter((v) => v > 0);
  const left = 36;
  const bottom = 18;
  const pw = w - left - 8;
  const ph = h - bottom - 6;
  ctx.strokeStyle = "#ccd";
  ctx.strokeRect(left, 6, pw, ph);
  ctx.fillStyle = "#556";
  ctx.font = "10px system-ui, sans-serif";
  if (values.length === 0) {
    ctx.fillText("no samples", left + 8, 24);
    return;
  }
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const lo = Math.log10(Math.max(1, min));
  const hi = Math.max(lo + 1, Math.log10(max));
  const xOf = (v: number) => left + ((Math.log10(Math.max(1, v)) - lo) / (hi - lo)) * pw;
  const yOf = (f: number) => 6 + (1 - f) * ph;
  // Axes: decades on x, the usual quantiles on y.
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (let d = Math.ceil(lo); d <= Math.floor(hi); d++) {
    const x = xOf(10 ** d);
    ctx.fillStyle = "#eef";
    ctx.fillRect(x, 6, 1, ph);
    ctx.fillStyle = "#556";
    ctx.fillText(fmtNs(10 ** d), x, h - bottom + 3);
  }
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const f of [0, 0.5, 0.9, 0.99]) {
    const y = yOf(f);
    ctx.fillStyle = "#eef";
    ctx.fillRect(left, y, pw, 1);
    ctx.fillStyle = "#556";
    ctx.fillText(String(f), left - 3, y);
  }
  for (const s of series) {
    const first = s.points[0];
    if (!first) continue;
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 1.6;
    ctx.beginPath();
    ctx.moveTo(xOf(first[0]), yOf(0));
    for (const [v, f] of s.points) ctx.lineTo(xOf(v), yOf(f));
    ctx.stroke();
  }
}
