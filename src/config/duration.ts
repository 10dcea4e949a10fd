// Durations as the contract writes them: a string with a unit (`ns`, `us`, `ms`, `s`; decimals
// allowed, `1.25ms`) or an integer number of nanoseconds. Simulated time is integer ns, so the
// result is rounded to the nearest nanosecond.

import { atField, describeValue, FieldError } from "./workloadFieldError.ts";

const NS_PER_UNIT: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 };
const DURATION = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*(ns|us|µs|ms|s)\s*$/;

const EXPECTED =
  'expected a duration: a string with a unit ("1.25ms", "500us", "2s", "100ns") or integer nanoseconds';

/** Parses a duration; throws FieldError (path relative to the value) when it is not one. */
export function durationNs(value: unknown): number {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new FieldError(
        `${EXPECTED}, got ${describeValue(value)}${Number.isInteger(value) ? "" : " (a bare number is integer ns)"}`,
      );
    }
    return value;
  }
  if (typeof value !== "string") throw new FieldError(`${EXPECTED}, got ${describeValue(value)}`);
  const m = DURATION.exec(value);
  if (!m) throw new FieldError(`${EXPECTED}, got ${describeValue(value)}`);
  const ns = Math.round(Number(m[1]) * (NS_PER_UNIT[m[2] as string] as number));
  if (!Number.isSafeInteger(ns))
    throw new FieldError(`duration ${describeValue(value)} is too long`);
  return ns;
}

/** Parses a duration found at `field` of `file`; throws InputError naming both. */
export function parseDuration(
  value: unknown,
  where: { file?: string; field?: string } = {},
): number {
  return atField(() => durationNs(value), where);
}

/** The shortest exact spelling of `ns` with a unit, for messages and docs: 1250000 → "1.25ms". */
export function formatDuration(ns: number): string {
  for (const [unit, per] of [
    ["s", 1e9],
    ["ms", 1e6],
    ["us", 1e3],
  ] as const) {
    if (ns >= per) return `${Number((ns / per).toPrecision(12))}${unit}`;
  }
  return `${ns}ns`;
}
