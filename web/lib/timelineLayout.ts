// Where each CPU's row goes on the timeline: CPUs ordered by node, LLC, L2 cluster and core,
// with a gap wherever one of those changes (wider for the outer levels), and the time ⇄ pixel
// arithmetic of a view. Pure functions, so the component only draws.
import type { Machine } from "../../src/config/machine.ts";

export interface RowLayout {
  cpu: number;
  y: number;
  /** A label for the group that starts at this row ("node 0 · LLC 1"), when one does. */
  groupLabel?: string;
}

export interface Layout {
  rows: RowLayout[];
  rowHeight: number;
  height: number;
  /** Row of each CPU id. */
  rowOfCpu: Int32Array;
}

export function layoutRows(m: Machine | null, ncpus: number, maxHeight = 560): Layout {
  const cpus = m
    ? [...m.cpus]
    : Array.from({ length: ncpus }, (_, id) => ({ id, node: 0, llc: 0, cluster: id, core: id }));
  cpus.sort(
    (a, b) =>
      a.node - b.node || a.llc - b.llc || a.cluster - b.cluster || a.core - b.core || a.id - b.id,
  );
  const nodes = new Set(cpus.map((c) => c.node)).size;
  const llcs = new Set(cpus.map((c) => c.llc)).size;
  const rowHeight = Math.max(2, Math.min(18, Math.floor(maxHeight / Math.max(1, ncpus))));
  const rows: RowLayout[] = [];
  const rowOfCpu = new Int32Array(ncpus).fill(-1);
  let y = 0;
  let prev: (typeof cpus)[number] | undefined;
  for (const c of cpus) {
    if (c.id >= ncpus) continue;
    let label: string | undefined;
    if (!prev || prev.node !== c.node || prev.llc !== c.llc) {
      if (prev) y += prev.node !== c.node ? 8 : 5;
      const parts = [nodes > 1 ? `node ${c.node}` : "", llcs > 1 ? `LLC ${c.llc}` : ""].filter(
        Boolean,
      );
      label = parts.join(" · ") || undefined;
    } else if (prev.cluster !== c.cluster) {
      y += rowHeight >= 6 ? 2 : 1;
    }
    rowOfCpu[c.id] = rows.length;
    rows.push({ cpu: c.id, y, ...(label ? { groupLabel: label } : {}) });
    y += rowHeight;
    prev = c;
  }
  return { rows, rowHeight, height: y, rowOfCpu };
}

/** The row under a y coordinate (relative to the rows' top), or −1. */
export function rowAtY(layout: Layout, y: number): number {
  let lo = 0;
  let hi = layout.rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = layout.rows[mid] as RowLayout;
    if (y < r.y) hi = mid - 1;
    else if (y >= r.y + layout.rowHeight) lo = mid + 1;
    else return mid;
  }
  return -1;
}

export interface View {
  /** Time at the left edge, ns. */
  t0: number;
  nsPerPx: number;
}

/** A view zoomed by `factor` (< 1 zooms in) around the pixel `x`, kept within [minNs, maxNs]. */
export function zoomView(v: View, factor: number, x: number, width: number, spanNs: number): View {
  const maxNsPerPx = Math.max(1, spanNs / Math.max(1, width));
  const nsPerPx = Math.min(maxNsPerPx, Math.max(0.01, v.nsPerPx * factor));
  const tAt = v.t0 + x * v.nsPerPx;
  return clampView({ t0: tAt - x * nsPerPx, nsPerPx }, width, spanNs);
}

export function panView(v: View, dxPx: number, width: number, spanNs: number): View {
  return clampView({ t0: v.t0 - dxPx * v.nsPerPx, nsPerPx: v.nsPerPx }, width, spanNs);
}

export function clampView(v: View, width: number, spanNs: number): View {
  const visible = v.nsPerPx * width;
  const t0 = Math.min(Math.max(0, spanNs - visible), Math.max(0, v.t0));
  return { t0, nsPerPx: v.nsPerPx };
}

/** Tick positions: a round step that gives about `target` ticks over the view. */
export function timeTicks(t0: number, t1: number, target: number): number[] {
  const raw = (t1 - t0) / Math.max(1, target);
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-3)));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const out: number[] = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) out.push(t);
  return out;
}
