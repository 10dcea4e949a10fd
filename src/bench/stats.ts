// The statistics of `compare` and `bench` (docs/benchmarking.md "Statistics"): the mean over
// seeds with a Student t confidence interval, and the paired t-test of one policy against
// another on the per-seed differences. Written out here (no dependency) so every step can be
// checked against a textbook: the t distribution comes from the regularized incomplete beta
// function (Numerical Recipes §6.4), its quantile by bisection on the CDF.

/** Confidence level of every interval (two-sided). */
export const CONFIDENCE = 0.95;
/** Significance level of the paired test: 1 − CONFIDENCE, so "significant" ⇔ the CI of the difference excludes 0. */
export const ALPHA = 1 - CONFIDENCE;

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n − 1 in the denominator); 0 for fewer than two values. */
export function sampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return Math.sqrt(ss / (xs.length - 1));
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; ~15 significant digits). */
function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const TINY = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  const front = Math.exp(lnFront);
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(|T| ≥ |t|) for Student's t with `df` degrees of freedom (the two-sided p-value of t). */
export function tTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? Number.NaN : 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** The t with P(|T| ≥ t) = p, e.g. tCritical(0.05, 9) = 2.2622 (the 97.5th percentile). */
export function tCritical(p: number, df: number): number {
  if (!(df > 0) || !(p > 0 && p < 1)) return Number.NaN;
  // tTwoSidedP falls from 1 at t = 0 towards 0: bisect until the bracket is below 1e-12.
  let lo = 0;
  let hi = 1;
  while (tTwoSidedP(hi, df) > p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (tTwoSidedP(mid, df) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A mean with its confidence interval. With one value the interval is unknown (null). */
export interface Estimate {
  n: number;
  mean: number;
  sd: number;
  /** Half width of the interval: t(1 − α/2, n − 1) · sd / √n; null when n < 2. */
  half: number | null;
  ci: [number, number] | null;
}

/** Mean ± t · s/√n over the values (Student t, n − 1 degrees of freedom). */
export function estimate(xs: readonly number[], confidence = CONFIDENCE): Estimate {
  const n = xs.length;
  const m = n > 0 ? mean(xs) : Number.NaN;
  const sd = sampleSd(xs);
  if (n < 2) return { n, mean: m, sd, half: null, ci: null };
  const half = (tCritical(1 - confidence, n - 1) * sd) / Math.sqrt(n);
  return { n, mean: m, sd, half, ci: [m - half, m + half] };
}

/** The paired comparison of a policy with the baseline over the seeds both finished. */
export interface PairedTest extends Estimate {
  /** t statistic: mean difference / (sd / √n); ±Infinity when every difference is the same non-zero value. */
  t: number | null;
  /** Two-sided p-value; null when n < 2. */
  p: number | null;
  /** p < α (⇔ the interval of the mean difference excludes 0). */
  significant: boolean;
}

/**
 * Paired t-test on d_i = x_i − base_i (the same seed i under both policies): the mean
 * difference, its interval, t = mean(d) / (sd(d)/√n) with n − 1 degrees of freedom, and the
 * two-sided p-value. When every difference is equal (sd 0, as a deterministic simulation can
 * give), the difference is significant if it is not 0.
 */
export function pairedTTest(
  xs: readonly number[],
  base: readonly number[],
  alpha = ALPHA,
): PairedTest {
  if (xs.length !== base.length) throw new Error("pairedTTest: samples of different lengths");
  const d = xs.map((x, i) => x - base[i]);
  const est = estimate(d, 1 - alpha);
  if (est.n < 2) return { ...est, t: null, p: null, significant: false };
  const se = est.sd / Math.sqrt(est.n);
  let t: number;
  if (se > 0) t = est.mean / se;
  else t = est.mean === 0 ? 0 : est.mean > 0 ? Infinity : -Infinity;
  const p = tTwoSidedP(t, est.n - 1);
  return { ...est, t, p, significant: p < alpha };
}
