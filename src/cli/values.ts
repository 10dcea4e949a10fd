// Parsers for option values (durations, integers, knob values, seed lists). Each failure is an
// InputError that names the option, so the user sees which argument to fix.

import { InputError } from "../errors.ts";

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 };

/** "500ms", "1.25ms", "10s", "250us" or integer nanoseconds → ns (integer, > 0). */
export function parseDuration(option: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ns|us|µs|ms|s)?\s*$/.exec(text);
  if (!m) {
    throw new InputError(
      `${option} ${JSON.stringify(text)}: expected a duration such as 500ms, 1.25ms, 10s or integer ns`,
    );
  }
  if (!m[2] && !/^\s*\d+\s*$/.test(text)) {
    throw new InputError(
      `${option} ${JSON.stringify(text)}: a duration without a unit must be integer ns`,
    );
  }
  const ns = Math.round(Number(m[1]) * UNIT_NS[m[2] ?? "ns"]);
  if (!(ns > 0) || !Number.isSafeInteger(ns)) {
    throw new InputError(
      `${option} ${JSON.stringify(text)}: must be more than 0 and at most 2^53 ns`,
    );
  }
  return ns;
}

/** An integer in [min, max]. */
export function parseInteger(option: string, text: string, min: number, max: number): number {
  const n = /^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new InputError(
      `${option} ${JSON.stringify(text)}: expected an integer from ${min} to ${max}`,
    );
  }
  return n;
}

/** A knob value: true/false, or a number (underscores between digits allowed, as in 50_000). */
export function parseKnobValue(text: string): number | boolean | undefined {
  const t = text.trim();
  if (t === "true") return true;
  if (t === "false") return false;
  const n = Number(t.replace(/(\d)_(?=\d)/g, "$1"));
  return t !== "" && Number.isFinite(n) ? n : undefined;
}

/** Repeated --param KEY=VALUE → { KEY: value }. */
export function parseParams(items: readonly string[]): Record<string, number | boolean> {
  const params: Record<string, number | boolean> = {};
  for (const item of items) {
    const eq = item.indexOf("=");
    const key = eq > 0 ? item.slice(0, eq).trim() : "";
    if (!key) throw new InputError(`--param ${JSON.stringify(item)}: expected KEY=VALUE`);
    const value = parseKnobValue(item.slice(eq + 1));
    if (value === undefined) {
      throw new InputError(
        `--param ${key}: value ${JSON.stringify(item.slice(eq + 1))} is not a number or true/false`,
      );
    }
    params[key] = value;
  }
  return params;
}

/** "1..10" (inclusive range) or "1,2,5" → seeds. */
export function parseSeeds(option: string, text: string): number[] {
  const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(text);
  if (range) {
    const lo = parseInteger(option, range[1], 0, Number.MAX_SAFE_INTEGER);
    const hi = parseInteger(option, range[2], lo, lo + 100_000);
    return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  }
  const seeds = text.split(",").map((s) => parseInteger(option, s, 0, Number.MAX_SAFE_INTEGER));
  return [...new Set(seeds)];
}

/** "a,b,c" → ["a", "b", "c"], blanks dropped. */
export function splitList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
