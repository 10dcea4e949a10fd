// Plain-text formatting for the human output: numbers with units people read at a glance, and
// tables aligned with spaces (no box drawing, so output pastes cleanly into issues and mail).

/** 3 significant digits, no exponent: 1.23, 12.3, 123, 1234. */
function sig3(x: number): string {
  const a = Math.abs(x);
  if (a >= 100 || a === 0) return Math.round(x).toString();
  return x.toFixed(a >= 10 ? 1 : 2);
}

/** Nanoseconds in the largest unit that keeps the number ≥ 1: "850 ns", "12.3 us", "1.50 s". */
export function fmtNs(ns: number): string {
  const a = Math.abs(ns);
  if (a < 1e3) return `${Math.round(ns)} ns`;
  if (a < 1e6) return `${sig3(ns / 1e3)} us`;
  if (a < 1e9) return `${sig3(ns / 1e6)} ms`;
  return `${sig3(ns / 1e9)} s`;
}

/** A fraction as a percentage: 0.8734 → "87.3 %". */
export function fmtPct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}

/** An integer count with thousands separators: 1234567 → "1,234,567". */
export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** A plain number to 3 decimals without trailing zeros: 0.9981 → "0.998", 2 → "2". */
export function fmtNum(x: number, decimals = 3): string {
  return Number(x.toFixed(decimals)).toString();
}

/** A rate per second: "0.25/s", "12.5/s", "20,083/s". */
export function fmtRate(perSecond: number): string {
  return `${perSecond >= 100 ? fmtInt(perSecond) : fmtNum(perSecond, 2)}/s`;
}

export type Align = "l" | "r";

/**
 * Rows (the first is the header) as aligned text. Columns are separated by two spaces; the
 * first column is left-aligned, the others follow `align` (default: right, for numbers).
 */
export function table(rows: string[][], align: Align[] = [], indent = ""): string {
  const ncols = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: ncols }, (_, c) =>
    Math.max(0, ...rows.map((r) => (r[c] ?? "").length)),
  );
  const line = (r: string[]) =>
    widths
      .map((w, c) => {
        const cell = r[c] ?? "";
        const a = align[c] ?? (c === 0 ? "l" : "r");
        return a === "l" ? cell.padEnd(w) : cell.padStart(w);
      })
      .join("  ")
      .trimEnd();
  return rows.map((r) => `${indent}${line(r)}\n`).join("");
}

/** "key  value" lines with the keys padded to one width. */
export function keyValues(pairs: [string, string][], indent = ""): string {
  const w = Math.max(0, ...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${`${indent}${k.padEnd(w)}  ${v}`.trimEnd()}\n`).join("");
}
