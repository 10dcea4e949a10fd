// bench on the real engine and worker pool (tiny machines, 100 ms, the simple policy): results
// on a pool of workers equal results computed one after another in this thread, and a policy
// that calls scx_bpf_error (test/fixtures/policies/bench-eject.ts) is reported, not fatal.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { buildMatrix } from "../../src/bench/matrix.ts";
import { comparable, type ResultElement, resultElement } from "../../src/bench/results.ts";
import { cli } from "../../src/cli/cli.ts";
import { realDeps } from "../../src/cli/deps.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { runSimulation } from "../../src/sim/run.ts";

const EJECT = fileURLToPath(new URL("../fixtures/policies/bench-eject.ts", import.meta.url));
const MATRIX = [
  "--cpus",
  "2",
  "--workload",
  "desktop,hogs",
  "--duration",
  "100ms",
  "--seeds",
  "1..3",
];

async function bench(...args: string[]) {
  const io = memoryIo();
  const status = await cli(["bench", ...args, "--json", "--progress", "none"], io, realDeps);
  return { status, stderr: io.stderr, doc: status <= 1 ? JSON.parse(io.stdout) : null };
}

describe("bench on the worker pool", { timeout: 240_000 }, () => {
  test("pool results equal serial results for the same seeds", async () => {
    const two = await bench("--policy", "simple", ...MATRIX, "--jobs", "2");
    expect(two.status, two.stderr).toBe(0);
    const one = await bench("--policy", "simple", ...MATRIX, "--jobs", "1");
    expect(one.status, one.stderr).toBe(0);

    // Serial, in this thread, without the pool: the same cells one after another.
    const matrix = await buildMatrix(
      {
        policies: ["simple"],
        params: { params: {}, sweep: {} },
        machines: [],
        cpus: [2],
        workloads: ["desktop", "hogs"],
        seeds: [1, 2, 3],
        durationNs: 100e6,
      },
      realDeps,
      memoryIo(),
    );
    const serial: ResultElement[] = [];
    for (const cell of matrix.cells) {
      const raw = await runSimulation(cell.request());
      serial.push(
        resultElement(raw, { durationNs: cell.durationNs, policyHash: cell.policy.hash }),
      );
    }
    expect(two.doc.results).toHaveLength(6);
    expect(two.doc.results.map(comparable)).toEqual(serial.map(comparable));
    expect(one.doc.results.map(comparable)).toEqual(serial.map(comparable));
    expect(two.doc.summaries).toEqual(one.doc.summaries);
  });

  test("on the real engine too, the shards merged equal the whole matrix", async () => {
    const whole = await bench("--policy", "simple", ...MATRIX, "--jobs", "2");
    const dir = mkdtempSync(join(tmpdir(), "scx-shard-"));
    for (const i of [1, 2]) {
      const part = await bench(
        "--policy",
        "simple",
        ...MATRIX,
        "--shard",
        `${i}/2`,
        "--out",
        join(dir, `p${i}.json`),
      );
      expect(part.status, part.stderr).toBe(0);
    }
    const io = memoryIo();
    expect(await cli(["merge", join(dir, "p2.json"), join(dir, "p1.json")], io, realDeps)).toBe(0);
    const merged = JSON.parse(io.stdout);
    expect(merged.results.map(comparable)).toEqual(whole.doc.results.map(comparable));
    expect(merged.bench.complete).toBe(true);
  });

  test("a policy that calls scx_bpf_error is reported in the table; the bench goes on", async () => {
    const io = memoryIo();
    const status = await cli(
      ["bench", "--policy", `simple,${EJECT}`, ...MATRIX, "--jobs", "2", "--progress", "plain"],
      io,
      realDeps,
    );
    expect(status, io.stderr).toBe(0);
    expect(io.stdout).toMatch(/^exit\s+done\s+ejected 3\/3\s*$/m);
    expect(io.stdout).toMatch(
      /bench-eject on cpus-2 \/ desktop, seeds 1,2,3: ejected: scx_bpf_error: bench_eject: giving up \(in ops\.enqueue\)/,
    );
    // On hogs (one always-runnable task per CPU) nothing is enqueued after 20 ms: those runs finish.
    expect(io.stderr).toMatch(/bench: 12\/12 cells \(100 %\), 3 ejected, took/);
  });
});
