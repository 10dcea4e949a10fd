import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  CPU_PROCESS_PID,
  cpuTid,
  perfettoJsonPieces,
  writePerfettoTrace,
} from "../../src/trace/perfetto.ts";
import { encodeTraceRecords, TraceKind } from "../../src/trace/records.ts";
import { makeRawRun } from "../metrics/fixtures.ts";

const trace = encodeTraceRecords([
  { kind: TraceKind.CREATE, cpu: 0, pid: 1, aux: 0, t0: 0, t1: 0 },
  { kind: TraceKind.WAKE, cpu: 1, pid: 3, aux: -1, t0: 1_000_000_000, t1: 0 },
  { kind: TraceKind.RUN, cpu: 0, pid: 1, aux: 1, t0: 1500, t1: 2_001_750 },
  { kind: TraceKind.MIGRATE, cpu: 1, pid: 1, aux: 0, t0: 3000, t1: 0 },
  { kind: TraceKind.RUN, cpu: 1, pid: 3, aux: 2, t0: 1_000_000_100, t1: 1_000_000_600 },
  { kind: TraceKind.PERF, cpu: 1, pid: -1, aux: 512, t0: 4000, t1: 0 },
  { kind: TraceKind.EJECT, cpu: -1, pid: -1, aux: 1026, t0: 5000, t1: 0 },
]);

type Ev = Record<string, unknown> & { args?: Record<string, unknown> };

function parse(raw = makeRawRun({ trace })): { traceEvents: Ev[]; metadata: unknown } {
  return JSON.parse([...perfettoJsonPieces(raw)].join(""));
}

describe("Perfetto trace (Chrome trace-event JSON)", () => {
  test("the whole output is one JSON object with a traceEvents array", () => {
    const doc = parse();
    expect(Array.isArray(doc.traceEvents)).toBe(true);
    expect(doc.metadata).toMatchObject({ policy: "simple", seed: 7 });
  });

  test("one named track per CPU in a 'CPUs' process", () => {
    const meta = parse().traceEvents.filter((e) => e.ph === "M");
    expect(meta).toContainEqual({
      name: "process_name",
      ph: "M",
      pid: CPU_PROCESS_PID,
      args: { name: "CPUs" },
    });
    for (const cpu of [0, 1]) {
      expect(meta).toContainEqual({
        name: "thread_name",
        ph: "M",
        pid: CPU_PROCESS_PID,
        tid: cpuTid(cpu),
        args: { name: `CPU ${cpu}` },
      });
    }
  });

  test("a RUN record is a complete event '<group>/<pid>' on its CPU, in µs, with args", () => {
    const runs = parse().traceEvents.filter((e) => e.ph === "X");
    expect(runs).toEqual([
      {
        name: "batch/1",
        cat: "run",
        ph: "X",
        pid: CPU_PROCESS_PID,
        tid: cpuTid(0),
        ts: 1.5,
        dur: 2000.25,
        args: { pid: 1, group: "batch", stop: "blocked" },
      },
      {
        name: "web/3",
        cat: "run",
        ph: "X",
        pid: CPU_PROCESS_PID,
        tid: cpuTid(1),
        ts: 1_000_000.1,
        dur: 0.5,
        args: { pid: 3, group: "web", stop: "exited" },
      },
    ]);
  });

  test("wakeups and migrations are instants on the CPU track", () => {
    const evs = parse().traceEvents;
    expect(evs).toContainEqual(
      expect.objectContaining({
        name: "wake web/3",
        ph: "i",
        s: "t",
        tid: cpuTid(1),
        ts: 1_000_000,
        args: { pid: 3, group: "web", waker: null },
      }),
    );
    expect(evs).toContainEqual(
      expect.objectContaining({
        name: "migrate batch/1",
        ph: "i",
        tid: cpuTid(1),
        args: { pid: 1, from_cpu: 0, to_cpu: 1 },
      }),
    );
  });

  test("cpuperf changes are counters and the ejection is a global instant", () => {
    const evs = parse().traceEvents;
    expect(evs).toContainEqual(
      expect.objectContaining({ ph: "C", name: "cpuperf CPU 1", args: { cpuperf_cur: 512 } }),
    );
    expect(evs).toContainEqual(expect.objectContaining({ ph: "i", s: "g", cat: "eject", ts: 5 }));
  });

  test("tasks unknown to the task stats are named from their CREATE record", () => {
    const raw = makeRawRun({
      taskStats: new Float64Array(0),
      trace: encodeTraceRecords([
        { kind: TraceKind.CREATE, cpu: 0, pid: 9, aux: 1, t0: 0, t1: 0 },
        { kind: TraceKind.RUN, cpu: 0, pid: 9, aux: 0, t0: 0, t1: 1000 },
      ]),
    });
    expect(parse(raw).traceEvents.find((e) => e.ph === "X")?.name).toBe("web/9");
  });

  test("without trace records the file still opens: metadata only", () => {
    const evs = parse(makeRawRun()).traceEvents;
    expect(evs.length).toBeGreaterThan(0);
    expect(evs.every((e) => e.ph === "M")).toBe(true);
  });

  test("writePerfettoTrace streams a large trace to a file that parses", async () => {
    const recs = Array.from({ length: 50_000 }, (_, i) => ({
      kind: TraceKind.RUN,
      cpu: i % 2,
      pid: 1 + (i % 4),
      aux: i % 5,
      t0: i * 1000,
      t1: i * 1000 + 900,
    }));
    const file = join(mkdtempSync(join(tmpdir(), "scx-trace-")), "trace.json");
    await writePerfettoTrace(file, makeRawRun({ trace: encodeTraceRecords(recs) }));
    const doc = JSON.parse(readFileSync(file, "utf8"));
    expect(doc.traceEvents.filter((e: Ev) => e.ph === "X")).toHaveLength(50_000);
  });
});
