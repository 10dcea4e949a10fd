// <run-timeline> in Chromium: level of detail keeps a frame's cost tied to pixels (a million
// slices draw about as fast as ten thousand), zoom and pan follow keys and the wheel, and hover
// names the task under the pointer.
import { afterEach, describe, expect, test } from "vitest";
import { TRACE_RECORD_BYTES, TraceKind } from "../../src/trace/records.ts";
import "../../web/components/run-timeline.ts";
import type { RunTimeline } from "../../web/components/run-timeline.ts";
import type { RunRecord } from "../../web/lib/runRecord.ts";
import { machinePreset } from "../../web/lib/runSetup.ts";

const machine = machinePreset("i9-12900k"); // 24 CPUs in a P and an E cluster
const NCPUS = machine.cpus.length;
const SPAN_NS = 1e9;

/** `perCpu` back-to-back stints on every CPU over one second, 70 % busy, 4 task groups. */
function syntheticRun(perCpu: number): RunRecord {
  const n = perCpu * NCPUS;
  const buf = new ArrayBuffer(n * TRACE_RECORD_BYTES);
  const i32 = new Int32Array(buf);
  const f64 = new Float64Array(buf);
  const period = SPAN_NS / perCpu;
  let r = 0;
  for (let k = 0; k < perCpu; k++) {
    for (let cpu = 0; cpu < NCPUS; cpu++, r++) {
      const pid = 1 + ((k * NCPUS + cpu) % 40);
      i32[r * 8] = TraceKind.RUN;
      i32[r * 8 + 1] = cpu;
      i32[r * 8 + 2] = pid;
      i32[r * 8 + 3] = k % 2; // preempted / blocked
      f64[r * 4 + 2] = k * period;
      f64[r * 4 + 3] = k * period + 0.7 * period;
    }
  }
  const taskStats = new Float64Array(40 * 8);
  for (let p = 0; p < 40; p++) taskStats[p * 8 + 1] = p % 4;
  return {
    id: 1,
    label: "synthetic",
    machine,
    raw: {
      trace: buf,
      ncpus: NCPUS,
      taskStats,
      simulatedNs: SPAN_NS,
      request: { groupNames: ["a", "b", "c", "d"] },
    },
    result: { exit: { kind: "done" } },
  } as unknown as RunRecord;
}

async function mount(run: RunRecord): Promise<RunTimeline> {
  const el = document.createElement("run-timeline") as RunTimeline;
  el.style.width = "1000px";
  el.style.display = "block";
  document.body.append(el);
  el.run = run;
  await el.updateComplete;
  await new Promise((r) => requestAnimationFrame(() => r(null)));
  el.draw();
  return el;
}

function canvasOf(el: RunTimeline): HTMLCanvasElement {
  return el.shadowRoot?.querySelector("canvas") as HTMLCanvasElement;
}

/** The best of a few timed frames (the first one warms the JIT up). */
function frameMs(el: RunTimeline): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    el.draw();
    best = Math.min(best, el.lastDrawMs);
  }
  return best;
}

afterEach(() => {
  for (const el of document.querySelectorAll("run-timeline")) el.remove();
});

describe("<run-timeline>", () => {
  test("a million slices draw with as many spans, and about as fast, as ten thousand", async () => {
    const small = await mount(syntheticRun(400)); // ~10k slices
    const smallMs = frameMs(small);
    const smallSpans = small.lastSpans;
    small.remove();
    const big = await mount(syntheticRun(42_000)); // ~1M slices
    expect(Number(canvasOf(big).dataset.slices)).toBe(42_000 * NCPUS);
    const bigMs = frameMs(big);
    const width = canvasOf(big).clientWidth;
    // At most ~1 span per pixel column per row, whatever the slice count.
    expect(big.lastSpans).toBeLessThanOrEqual(NCPUS * (width + 1));
    expect(smallSpans).toBeLessThanOrEqual(NCPUS * (width + 1));
    expect(bigMs, `1M slices: ${bigMs.toFixed(1)} ms, 10k: ${smallMs.toFixed(1)} ms`).toBeLessThan(
      Math.max(100, smallMs * 6),
    );
  });

  test("keys zoom and pan; zoomed in, each slice is drawn as itself", async () => {
    const el = await mount(syntheticRun(1000)); // 1 ms period, 0.7 ms stints
    const canvas = canvasOf(el);
    const full = el.view.nsPerPx;
    for (let i = 0; i < 12; i++)
      canvas.dispatchEvent(new KeyboardEvent("keydown", { key: "+", bubbles: true }));
    expect(el.view.nsPerPx).toBeLessThan(full / 100);
    const before = el.view.t0;
    canvas.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    expect(el.view.t0).toBeGreaterThan(before);
    el.draw();
    // A few hundred µs per screen: a handful of whole slices per row, none merged.
    expect(el.lastSpans).toBeLessThan(NCPUS * 4);
    canvas.dispatchEvent(new KeyboardEvent("keydown", { key: "0", bubbles: true }));
    expect(el.view).toEqual({ t0: 0, nsPerPx: full });
  });

  test("the wheel zooms around the pointer", async () => {
    const el = await mount(syntheticRun(1000));
    const canvas = canvasOf(el);
    const full = el.view.nsPerPx;
    canvas.dispatchEvent(
      new WheelEvent("wheel", { deltaY: -500, clientX: 600, bubbles: true, cancelable: true }),
    );
    expect(el.view.nsPerPx).toBeLessThan(full / 2);
    expect(el.view.t0).toBeGreaterThan(0);
  });

  test("hover names the task, its CPU, start, duration and why it stopped", async () => {
    const el = await mount(syntheticRun(1000));
    const canvas = canvasOf(el);
    expect(canvas.getBoundingClientRect().width).toBeGreaterThan(500);
    el.view = { t0: 9.5e6, nsPerPx: 5000 }; // 5 µs per pixel from 9.5 ms
    const x = (ns: number) => 92 + (ns - el.view.t0) / el.view.nsPerPx;
    // The first row (CPU 0) in the 11th stint (k = 10: it was preempted).
    const tip = el.hoverAt(x(10.2e6), 20 + 5);
    expect(tip?.lines.join("\n")).toMatch(
      /^task \d+ · [abcd]\nCPU 0 \(P\)\nstart 10 ms · ran 700 µs\nstopped: preempted$/,
    );
    expect(el.hoverAt(x(10.9e6), 25)?.lines[0]).toMatch(/^CPU 0 \(P\) idle at 10.9 ms$/);
  });
});
