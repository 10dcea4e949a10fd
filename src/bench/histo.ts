// Compact latency histograms kept with each bench result, so a report can draw latency CDFs
// (pooled over seeds) without the engine's 7,296 buckets per distribution. Bins are 8 per
// power of two (exact below 16 ns); each is stored as [le, count]: `le` is the largest integer
// ns the bin holds and `count` its samples, non-empty bins only, in ascending order. The engine's
// buckets nest inside these bins, so the CDF at every `le` is exactly the engine's.

import { bucketRange, mergeHistograms } from "../metrics/histogram.ts";
import { METRIC } from "../metrics/layout.ts";
import type { RawHistogram, RawRun } from "../sim/types.ts";

export type CompactHistogram = [le: number, count: number][];

export interface CompactHistograms {
  wakeup_latency_ns: CompactHistogram;
  run_delay_ns: CompactHistogram;
  response_ns: CompactHistogram;
}

export const BINS_PER_OCTAVE = 8;

/** The largest value of the bin holding integer v ≥ 0. */
export function binLe(v: number): number {
  if (v < 2 * BINS_PER_OCTAVE) return v;
  let e = Math.floor(Math.log2(v));
  if (2 ** e > v) e -= 1;
  else if (2 ** (e + 1) <= v) e += 1;
  const width = 2 ** e / BINS_PER_OCTAVE;
  return (Math.floor(v / width) + 1) * width - 1;
}

export function compactHistogram(h: RawHistogram): CompactHistogram {
  const bins = new Map<number, number>();
  for (let i = 0; i < h.buckets.length; i++) {
    const c = h.buckets[i];
    if (c > 0) {
      const le = binLe(bucketRange(i).lo);
      bins.set(le, (bins.get(le) ?? 0) + c);
    }
  }
  return [...bins.entries()].sort((a, b) => a[0] - b[0]);
}

/** The run's three distributions (all groups together), compacted. */
export function compactRunHistograms(raw: RawRun): CompactHistograms {
  const merged = (metric: number) =>
    compactHistogram(mergeHistograms(raw.histograms.map((byMetric) => byMetric[metric])));
  return {
    wakeup_latency_ns: merged(METRIC.wakeupLatency),
    run_delay_ns: merged(METRIC.runDelay),
    response_ns: merged(METRIC.response),
  };
}

/** Bins of several histograms added together (pooling the samples of several runs). */
export function mergeCompact(hs: readonly CompactHistogram[]): CompactHistogram {
  const bins = new Map<number, number>();
  for (const h of hs) for (const [le, c] of h) bins.set(le, (bins.get(le) ?? 0) + c);
  return [...bins.entries()].sort((a, b) => a[0] - b[0]);
}

/** The CDF as points (le, fraction of samples ≤ le). */
export function cdfPoints(h: CompactHistogram): [number, number][] {
  const total = h.reduce((a, [, c]) => a + c, 0);
  if (total === 0) return [];
  let seen = 0;
  return h.map(([le, c]) => {
    seen += c;
    return [le, seen / total];
  });
}
