import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.ts";
import { WorkerPool } from "../../src/sim/pool.ts";
import { runSimulation } from "../../src/sim/run.ts";
import type { CompiledPolicy } from "../../src/sim/types.ts";
import { loadSafety } from "../safety/policies.ts";
import { tinyRequest } from "./handEncoded.ts";
import { loadSimple } from "./policies.ts";

let simple: CompiledPolicy;
let runaway: CompiledPolicy;
const pool = new WorkerPool(2);

beforeAll(async () => {
  simple = await loadSimple();
  runaway = await loadSafety("runaway", false);
}, 120_000);

// A callback the budget cannot stop in time (docs/safety.md): every iteration of its endless
// loop is slow work the budget does not count, and the budget is the largest there is.
const hang = () =>
  tinyRequest(runaway, { params: { where: 7 }, limits: { budget: 2_000_000_000 } });
afterAll(() => pool.close());

describe("WorkerPool", () => {
  test("a run in a worker gives the same numbers as in this thread", {
    timeout: 60_000,
  }, async () => {
    const req = tinyRequest(simple, { trace: true });
    const progress: number[] = [];
    const [inWorker, here] = await Promise.all([
      pool.run(req, { onProgress: (ns) => progress.push(ns) }),
      runSimulation(req),
    ]);
    expect(inWorker.exit).toEqual(here.exit);
    expect(Array.from(inWorker.counters)).toEqual(Array.from(here.counters));
    expect(Array.from(inWorker.taskStats)).toEqual(Array.from(here.taskStats));
    expect(inWorker.histograms[0]![0]!.buckets).toEqual(here.histograms[0]![0]!.buckets);
    expect(Buffer.from(inWorker.trace!).equals(Buffer.from(here.trace!))).toBe(true);
    expect(progress.at(-1)).toBe(100_000_000);
  });

  test("an InputError raised in the worker arrives as an InputError", {
    timeout: 60_000,
  }, async () => {
    const err = await pool
      .run(tinyRequest(simple, { params: { nope: 1 } }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/^unknown knob "nope"; knobs of simple: fifo_sched/);
  });

  test("a callback that never returns is stopped and reported as an ejection", {
    timeout: 60_000,
  }, async () => {
    const t0 = performance.now();
    const run = await pool.run(hang(), { stallMs: 3000 });
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(run.exit.kind).toBe("ejected");
    expect(run.exit.reason).toMatch(/^the policy exceeded its budget: no progress for 3 s/);
    expect(run.counters.length).toBe(32);
    expect(run.params).toEqual({ where: 7, after: 3, spin: 1000 });
    // The pool replaced the stuck worker: the next run works.
    const next = await pool.run(tinyRequest(simple));
    expect(next.exit.kind).toBe("done");
  });

  test("a total timeout stops a long run", { timeout: 60_000 }, async () => {
    const run = await pool.run(hang(), { timeoutMs: 2000, stallMs: 60_000 });
    expect(run.exit.reason).toMatch(/^the policy exceeded its budget: still running after 2 s/);
  });
});
