// costs.policy_ns_per_unit: the work a callback did (the units the budget counts) is charged
// as CPU time on the CPU that ran it, so a heavy policy slows the tasks it schedules.
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadPolicy } from "../../src/compile/index.ts";
import type { CompiledPolicy, RawRun } from "../../src/sim/types.ts";
import { MS, runFiles, ZERO_COSTS } from "../helpers/runFiles.ts";

let heavy: CompiledPolicy;

beforeAll(async () => {
  heavy = await loadPolicy(
    fileURLToPath(new URL("../fixtures/policies/heavy.ts", import.meta.url)),
    {
      release: false,
    },
  );
}, 300_000);

async function run(nsPerUnit: number): Promise<RawRun> {
  const machine = {
    name: "one",
    cpus: [{ id: 0, type: "P", capacity: 1024, core: 0, llc: 0, node: 0, idle_exit_latency_ns: 0 }],
    costs: { ...ZERO_COSTS, policy_ns_per_unit: nsPerUnit },
    hz: 0,
  };
  const workload = { name: "job", groups: [{ name: "j", program: [{ run: "10ms" }] }] };
  const { raw } = await runFiles(heavy, machine, workload, {
    durationNs: 100 * MS,
    params: { spin: 10000 },
  });
  return raw;
}

describe("policy work as CPU time", { timeout: 120_000 }, () => {
  it("is free by default and charged at costs.policy_ns_per_unit when set", async () => {
    const free = await run(0);
    const paid = await run(100);
    const endOf = (r: RawRun) => r.taskStats[3] as number;
    expect(endOf(free), "without a cost the job ends after its 10 ms of work").toBe(10 * MS);
    const units = paid.policyUnits ?? 0;
    expect(units, "ops.running looped 10000 times").toBeGreaterThanOrEqual(10000);
    // Every overhead but the policy's is zero on this machine.
    expect(paid.counters[14], `${units} units × 100 ns`).toBe(units * 100);
    expect(endOf(paid), "the job waited for the policy's work on its CPU").toBe(
      10 * MS + units * 100,
    );
  });
});
