// A duration drawn afresh at every use: `{exp: MEAN}`, `{uniform: [LO, HI]}`, `{normal: [MEAN,
// SD]}` (clamped at 0), `{lognormal: [MEDIAN, SIGMA]}`, `{choice: [[WEIGHT, DURATION], …]}`
// (nested), or a plain duration (a constant). Times are integer ns; SIGMA is unitless (the sd of
// the underlying normal), so it is a plain number, not a duration.

import { durationNs } from "./duration.ts";
import { atField, describeValue, FieldError } from "./workloadFieldError.ts";

export type Dist =
  | { kind: "const"; ns: number }
  | { kind: "exp"; mean: number }
  | { kind: "uniform"; lo: number; hi: number }
  | { kind: "normal"; mean: number; sd: number }
  | { kind: "lognormal"; median: number; sigma: number }
  | { kind: "choice"; entries: { weight: number; dist: Dist }[] };

const KINDS = ["exp", "uniform", "normal", "lognormal", "choice"] as const;
const EXPECTED =
  'expected a duration or a distribution {"exp": MEAN}, {"uniform": [LO, HI]}, {"normal": [MEAN, SD]}, {"lognormal": [MEDIAN, SIGMA]} or {"choice": [[WEIGHT, DURATION], …]}';

export const constant = (ns: number): Dist => ({ kind: "const", ns });

/** Parses a distribution; throws FieldError (path relative to the value). */
export function distribution(value: unknown): Dist {
  if (typeof value === "string" || typeof value === "number") return constant(durationNs(value));
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new FieldError(`${EXPECTED}, got ${describeValue(value)}`);
  }
  const keys = Object.keys(value);
  const kind = keys[0];
  if (keys.length !== 1 || !(KINDS as readonly string[]).includes(kind as string)) {
    throw new FieldError(
      `${EXPECTED}, got an object with ${keys.length ? `keys ${keys.join(", ")}` : "no key"}`,
    );
  }
  const arg = (value as Record<string, unknown>)[kind as string];
  return under([kind as string], () => parseKind(kind as (typeof KINDS)[number], arg));
}

function parseKind(kind: (typeof KINDS)[number], arg: unknown): Dist {
  switch (kind) {
    case "exp":
      return { kind, mean: durationNs(arg) };
    case "uniform": {
      const [lo, hi] = pair(arg, "[LO, HI]");
      const d = {
        kind,
        lo: under([0], () => durationNs(lo)),
        hi: under([1], () => durationNs(hi)),
      };
      if (d.lo > d.hi) throw new FieldError(`LO must not exceed HI, got ${describeValue(arg)}`);
      return d;
    }
    case "normal": {
      const [mean, sd] = pair(arg, "[MEAN, SD]");
      return {
        kind,
        mean: under([0], () => durationNs(mean)),
        sd: under([1], () => durationNs(sd)),
      };
    }
    case "lognormal": {
      const [median, sigma] = pair(arg, "[MEDIAN, SIGMA]");
      if (typeof sigma !== "number" || !Number.isFinite(sigma) || sigma < 0) {
        throw new FieldError(
          `expected SIGMA, a unitless number >= 0, got ${describeValue(sigma)}`,
          [1],
        );
      }
      return { kind, median: under([0], () => durationNs(median)), sigma };
    }
    case "choice":
      return { kind, entries: choiceEntries(arg) };
  }
}

function choiceEntries(arg: unknown): { weight: number; dist: Dist }[] {
  if (!Array.isArray(arg) || arg.length === 0) {
    throw new FieldError(
      `expected a non-empty list of [WEIGHT, DURATION] pairs, got ${describeValue(arg)}`,
    );
  }
  return arg.map((entry, i) => {
    const [weight, dist] = under([i], () => pair(entry, "[WEIGHT, DURATION]"));
    if (typeof weight !== "number" || !Number.isFinite(weight) || weight <= 0) {
      throw new FieldError(`expected WEIGHT, a number > 0, got ${describeValue(weight)}`, [i, 0]);
    }
    return { weight, dist: under([i, 1], () => distribution(dist)) };
  });
}

function pair(arg: unknown, shape: string): [unknown, unknown] {
  if (!Array.isArray(arg) || arg.length !== 2)
    throw new FieldError(`expected ${shape}, got ${describeValue(arg)}`);
  return [arg[0], arg[1]];
}

/** Runs `parse`, reporting its FieldError one level deeper (at `path`). */
function under<T>(path: (string | number)[], parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw e instanceof FieldError ? e.under(...path) : e;
  }
}

/** Parses a distribution found at `field` of `file`; throws InputError naming both. */
export function parseDistribution(
  value: unknown,
  where: { file?: string; field?: string } = {},
): Dist {
  return atField(() => distribution(value), where);
}

/** The mean in ns (the normal's clamp at 0 ignored), for docs, checks and utilisation estimates. */
export function distMeanNs(d: Dist): number {
  switch (d.kind) {
    case "const":
      return d.ns;
    case "exp":
      return d.mean;
    case "uniform":
      return (d.lo + d.hi) / 2;
    case "normal":
      return d.mean;
    case "lognormal":
      return d.median * Math.exp((d.sigma * d.sigma) / 2);
    case "choice": {
      const total = d.entries.reduce((s, e) => s + e.weight, 0);
      return d.entries.reduce((s, e) => s + (e.weight / total) * distMeanNs(e.dist), 0);
    }
  }
}
