// The statistics against numbers worked out by hand and checked with scipy.stats
// (t.ppf, ttest_rel): Student t quantiles, a mean's interval, and the paired t-test.

import { describe, expect, test } from "vitest";
import {
  estimate,
  incompleteBeta,
  mean,
  pairedTTest,
  sampleSd,
  tCritical,
  tTwoSidedP,
} from "../../src/bench/stats.ts";

describe("Student t", () => {
  test("97.5th percentiles match the tables (scipy.stats.t.ppf(0.975, df))", () => {
    const table: [number, number][] = [
      [1, 12.706204736174694],
      [2, 4.302652729749462],
      [4, 2.7764451051977934],
      [7, 2.364624251592784],
      [9, 2.262157162798205],
      [19, 2.0930240544083087],
      [30, 2.0422724563012378],
      [1000, 1.9623390808264083],
    ];
    for (const [df, t] of table) expect(tCritical(0.05, df)).toBeCloseTo(t, 8);
  });

  test("two-sided p-values: P(|T| ≥ t)", () => {
    expect(tTwoSidedP(0, 5)).toBeCloseTo(1, 12);
    expect(tTwoSidedP(2.262157162798205, 9)).toBeCloseTo(0.05, 10);
    expect(tTwoSidedP(-3.2071349029490928, 4)).toBeCloseTo(0.03267792333680298, 10);
    expect(tTwoSidedP(Infinity, 3)).toBe(0);
    // df = 1 is the Cauchy distribution: P(|T| ≥ 1) = 1/2.
    expect(tTwoSidedP(1, 1)).toBeCloseTo(0.5, 12);
  });

  test("the incomplete beta function at known points", () => {
    expect(incompleteBeta(0.5, 2, 2)).toBeCloseTo(0.5, 12);
    // I_x(1, 1) = x; I_x(a, 1) = x^a.
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.3, 3, 1)).toBeCloseTo(0.027, 12);
  });
});

describe("a mean's 95 % confidence interval", () => {
  test("on a hand-checked sample", () => {
    // x = 2 4 4 4 5 5 7 9: n = 8, mean = 40/8 = 5, squared deviations 9+1+1+1+0+0+4+16 = 32,
    // s² = 32/7, s = 2.138090; t(0.975, 7) = 2.364624; half width = 2.364624 · 2.138090 / √8
    // = 1.787488, so the interval is [3.212512, 6.787488].
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    expect(sampleSd(xs)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    const e = estimate(xs);
    expect(e.n).toBe(8);
    expect(e.half).toBeCloseTo(1.7874879182362098, 8);
    expect(e.ci?.[0]).toBeCloseTo(3.21251208176379, 8);
    expect(e.ci?.[1]).toBeCloseTo(6.787487918236209, 8);
  });

  test("one value has no interval; identical values a zero-width one", () => {
    expect(estimate([3])).toMatchObject({ n: 1, mean: 3, half: null, ci: null });
    expect(estimate([3, 3, 3])).toMatchObject({ n: 3, mean: 3, half: 0, ci: [3, 3] });
  });
});

describe("the paired t-test", () => {
  test("on a hand-checked sample (scipy.stats.ttest_rel)", () => {
    // Baseline 10 12 11 13 14, other 9 11 11 11 12: d = -1 -1 0 -2 -2, mean -1.2,
    // s_d = √(2.8/4) = 0.836660, t = -1.2 / (0.836660/√5) = -3.207135, df 4, p = 0.032678.
    const t = pairedTTest([9, 11, 11, 11, 12], [10, 12, 11, 13, 14]);
    expect(t.n).toBe(5);
    expect(t.mean).toBeCloseTo(-1.2, 12);
    expect(t.sd).toBeCloseTo(0.8366600265340756, 12);
    expect(t.t).toBeCloseTo(-3.2071349029490923, 8);
    expect(t.p).toBeCloseTo(0.03267792333680301, 8);
    expect(t.significant).toBe(true);
    // The interval of the mean difference: -1.2 ± 2.776445 · 0.374166 = -1.2 ± 1.038851.
    expect(t.ci?.[0]).toBeCloseTo(-2.23885063368357, 8);
    expect(t.ci?.[1]).toBeCloseTo(-0.16114936631643, 8);
  });

  test("pairing matters: the same samples shuffled are not significant", () => {
    const t = pairedTTest([11, 9, 12, 11, 11], [10, 12, 11, 13, 14]);
    expect(t.significant).toBe(false);
  });

  test("constant differences: significant unless zero; fewer than two pairs: no test", () => {
    expect(pairedTTest([2, 3, 4], [1, 2, 3])).toMatchObject({
      t: Infinity,
      p: 0,
      significant: true,
    });
    expect(pairedTTest([1, 2, 3], [1, 2, 3])).toMatchObject({ t: 0, significant: false });
    expect(pairedTTest([1], [2])).toMatchObject({ n: 1, p: null, significant: false });
  });
});
