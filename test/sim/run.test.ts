import { beforeAll, describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.ts";
import { runSimulation } from "../../src/sim/run.ts";
import type { CompiledPolicy, RawRun } from "../../src/sim/types.ts";
import { encodeLoopWorkload, tinyRequest } from "./handEncoded.ts";
import { loadFaulty, loadRr, loadSimple } from "./policies.ts";

let simple: CompiledPolicy;
let rr: CompiledPolicy;
let faulty: CompiledPolicy;

beforeAll(async () => {
  // Sequential: the first compile pays for loading the compiler.
  simple = await loadSimple();
  rr = await loadRr();
  faulty = await loadFaulty();
}, 120_000);

function expectShape(run: RawRun, ncpus: number, ngroups: number): void {
  expect(run.counters).toBeInstanceOf(Float64Array);
  expect(run.counters.length).toBe(32);
  expect(run.cpuStats.length).toBe(ncpus * 8);
  expect(run.ncpus).toBe(ncpus);
  expect(run.cpuTypes).toEqual(Array(ncpus).fill(0));
  expect(run.groupStats.length).toBe(ngroups * 8);
  expect(run.histograms.length).toBe(ngroups);
  for (const row of run.histograms) {
    expect(row.length).toBe(3);
    for (const h of row) expect(h.buckets.length).toBe(7296);
  }
  expect(run.taskStats.length % 8).toBe(0);
  expect(run.wallMs).toBeGreaterThan(0);
}

describe("runSimulation", () => {
  test("simple on 2 CPUs and 2 tasks: a done run with every table", async () => {
    const run = await runSimulation(tinyRequest(simple, { trace: true, log: true }));
    expectShape(run, 2, 1);
    expect(run.exit).toMatchObject({ kind: "done", code: 1, atNs: 100_000_000 });
    expect(run.simulatedNs).toBe(100_000_000);
    expect(run.events).toBeGreaterThan(0);
    expect(run.counters[0]).toBe(run.events);
    expect(run.counters[4]).toBe(2); // tasks_started
    expect(run.taskStats.length).toBe(2 * 8);
    expect(run.params).toEqual({ fifo_sched: false });
    expect(run.request).toMatchObject({
      policyName: "simple",
      seed: 1,
      machineName: "flat-2",
      groupNames: ["loopers"],
    });
    expect(run.request).not.toHaveProperty("machine");
    // Two CPUs, two tasks that each run 5 ms in every 6 ms: both CPUs mostly busy.
    const busy = run.cpuStats[0]! + run.cpuStats[8]!;
    expect(busy).toBeGreaterThan(150_000_000);
    expect(run.groupStats[1]).toBe(busy); // group cpu_time_ns
    expect(run.histograms[0]![0]!.count).toBeGreaterThan(0); // wakeup latencies
    expect(run.trace!.byteLength % 32).toBe(0);
    expect(run.trace!.byteLength).toBeGreaterThan(0);
    expect(run.log!.byteLength % 80).toBe(0);
    expect(run.log!.byteLength).toBeGreaterThan(0);
  });

  test("full record buffers are drained mid-run: nothing lost, order kept", async () => {
    const req = tinyRequest(simple, {
      log: true,
      trace: true,
      workload: encodeLoopWorkload(2, 50_000, 50_000),
      durationNs: 500_000_000,
    });
    const run = await runSimulation(req);
    const log = new BigInt64Array(run.log!);
    const n = log.length / 10;
    expect(n).toBeGreaterThan(16384); // more than the engine's log buffer holds
    let last = -1n;
    for (let i = 0; i < n; i++) {
      const t = log[i * 10 + 2]!;
      if (t < last) throw new Error(`log record ${i} at ${t} ns comes after one at ${last} ns`);
      last = t;
    }
    // The same run with bigger chunks gives the same records.
    const again = await runSimulation({ ...req, chunkEvents: 1 << 20 });
    expect(Buffer.from(again.log!).equals(Buffer.from(run.log!))).toBe(true);
  });

  test("no trace or log unless asked", async () => {
    const run = await runSimulation(tinyRequest(simple));
    expect(run.trace).toBeUndefined();
    expect(run.log).toBeUndefined();
  });

  test("the contract's round-robin example runs, and its knob is set from params", async () => {
    const run = await runSimulation(tinyRequest(rr, { params: { slice_ns: 100_000 } }));
    expectShape(run, 2, 1);
    expect(run.exit.kind).toBe("done");
    expect(run.params).toEqual({ slice_ns: 100_000 });
    expect(rr.opsMask).toBe((1 << 1) | (1 << 3) | (1 << 17)); // enqueue, dispatch, init
    const t0 = run.taskStats[4]!;
    const t1 = run.taskStats[8 + 4]!;
    expect(t0).toBeGreaterThan(0);
    expect(t1).toBeGreaterThan(0);
  });

  test("the same seed gives identical results, bit for bit", async () => {
    const req = tinyRequest(simple, { trace: true, seed: 7 });
    const a = await runSimulation(req);
    const b = await runSimulation(req);
    expect(Array.from(b.counters)).toEqual(Array.from(a.counters));
    expect(Array.from(b.cpuStats)).toEqual(Array.from(a.cpuStats));
    expect(Array.from(b.taskStats)).toEqual(Array.from(a.taskStats));
    expect(Buffer.from(b.trace!).equals(Buffer.from(a.trace!))).toBe(true);
  });

  test("progress is reported, the last time with the final simulated time", async () => {
    const seen: number[] = [];
    await runSimulation(tinyRequest(simple, { chunkEvents: 8 }), {
      onProgress: (ns) => seen.push(ns),
    });
    expect(seen.at(-1)).toBe(100_000_000);
  });

  test("an aborted signal stops the run", async () => {
    const ac = new AbortController();
    ac.abort(new Error("stop"));
    await expect(runSimulation(tinyRequest(simple), { signal: ac.signal })).rejects.toThrow("stop");
  });
});

describe("ejections", () => {
  const eject = (params: Record<string, number>) => runSimulation(tinyRequest(faulty, { params }));

  test('scx_bpf_error("boom") ejects with that message, the callback and the time', async () => {
    const run = await eject({ fault: 1 });
    expect(run.exit).toMatchObject({
      kind: "ejected",
      code: 1025,
      reason: "scx_bpf_error: boom",
      message: "boom",
      callback: "ops.enqueue",
    });
    expect(run.exit.atNs).toBeGreaterThanOrEqual(0);
    // Results up to the ejection are still there.
    expectShape(run, 2, 1);
    expect(run.events).toBeGreaterThan(0);
  });

  test("an out-of-range index (an AssemblyScript abort) ejects with the abort message", async () => {
    const run = await eject({ fault: 2 });
    expect(run.exit).toMatchObject({ kind: "ejected", code: 1024, callback: "ops.enqueue" });
    // The abort is raised inside the standard library's bounds check, so that is the location.
    // Then the policy's line that called it (docs/safety.md).
    expect(run.exit.reason).toMatch(
      /^Index out of range in ~lib\/staticarray\.ts\(\d+:\d+\) at faulty\.ts:\d+:\d+$/,
    );
    expectShape(run, 2, 1);
  });

  test("a wasm trap ejects with the trap message and the callback that trapped", async () => {
    const run = await eject({ fault: 4 });
    expect(run.exit).toMatchObject({
      kind: "ejected",
      reason: expect.stringMatching(/^unreachable at faulty\.ts:\d+:\d+$/),
      callback: "ops.running",
    });
    expect(run.exit.atNs).toBeLessThan(100_000_000);
  });

  test("a stack overflow ejects", async () => {
    const run = await eject({ fault: 6 });
    expect(run.exit).toMatchObject({ kind: "ejected", callback: "ops.enqueue" });
    expect(run.exit.reason).toMatch(/call stack/i);
  });

  test("ops.init failing ejects in ops.init", async () => {
    const run = await eject({ fault: 5 });
    expect(run.exit).toMatchObject({ kind: "ejected", code: 1024, callback: "ops.init" });
    expect(run.exit.reason).toMatch(/init/);
  });
});

describe("knobs", () => {
  test("an unknown key is an InputError listing the knobs", async () => {
    const err = await runSimulation(tinyRequest(faulty, { params: { nope: 1 } })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(
      'unknown knob "nope"; knobs of faulty: fault (i32, default 0), fail_at (i32, default 3), scale (f64, default 1.5)',
    );
  });

  test.each([
    [{ fault: 2 ** 31 }, /knob fault \(i32\): out of range/],
    [{ fault: 1.5 }, /knob fault \(i32\): expected an integer/],
    [{ fault: true }, /knob fault \(i32\): expected a number/],
    [{ slice_ns: -1 }, /knob slice_ns \(u64\): out of range/],
    [{ fifo_sched: 2 }, /knob fifo_sched \(bool\): expected true or false/],
  ])("%j is rejected", async (params, message) => {
    const policy = "slice_ns" in params ? rr : "fifo_sched" in params ? simple : faulty;
    const err = await runSimulation(tinyRequest(policy, { params })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(message);
  });

  test("bool, f64 and large u64 values reach the policy", async () => {
    const a = await runSimulation(tinyRequest(simple, { params: { fifo_sched: true } }));
    expect(a.params).toEqual({ fifo_sched: true });
    const b = await runSimulation(tinyRequest(faulty, { params: { scale: 0.25 } }));
    expect(b.params).toMatchObject({ scale: 0.25 });
    const c = await runSimulation(tinyRequest(rr, { params: { slice_ns: 2 ** 60 } }));
    expect(c.params).toEqual({ slice_ns: 2 ** 60 });
  });
});
