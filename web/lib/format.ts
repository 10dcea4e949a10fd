// Numbers for people: durations with units, counts with separators, percentages.

export function fmtNs(ns: number | null | undefined): string {
  if (ns === null || ns === undefined || !Number.isFinite(ns)) return "–";
  const a = Math.abs(ns);
  if (a < 1e3) return `${Math.round(ns)} ns`;
  if (a < 1e6) return `${+(ns / 1e3).toPrecision(3)} µs`;
  if (a < 1e9) return `${+(ns / 1e6).toPrecision(3)} ms`;
  return `${+(ns / 1e9).toPrecision(4)} s`;
}

export function fmtInt(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  return Math.round(n).toLocaleString("en-US");
}

export function fmtPct(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  return `${(x * 100).toFixed(digits)} %`;
}

export function fmtNum(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  return `${+x.toPrecision(digits)}`;
}

/** "1s", "250ms", "500us": the shortest exact spelling, as workload files write durations. */
export function durationText(ns: number): string {
  for (const [unit, per] of [
    ["s", 1e9],
    ["ms", 1e6],
    ["us", 1e3],
  ] as const) {
    if (ns >= per && Number.isInteger(ns / per)) return `${ns / per}${unit}`;
  }
  return `${ns}ns`;
}

const UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 };

/** "250ms" → 250000000; a bare number is milliseconds; null when it is not a duration. */
export function parseDurationText(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*(ns|us|µs|ms|s)?\s*$/.exec(text);
  if (!m) return null;
  const ns = Math.round(Number(m[1]) * (UNITS[m[2] ?? "ms"] as number));
  return ns > 0 && Number.isSafeInteger(ns) ? ns : null;
}
