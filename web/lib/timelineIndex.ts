// The timeline's data: every RUN record of a trace, split by CPU into flat typed arrays sorted
// by start time, plus a running sum of busy time per CPU. `pixelSpans` turns one CPU's row into
// what to draw for a view: slices wider than a pixel as they are, and every pixel column that
// holds narrower slices as one span whose coverage is the busy fraction and whose colour is the
// group that ran most of it. It visits at most ~2 spans per pixel column, with a binary search
// for each, so drawing costs O(width · log n) per row whatever the number of slices (the uPlot
// idea: walk pixels, not points).
import { TASK_STAT, TASK_STRIDE } from "../../src/metrics/layout.ts";
import { TRACE_RECORD_BYTES, TraceKind } from "../../src/trace/records.ts";

export interface CpuSlices {
  count: number;
  start: Float64Array;
  end: Float64Array;
  pid: Int32Array;
  /** Task group index (−1 unknown). */
  group: Int16Array;
  /** Why the stint stopped (aux of the RUN record, src/trace/records.ts STOP_REASONS). */
  stop: Uint8Array;
  /** busyBefore[i] = total duration of slices 0..i−1; length count + 1. */
  busyBefore: Float64Array;
}

export interface TimelineIndex {
  ncpus: number;
  slices: CpuSlices[];
  /** Total number of slices. */
  total: number;
  /** Earliest start and latest end over all CPUs (0, 0 when empty). */
  t0: number;
  t1: number;
}

/** Group index of each pid, from the per-task stats (index = pid − 1). */
export function groupOfPid(taskStats: Float64Array): (pid: number) => number {
  return (pid) => {
    const at = (pid - 1) * TASK_STRIDE + TASK_STAT.group;
    return pid >= 1 && at < taskStats.length ? (taskStats[at] as number) : -1;
  };
}

export function emptySlices(): CpuSlices {
  return {
    count: 0,
    start: new Float64Array(0),
    end: new Float64Array(0),
    pid: new Int32Array(0),
    group: new Int16Array(0),
    stop: new Uint8Array(0),
    busyBefore: new Float64Array(1),
  };
}

/** Builds the index from a trace buffer (32-byte records) in two passes: count, then fill. */
export function buildTimelineIndex(
  trace: ArrayBuffer | undefined,
  ncpus: number,
  groupOf: (pid: number) => number,
): TimelineIndex {
  const n = trace ? Math.floor(trace.byteLength / TRACE_RECORD_BYTES) : 0;
  const i32 = trace ? new Int32Array(trace, 0, n * 8) : new Int32Array(0);
  const f64 = trace ? new Float64Array(trace, 0, n * 4) : new Float64Array(0);
  const counts = new Int32Array(ncpus);
  for (let r = 0; r < n; r++) {
    const cpu = i32[r * 8 + 1] as number;
    if (i32[r * 8] === TraceKind.RUN && cpu >= 0 && cpu < ncpus) counts[cpu]++;
  }
  const slices: CpuSlices[] = [];
  for (let c = 0; c < ncpus; c++) {
    const k = counts[c] as number;
    slices.push({
      count: k,
      start: new Float64Array(k),
      end: new Float64Array(k),
      pid: new Int32Array(k),
      group: new Int16Array(k),
      stop: new Uint8Array(k),
      busyBefore: new Float64Array(k + 1),
    });
  }
  const fill = new Int32Array(ncpus);
  let t0 = Number.POSITIVE_INFINITY;
  let t1 = 0;
  for (let r = 0; r < n; r++) {
    if (i32[r * 8] !== TraceKind.RUN) continue;
    const cpu = i32[r * 8 + 1] as number;
    if (cpu < 0 || cpu >= ncpus) continue;
    const s = slices[cpu] as CpuSlices;
    const i = fill[cpu]++;
    const pid = i32[r * 8 + 2] as number;
    const a = f64[r * 4 + 2] as number;
    const b = f64[r * 4 + 3] as number;
    s.start[i] = a;
    s.end[i] = b;
    s.pid[i] = pid;
    s.group[i] = groupOf(pid);
    s.stop[i] = i32[r * 8 + 3] as number;
    if (a < t0) t0 = a;
    if (b > t1) t1 = b;
  }
  let total = 0;
  for (const s of slices) {
    sortByStart(s);
    for (let i = 0; i < s.count; i++) {
      s.busyBefore[i + 1] =
        (s.busyBefore[i] as number) + ((s.end[i] as number) - (s.start[i] as number));
    }
    total += s.count;
  }
  return { ncpus, slices, total, t0: total > 0 ? t0 : 0, t1 };
}

/** Records of one CPU come in end order, which is start order; sort only if they do not. */
function sortByStart(s: CpuSlices): void {
  let sorted = true;
  for (let i = 1; i < s.count && sorted; i++)
    sorted = (s.start[i - 1] as number) <= (s.start[i] as number);
  if (sorted) return;
  const order = Array.from({ length: s.count }, (_, i) => i).sort(
    (a, b) => (s.start[a] as number) - (s.start[b] as number),
  );
  const perm = <T extends Float64Array | Int32Array | Int16Array | Uint8Array>(arr: T): void => {
    const copy = arr.slice();
    order.forEach((from, to) => {
      arr[to] = copy[from] as number;
    });
  };
  perm(s.start);
  perm(s.end);
  perm(s.pid);
  perm(s.group);
  perm(s.stop);
}

/** Index of the first slice whose end is after `t` (count when none). Ends are ascending. */
export function firstEndingAfter(s: CpuSlices, t: number): number {
  let lo = 0;
  let hi = s.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((s.end[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The slice running at time `t`, or −1. */
export function sliceAt(s: CpuSlices, t: number): number {
  const i = firstEndingAfter(s, t);
  return i < s.count && (s.start[i] as number) <= t ? i : -1;
}

/** Busy time of the CPU within [a, b). */
export function busyBetween(s: CpuSlices, a: number, b: number): number {
  if (b <= a || s.count === 0) return 0;
  const i = firstEndingAfter(s, a);
  const j = firstEndingAfter(s, b);
  // Whole slices i..j−1 end inside (a, b]; slice j may start before b; slice i may start before a.
  let busy = (s.busyBefore[j] as number) - (s.busyBefore[i] as number);
  if (i < j) busy -= Math.max(0, a - (s.start[i] as number));
  if (j < s.count) busy += Math.max(0, b - Math.max(a, s.start[j] as number));
  return busy;
}

/** One drawable piece of a row, in pixels from the view's left edge. */
export interface PixelSpan {
  x0: number;
  x1: number;
  /** The slice drawn (for a merged pixel: a slice of the dominant group in it). */
  slice: number;
  group: number;
  /** Busy fraction of [x0, x1): 1 for a slice drawn as itself. */
  coverage: number;
  /** True when the span stands for several slices in one pixel column. */
  merged: boolean;
}

/** Slices sampled per merged pixel to find its dominant group. */
const SAMPLES_PER_PIXEL = 8;

/**
 * What to draw of one row for the view [t0, t0 + width · nsPerPx). Calls `emit` for each
 * span, left to right; returns the number of spans. Work is bounded by the width, not by the
 * number of slices in view.
 */
export function pixelSpans(
  s: CpuSlices,
  t0: number,
  nsPerPx: number,
  width: number,
  emit: (span: PixelSpan) => void,
): number {
  if (s.count === 0 || width <= 0 || !(nsPerPx > 0)) return 0;
  const tEnd = t0 + width * nsPerPx;
  const span: PixelSpan = { x0: 0, x1: 0, slice: 0, group: 0, coverage: 0, merged: false };
  const groupTime = new Map<number, number>();
  let i = firstEndingAfter(s, t0);
  let cursor = 0; // pixels left of this are drawn
  let spans = 0;
  while (i < s.count && cursor < width) {
    const start = s.start[i] as number;
    if (start >= tEnd) break;
    const x0 = Math.max(cursor, (start - t0) / nsPerPx);
    const x1 = Math.min(width, ((s.end[i] as number) - t0) / nsPerPx);
    if (x1 - x0 >= 1) {
      span.x0 = x0;
      span.x1 = x1;
      span.slice = i;
      span.group = s.group[i] as number;
      span.coverage = 1;
      span.merged = false;
      emit(span);
      spans++;
      cursor = x1;
      i++;
      continue;
    }
    // Narrower than a pixel: merge the whole pixel column it starts in.
    const px = Math.floor(x0);
    const a = t0 + px * nsPerPx;
    const b = a + nsPerPx;
    // j === i when slice i runs on past the pixel: it is looked at again for the next column.
    const j = firstEndingAfter(s, b);
    // The dominant group among a few slices spread over i..j−1 (and j if it starts in the pixel).
    const last = Math.max(i, j < s.count && (s.start[j] as number) < b ? j : j - 1);
    groupTime.clear();
    const step = Math.max(1, Math.floor((last - i + 1) / SAMPLES_PER_PIXEL));
    let best = i;
    let bestTime = -1;
    for (let k = i; k <= last; k += step) {
      const g = s.group[k] as number;
      const d = Math.min(b, s.end[k] as number) - Math.max(a, s.start[k] as number);
      const acc = (groupTime.get(g) ?? 0) + d;
      groupTime.set(g, acc);
      if (acc > bestTime) {
        bestTime = acc;
        best = k;
      }
    }
    span.x0 = px;
    span.x1 = Math.min(width, px + 1);
    span.slice = best;
    span.group = s.group[best] as number;
    span.coverage = Math.min(1, busyBetween(s, a, b) / nsPerPx);
    span.merged = last > i;
    emit(span);
    spans++;
    cursor = px + 1;
    i = j;
  }
  return spans;
}
