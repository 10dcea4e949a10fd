// Runaway callbacks (docs/safety.md "Budget"): a callback that does not return within its budget
// of loop iterations and calls ends the run as ejected, naming the callback, the budget and the
// policy's line, within seconds — in this thread, on the worker pool and in the CLI — and the
// next run works.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.ts";
import { DEFAULT_BUDGET } from "../../src/sim/limits.ts";
import { WorkerPool } from "../../src/sim/pool.ts";
import { runSimulation } from "../../src/sim/run.ts";
import type { CompiledPolicy, RunRequest } from "../../src/sim/types.ts";
import { tinyRequest } from "../sim/handEncoded.ts";
import { fixtureLine, loadSafety, safetyFixture } from "./policies.ts";

let runaway: CompiledPolicy;
let runawayChecked: CompiledPolicy;
let toplevel: CompiledPolicy;
const pool = new WorkerPool(1);

beforeAll(async () => {
  runaway = await loadSafety("runaway");
  runawayChecked = await loadSafety("runaway", false);
  toplevel = await loadSafety("toplevel");
}, 300_000);
afterAll(() => pool.close());

const req = (policy: CompiledPolicy, where: number, more: Partial<RunRequest> = {}) =>
  tinyRequest(policy, { params: { where }, ...more });
const budgetMsg = (cb: string, n = DEFAULT_BUDGET) =>
  `${cb} exceeded its budget of ${n} loop iterations and calls`;
const loopLine = () => fixtureLine("runaway", "while (x != 0)");

describe("the budget of a callback", () => {
  test("an endless loop in ops.enqueue is ejected within seconds, naming the callback, the budget and the line", async () => {
    for (const policy of [runaway, runawayChecked]) {
      const t0 = performance.now();
      const run = await runSimulation(req(policy, 1));
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(run.exit).toMatchObject({
        kind: "ejected",
        code: 1024,
        callback: "ops.enqueue",
      });
      expect(run.exit.reason).toMatch(
        new RegExp(`^${budgetMsg("ops.enqueue")} at runaway\\.ts:${loopLine()}:\\d+$`),
      );
      expect(run.exit.atNs).toBeGreaterThan(0);
      // The results up to the ejection are there, and the next run works.
      expect(run.events).toBeGreaterThan(0);
      const next = await runSimulation(req(policy, 0));
      expect(next.exit.kind).toBe("done");
    }
  });

  test.each([
    [2, "ops.dispatch"],
    [3, "ops.select_cpu"],
    [4, "ops.init"],
    [5, "bpf_timer"],
  ])("where=%i: the loop is reported in %s", async (where, callback) => {
    const run = await runSimulation(req(runaway, where));
    expect(run.exit.kind).toBe("ejected");
    expect(run.exit.callback ?? "").toContain(callback);
    expect(run.exit.reason).toMatch(
      new RegExp(
        `exceeded its budget of ${DEFAULT_BUDGET} loop iterations and calls at runaway\\.ts:${loopLine()}:\\d+$`,
      ),
    );
  });

  test("calls count too: a call tree far larger than the budget, without a loop, is stopped", async () => {
    const t0 = performance.now();
    const run = await runSimulation(req(runaway, 6));
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(run.exit.reason).toMatch(
      new RegExp(
        `^${budgetMsg("ops.enqueue")} at runaway\\.ts:${fixtureLine("runaway", "return n < 2")}:\\d+$`,
      ),
    );
  });

  test("the limit is a run option: work below it is legal, above it ejects", async () => {
    const spin = { where: 8, spin: 200_000 };
    const ok = await runSimulation(tinyRequest(runaway, { params: spin }));
    expect(ok.exit.kind).toBe("done");
    // The policy's work is counted: every enqueue spun 200 000 times.
    expect(ok.policyUnits).toBeGreaterThan(200_000);
    const tight = await runSimulation(
      tinyRequest(runaway, { params: spin, limits: { budget: 100_000 } }),
    );
    expect(tight.exit).toMatchObject({ kind: "ejected", callback: "ops.enqueue" });
    expect(tight.exit.reason).toMatch(
      /^ops\.enqueue exceeded its budget of 100000 loop iterations and calls at runaway\.ts:\d+:\d+$/,
    );
  });

  test("a budget that is not a positive integer is an InputError naming limits.budget", async () => {
    for (const budget of [0, -1, 1.5, 3e9, Number.NaN]) {
      const err = await runSimulation(tinyRequest(runaway, { limits: { budget } })).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).field).toBe("limits.budget");
      expect((err as Error).message).toMatch(
        /^limits\.budget: expected an integer from 1 to 2000000000, got/,
      );
    }
  });

  test("the policy's top-level code is bounded too", async () => {
    const run = await runSimulation(tinyRequest(toplevel));
    expect(run.exit).toMatchObject({ kind: "ejected", code: 1024 });
    expect(run.exit.callback).toBeUndefined();
    expect(run.exit.reason).toMatch(
      /^the policy's top-level code exceeded its budget of 1000000 loop iterations and calls at toplevel\.ts:6:\d+$/,
    );
  });
});

describe("on the worker pool", () => {
  test("a runaway callback ends within seconds, and the same worker runs the next run", {
    timeout: 60_000,
  }, async () => {
    const t0 = performance.now();
    const run = await pool.run(req(runaway, 1));
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(run.exit).toMatchObject({ kind: "ejected", callback: "ops.enqueue" });
    expect(run.exit.reason).toMatch(/exceeded its budget of 1000000 loop iterations and calls/);
    const next = await pool.run(req(runaway, 0));
    expect(next.exit.kind).toBe("done");
  });

  test("work the budget does not count (a long loop of memory.fill) is still stopped by the wall clock", {
    timeout: 60_000,
  }, async () => {
    const run = await pool.run(req(runaway, 7, { limits: { budget: 2_000_000_000 } }), {
      stallMs: 2000,
    });
    expect(run.exit.kind).toBe("ejected");
    expect(run.exit.reason).toMatch(/^the policy exceeded its budget: no progress for 2 s/);
    const next = await pool.run(req(runaway, 0));
    expect(next.exit.kind).toBe("done");
  });
});

describe("in the CLI", () => {
  test("run --policy FILE with an endless loop reports the ejection within seconds", {
    timeout: 120_000,
  }, async () => {
    const bin = fileURLToPath(new URL("../../bin/scx-playground.mjs", import.meta.url));
    const args = [
      bin,
      "run",
      "--policy",
      safetyFixture("runaway"),
      "--cpus",
      "2",
      "--workload",
      "hogs",
      "--duration",
      "1s",
      "--param",
      "where=1",
      "--param",
      "after=1",
      "--json",
    ];
    // The build is normally in the content cache already (beforeAll compiled the same release
    // build); the process as a whole may still have to compile it, so its bound is loose.
    const { stdout } = await promisify(execFile)(process.execPath, args, { timeout: 90_000 });
    const out = JSON.parse(stdout) as {
      wall_ms: number;
      exit: { kind: string; reason: string; callback: string };
    };
    expect(out.exit).toMatchObject({ kind: "ejected", callback: "ops.enqueue" });
    expect(out.exit.reason).toMatch(
      /^ops\.enqueue exceeded its budget of 1000000 loop iterations and calls at runaway\.ts:\d+:\d+$/,
    );
    // The run itself, from start to ejection.
    expect(out.wall_ms).toBeLessThan(5_000);
  });
});
