import { describe, expect, test } from "vitest";
import {
  BUCKETS,
  bucketIndex,
  bucketMidpoint,
  bucketRange,
  emptyHistogram,
  mergeHistograms,
  percentile,
  summarizeHistogram,
} from "../../src/metrics/histogram.ts";
import { histogramOf } from "./fixtures.ts";

/** A small seeded PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The exact value the contract's percentile names: the sample of rank ceil(p·n). */
function exactPercentile(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil(p * sorted.length - 1e-9)) - 1];
}

describe("bucket math mirrors docs/internals.md", () => {
  test("values below 256 have a bucket of their own", () => {
    for (let v = 0; v < 256; v++) {
      expect(bucketIndex(v)).toBe(v);
      expect(bucketRange(v)).toEqual({ lo: v, hi: v + 1 });
    }
  });

  test("256 starts bucket 256 and the formula of the doc holds at a few points", () => {
    expect(bucketIndex(256)).toBe(256);
    expect(bucketIndex(257)).toBe(256); // width 2 at e = 8
    expect(bucketIndex(258)).toBe(257);
    expect(bucketIndex(511)).toBe(256 + 127);
    expect(bucketIndex(512)).toBe(256 + 128);
    // 1e6: e = 19, shift = 12, 1e6 >> 12 = 244 → 256 + 11·128 + 116
    expect(bucketIndex(1e6)).toBe(256 + 11 * 128 + 116);
  });

  test("ranges tile the line: each bucket ends where the next begins, up to bucket 7295", () => {
    expect(BUCKETS).toBe(7296);
    for (let i = 0; i + 1 < BUCKETS; i++) {
      expect(bucketRange(i).hi).toBe(bucketRange(i + 1).lo);
    }
    expect(bucketIndex(2 ** 63 - 1)).toBe(7295);
  });

  test("index and range are inverse: both ends of a range map back to its index", () => {
    for (let i = 0; i < 256 + 45 * 128; i += 7) {
      const { lo, hi } = bucketRange(i);
      expect(bucketIndex(lo)).toBe(i);
      expect(bucketIndex(hi - 1)).toBe(i);
    }
  });

  test("a bucket's midpoint is within 1/256 of every value it holds", () => {
    for (let i = 256; i < BUCKETS; i += 13) {
      const { lo, hi } = bucketRange(i);
      const mid = bucketMidpoint(i);
      expect(Math.abs(mid - lo) / lo).toBeLessThanOrEqual(1 / 256);
      expect(Math.abs(hi - 1 - mid) / (hi - 1)).toBeLessThanOrEqual(1 / 256);
    }
  });
});

describe("summarizeHistogram", () => {
  test("no samples: every field is 0", () => {
    expect(summarizeHistogram(emptyHistogram())).toEqual({
      count: 0,
      mean: 0,
      p50: 0,
      p90: 0,
      p99: 0,
      p999: 0,
      max: 0,
    });
  });

  test("small values are exact: 1..100 gives p50 50, p90 90, p99 99, p99.9 100", () => {
    const h = histogramOf(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(summarizeHistogram(h)).toEqual({
      count: 100,
      mean: 50.5,
      p50: 50,
      p90: 90,
      p99: 99,
      p999: 100,
      max: 100,
    });
  });

  test("rank is ceil(p·count): 1000 samples put p99.9 at the 999th", () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i < 999 ? 10 : 200));
    expect(percentile(histogramOf(values), 0.999)).toBe(10);
    expect(percentile(histogramOf([...values, 200]), 0.999)).toBe(200);
  });

  test("a bucket's value is clamped to [min, max]: one sample reports itself", () => {
    const h = histogramOf([1_234_567]);
    expect(summarizeHistogram(h)).toMatchObject({
      p50: 1_234_567,
      p999: 1_234_567,
      max: 1_234_567,
    });
  });

  test("mean is sum/count and max is exact whatever the buckets", () => {
    const s = summarizeHistogram(histogramOf([1000, 3000, 123_456_789]));
    expect(s.mean).toBeCloseTo((1000 + 3000 + 123_456_789) / 3, 6);
    expect(s.max).toBe(123_456_789);
  });

  const distributions: Record<string, (r: () => number) => number> = {
    "log-uniform 1 ns..10 s": (r) => Math.floor(10 ** (r() * 10)),
    "exponential, mean 1 ms": (r) => Math.floor(-Math.log(1 - r()) * 1e6),
    "bimodal 50 us / 20 ms": (r) =>
      Math.floor(r() < 0.9 ? 50_000 * (0.5 + r()) : 20e6 * (0.5 + r())),
  };
  for (const [name, draw] of Object.entries(distributions)) {
    test(`percentiles within 1% of the exact sorted values (${name}, 30 random samples sets)`, () => {
      const r = rng(name.length * 7919);
      for (let trial = 0; trial < 30; trial++) {
        const n = 1 + Math.floor(r() * 5000);
        const values = Array.from({ length: n }, () => draw(r));
        const sorted = [...values].sort((a, b) => a - b);
        const s = summarizeHistogram(histogramOf(values));
        for (const [p, got] of [
          [0.5, s.p50],
          [0.9, s.p90],
          [0.99, s.p99],
          [0.999, s.p999],
        ]) {
          const exact = exactPercentile(sorted, p);
          const err = exact === 0 ? Math.abs(got) : Math.abs(got - exact) / exact;
          expect(err, `p${p * 100} of ${n} samples: got ${got}, exact ${exact}`).toBeLessThan(0.01);
        }
        expect(s.max).toBe(sorted[n - 1]);
        expect(s.count).toBe(n);
      }
    });
  }
});

describe("mergeHistograms", () => {
  test("merging equals recording the union", () => {
    const a = [5, 300, 70_000];
    const b = [1, 2_000_000];
    const merged = mergeHistograms([histogramOf(a), histogramOf(b), emptyHistogram()]);
    const union = histogramOf([...a, ...b]);
    expect(merged.count).toBe(union.count);
    expect(merged.sum).toBe(union.sum);
    expect(merged.min).toBe(1);
    expect(merged.max).toBe(2_000_000);
    expect(Array.from(merged.buckets)).toEqual(Array.from(union.buckets));
  });

  test("empty histograms do not drag min to 0", () => {
    const merged = mergeHistograms([emptyHistogram(), histogramOf([400])]);
    expect(merged.min).toBe(400);
    expect(summarizeHistogram(merged).p50).toBe(400);
  });
});
