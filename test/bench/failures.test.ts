// A cell whose policy is ejected is a result; a cell whose simulation fails is reported. Neither
// stops the bench. (test/bench/pool.test.ts does the same with a real ejecting policy.)

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { exec, scratch, varyingDeps } from "./helpers.ts";

const BENCH = [
  "bench",
  "--policy",
  "simple,fifo",
  "--cpus",
  "2",
  "--workload",
  "desktop",
  "--seeds",
  "1..3",
  "--progress",
  "plain",
];

describe("failing cells", () => {
  test("an ejected policy shows in the table and the results; the bench exits 0", async () => {
    const deps = varyingDeps({ eject: (r) => r.policy.name === "fifo" && r.seed === 2 });
    const out = join(scratch(), "r.json");
    const { status, stdout, stderr } = await exec([...BENCH, "--out", out], deps);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^exit\s+done\s+ejected 1\/3\s*$/m);
    expect(stdout).toMatch(
      /fifo on 2cpus \/ desktop, seed 2: ejected: scx_bpf_error: boom \(in ops\.enqueue\)/,
    );
    expect(stderr).toMatch(
      /bench: fifo \(slice_ns=5000000\) on 2cpus \/ desktop, seed 2: ejected: scx_bpf_error: boom/,
    );
    const doc = JSON.parse(readFileSync(out, "utf8"));
    expect(doc.results).toHaveLength(6);
    expect(
      doc.results.filter((r: { exit: { kind: string } }) => r.exit.kind === "ejected"),
    ).toHaveLength(1);
    const fifo = doc.summaries.find((s: { policy: string }) => s.policy === "fifo");
    expect(fifo).toMatchObject({ seeds: 3, done: 2, ejected: 1 });
    // The ejected seed is left out of the statistics.
    expect(fifo.metrics.migrations.n).toBe(2);
  });

  test("a simulation that fails is reported, the others finish, the status is 1, --resume retries it", async () => {
    const out = join(scratch(), "r.json");
    const broken = varyingDeps({ fail: (r) => r.policy.name === "simple" && r.seed === 3 });
    const first = await exec([...BENCH, "--out", out], broken);
    expect(first.status).toBe(1);
    expect(first.deps.requests).toHaveLength(6);
    expect(first.stdout).toMatch(/^exit\s+failed 1\/3\s+done\s*$/m);
    expect(first.stdout).toMatch(
      /simple on 2cpus \/ desktop, seed 3: failed: worker crashed on seed 3/,
    );
    expect(first.stderr).toMatch(/bench: failed: simple .* seed 3: worker crashed on seed 3/);
    const doc = JSON.parse(readFileSync(out, "utf8"));
    expect(doc.results).toHaveLength(5);
    expect(doc.errors).toEqual([
      expect.objectContaining({ policy: "simple", seed: 3, error: "worker crashed on seed 3" }),
    ]);
    expect(doc.bench.complete).toBe(true);

    const retry = await exec([...BENCH, "--out", out, "--resume"]);
    expect(retry.status).toBe(0);
    expect(retry.deps.requests.map((r) => [r.policy.name, r.seed])).toEqual([["simple", 3]]);
    const fixed = JSON.parse(readFileSync(out, "utf8"));
    expect(fixed.results).toHaveLength(6);
    expect(fixed.errors).toEqual([]);
  });
});
