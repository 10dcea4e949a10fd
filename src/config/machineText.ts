// Small text helpers for showing machines to people: id lists as ranges, durations with units.

/** [0,1,2,3,8,9] → "0-3,8-9"; long lists keep their ends: "0-1,4-5,…,30-31 (32 CPUs)". */
export function idRanges(ids: readonly number[], maxParts = 6): string {
  const sorted = [...ids].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let prev = start;
  const flush = () => {
    if (start === undefined || prev === undefined) return;
    parts.push(start === prev ? `${start}` : `${start}-${prev}`);
  };
  for (const id of sorted.slice(1)) {
    if (prev !== undefined && id === prev + 1) {
      prev = id;
      continue;
    }
    flush();
    start = id;
    prev = id;
  }
  flush();
  if (parts.length <= maxParts) return parts.join(",");
  const head = parts.slice(0, 2).join(",");
  return `${head},…,${parts[parts.length - 1]} (${sorted.length})`;
}

/** 2000 → "2 µs", 41000 → "41 µs", 1500000 → "1.5 ms". */
export function formatNs(ns: number): string {
  if (ns === 0) return "0";
  if (ns < 1_000) return `${ns} ns`;
  if (ns < 1_000_000) return `${+(ns / 1_000).toPrecision(3)} µs`;
  if (ns < 1_000_000_000) return `${+(ns / 1_000_000).toPrecision(3)} ms`;
  return `${+(ns / 1_000_000_000).toPrecision(3)} s`;
}

/** "a-b" for a span of numbers, or just "a" when they are equal. */
export function span(lo: number, hi: number): string {
  return lo === hi ? `${lo}` : `${lo}-${hi}`;
}
