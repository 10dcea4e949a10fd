// Latency histograms as the engine records them (assembly/scx/stats.ts): 256 exact buckets for
// values below 256 ns, then 128 buckets per power of two up to 2^63. A bucket is reported by the
// midpoint of the integers it holds, clamped to the histogram's [min, max], so every reported
// value is within 1/256 of the truth. See docs/internals.md "Histogram buckets".

import type { LatencySummary, RawHistogram } from "../sim/types.ts";

/** Buckets per histogram: 256 exact ones, then 128 for each exponent 8..62. */
export const BUCKETS = 7296;
const EXACT = 256;
const SUB_BUCKETS = 128;

/** floor(log2 v) for v >= 1, exact also where Math.log2 rounds up just below a power of two. */
function floorLog2(v: number): number {
  let e = Math.floor(Math.log2(v));
  if (2 ** e > v) e -= 1;
  else if (2 ** (e + 1) <= v) e += 1;
  return e;
}

/** The bucket a value (integer ns) falls in; negative values count as 0, huge ones saturate. */
export function bucketIndex(value: number): number {
  const v = Math.floor(value);
  if (!(v > 0)) return 0; // negatives and NaN
  if (v < EXACT) return v;
  const e = Math.min(floorLog2(v), 62);
  const shift = e - 7;
  const mantissa = Math.min(Math.floor(v / 2 ** shift), 2 * SUB_BUCKETS - 1);
  return EXACT + (e - 8) * SUB_BUCKETS + (mantissa - SUB_BUCKETS);
}

/** The half-open range [lo, hi) of integer values that bucket `index` holds. */
export function bucketRange(index: number): { lo: number; hi: number } {
  if (index < EXACT) return { lo: index, hi: index + 1 };
  const j = index - EXACT;
  const e = 8 + Math.floor(j / SUB_BUCKETS);
  const mantissa = SUB_BUCKETS + (j % SUB_BUCKETS);
  const width = 2 ** (e - 7);
  return { lo: mantissa * width, hi: (mantissa + 1) * width };
}

/**
 * The value a bucket stands for: the middle of the integers it holds, rounded to an integer ns
 * (exact below 256). Half a bucket's width is at most 1/256 of its lower end.
 */
export function bucketMidpoint(index: number): number {
  const { lo, hi } = bucketRange(index);
  return Math.round((lo + hi - 1) / 2);
}

/** An empty histogram, for building one on the host (tests, merges). */
export function emptyHistogram(): RawHistogram {
  return { count: 0, sum: 0, min: 0, max: 0, buckets: new Float64Array(BUCKETS) };
}

/** Adds one value the way the engine does. */
export function recordValue(h: RawHistogram, value: number): void {
  h.min = h.count === 0 ? value : Math.min(h.min, value);
  h.max = h.count === 0 ? value : Math.max(h.max, value);
  h.count += 1;
  h.sum += value;
  h.buckets[bucketIndex(value)] += 1;
}

/** One histogram holding every sample of the inputs (e.g. all groups → the whole run). */
export function mergeHistograms(hs: readonly RawHistogram[]): RawHistogram {
  const out = emptyHistogram();
  for (const h of hs) {
    if (h.count <= 0) continue; // an empty histogram's min/max mean nothing
    out.min = out.count === 0 ? h.min : Math.min(out.min, h.min);
    out.max = out.count === 0 ? h.max : Math.max(out.max, h.max);
    out.count += h.count;
    out.sum += h.sum;
    const n = Math.min(h.buckets.length, BUCKETS);
    for (let i = 0; i < n; i++) out.buckets[i] += h.buckets[i];
  }
  return out;
}

/**
 * The value at quantile p (0 < p <= 1): the sample of rank ceil(p·count) in ascending order,
 * reported as its bucket's midpoint clamped to [min, max].
 */
export function percentile(h: RawHistogram, p: number): number {
  if (h.count <= 0) return 0;
  // The epsilon keeps e.g. 0.999 × 1000 = 999.0000000000001 from rounding up to rank 1000.
  const rank = Math.min(h.count, Math.max(1, Math.ceil(p * h.count - 1e-9)));
  let seen = 0;
  for (let i = 0; i < h.buckets.length; i++) {
    seen += h.buckets[i];
    if (seen >= rank) return Math.min(h.max, Math.max(h.min, bucketMidpoint(i)));
  }
  return h.max; // buckets hold fewer samples than count says: fall back to the largest
}

const ZERO: LatencySummary = { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };

/** The contract's latency object: count, mean, p50/p90/p99/p99.9 and max (all zeros if empty). */
export function summarizeHistogram(h: RawHistogram): LatencySummary {
  if (h.count <= 0) return { ...ZERO };
  return {
    count: h.count,
    mean: h.sum / h.count,
    p50: percentile(h, 0.5),
    p90: percentile(h, 0.9),
    p99: percentile(h, 0.99),
    p999: percentile(h, 0.999),
    max: h.max,
  };
}
