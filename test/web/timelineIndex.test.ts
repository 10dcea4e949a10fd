import { describe, expect, test } from "vitest";
import { encodeTraceRecords, TraceKind, type TraceRecord } from "../../src/trace/records.ts";
import {
  buildTimelineIndex,
  busyBetween,
  type CpuSlices,
  type PixelSpan,
  pixelSpans,
  sliceAt,
} from "../../web/lib/timelineIndex.ts";

function run(cpu: number, pid: number, t0: number, t1: number, aux = 0): TraceRecord {
  return { kind: TraceKind.RUN, cpu, pid, aux, t0, t1 };
}

/** n back-to-back slices of `len` ns with `gap` ns between them, pids cycling over `groups`. */
function denseRow(n: number, len: number, gap: number, groups: number): CpuSlices {
  const recs: TraceRecord[] = [];
  for (let i = 0; i < n; i++)
    recs.push(run(0, 1 + (i % groups), i * (len + gap), i * (len + gap) + len));
  return buildTimelineIndex(encodeTraceRecords(recs), 1, (pid) => pid - 1).slices[0] as CpuSlices;
}

function collect(s: CpuSlices, t0: number, nsPerPx: number, width: number): PixelSpan[] {
  const out: PixelSpan[] = [];
  pixelSpans(s, t0, nsPerPx, width, (sp) => out.push({ ...sp }));
  return out;
}

describe("timeline index", () => {
  test("RUN records are split by CPU and sorted by start; other kinds are ignored", () => {
    const buf = encodeTraceRecords([
      run(1, 5, 300, 400, 1),
      { kind: TraceKind.WAKE, cpu: 0, pid: 7, aux: -1, t0: 50, t1: 0 },
      run(0, 7, 100, 200, 2),
      run(1, 6, 0, 250),
    ]);
    const idx = buildTimelineIndex(buf, 2, (pid) => (pid === 7 ? 3 : 1));
    expect(idx.total).toBe(3);
    expect([idx.t0, idx.t1]).toEqual([0, 400]);
    const cpu1 = idx.slices[1] as CpuSlices;
    expect(Array.from(cpu1.start)).toEqual([0, 300]);
    expect(Array.from(cpu1.pid)).toEqual([6, 5]);
    expect(Array.from(cpu1.stop)).toEqual([0, 1]);
    expect(Array.from((idx.slices[0] as CpuSlices).group)).toEqual([3]);
  });

  test("hover finds the slice under a time, and busy time sums partial slices", () => {
    const s = denseRow(4, 100, 50, 2); // [0,100) [150,250) [300,400) [450,550)
    expect(sliceAt(s, 160)).toBe(1);
    expect(sliceAt(s, 120)).toBe(-1);
    expect(busyBetween(s, 50, 350)).toBe(50 + 100 + 50);
    expect(busyBetween(s, 0, 1000)).toBe(400);
  });

  test("zoomed in, every visible slice is drawn as itself", () => {
    const s = denseRow(10, 100, 0, 3);
    const spans = collect(s, 200, 1, 300); // 1 ns per pixel: slices 2, 3, 4
    expect(spans.map((sp) => sp.slice)).toEqual([2, 3, 4]);
    expect(spans.every((sp) => !sp.merged && sp.coverage === 1)).toBe(true);
    expect(spans[0]).toMatchObject({ x0: 0, x1: 100 });
  });

  test("level of detail: a million slices at 1000 px give at most ~1000 spans, quickly", () => {
    const s = denseRow(1_000_000, 700, 300, 4); // 70 % busy, 1 s in all
    const t = performance.now();
    const spans = collect(s, 0, 1e9 / 1000, 1000);
    const ms = performance.now() - t;
    expect(spans.length).toBeLessThanOrEqual(1001);
    expect(spans.length).toBeGreaterThanOrEqual(999);
    expect(ms, `pixelSpans took ${ms.toFixed(1)} ms`).toBeLessThan(50);
    for (const sp of spans) {
      expect(sp.merged).toBe(true);
      expect(sp.coverage).toBeCloseTo(0.7, 2);
    }
  });

  test("the cost of a frame follows the pixels, not the slices in view", () => {
    let visits = 0;
    const small = denseRow(1000, 700, 300, 2);
    const big = denseRow(1_000_000, 7, 3, 2); // the same span, 1000× more slices
    const count = (s: CpuSlices) => pixelSpans(s, 0, 1e6 / 500, 500, () => visits++);
    expect(count(small)).toBeLessThanOrEqual(501);
    expect(count(big)).toBeLessThanOrEqual(501);
    expect(visits).toBeLessThanOrEqual(1002);
  });

  test("a merged pixel takes the colour of the group that ran most of it", () => {
    // Per 100 ns: group 0 runs 80 ns, group 1 runs 10 ns.
    const recs: TraceRecord[] = [];
    for (let k = 0; k < 100; k++) {
      recs.push(run(0, 1, k * 100, k * 100 + 80), run(0, 2, k * 100 + 85, k * 100 + 95));
    }
    const s = buildTimelineIndex(encodeTraceRecords(recs), 1, (pid) => pid - 1)
      .slices[0] as CpuSlices;
    const spans = collect(s, 0, 1000, 10);
    expect(spans).toHaveLength(10);
    for (const sp of spans) {
      expect(sp.group).toBe(0);
      expect(sp.coverage).toBeCloseTo(0.9, 5);
    }
  });

  test("a slice wider than the view is clipped to it", () => {
    const s = denseRow(1, 1e6, 0, 1);
    expect(collect(s, 1000, 10, 100)).toEqual([
      { x0: 0, x1: 100, slice: 0, group: 0, coverage: 1, merged: false },
    ]);
  });
});
