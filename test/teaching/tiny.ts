// The tiny scenario of the step-mode tests: one CPU without overheads, the fixture policy
// tiny.ts (one FIFO DSQ, 5 ms slices), and two tasks — "a" runs 1 ms, sleeps 1 ms, runs 1 ms;
// "b" runs 8 ms. Small enough to write its whole event log by hand.
import { fileURLToPath } from "node:url";
import { loadPolicy } from "../../src/compile/index.ts";
import { machineFromCpus } from "../../src/config/machine.ts";
import { runRequest } from "../../src/config/runRequest.ts";
import { parseWorkload } from "../../src/config/workload.ts";
import type { CompiledPolicy, RunRequest } from "../../src/sim/types.ts";

export const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}.ts`, import.meta.url));

/** A checked build of a fixture policy of this folder (cached by content). */
export function fixturePolicy(name: string): Promise<CompiledPolicy> {
  return loadPolicy(fixture(name), { release: false });
}

export interface ScenarioSpec {
  ncpus: number;
  groups: object[];
  durationNs: number;
  seed?: number;
}

export function scenario(policy: CompiledPolicy, spec: ScenarioSpec): RunRequest {
  const w = parseWorkload({ name: "scenario", groups: spec.groups }, "scenario", {
    ncpus: spec.ncpus,
  });
  return runRequest(policy, machineFromCpus(spec.ncpus), w, {
    params: {},
    seed: spec.seed ?? 1,
    durationNs: spec.durationNs,
  });
}

export const TINY: ScenarioSpec = {
  ncpus: 1,
  durationNs: 20_000_000,
  groups: [
    { name: "a", program: [{ run: "1ms" }, { sleep: "1ms" }, { run: "1ms" }] },
    { name: "b", program: [{ run: "8ms" }] },
  ],
};

/** A busier one for stepping back and forth: 4 CPUs, hogs and sleepers, random bursts. */
export const BUSY: ScenarioSpec = {
  ncpus: 4,
  durationNs: 60_000_000,
  seed: 7,
  groups: [
    { name: "batch", count: 4, loop: -1, program: [{ run: { uniform: ["2ms", "9ms"] } }] },
    {
      name: "interactive",
      count: 3,
      loop: -1,
      program: [{ sleep: { exp: "2ms" } }, { run: { exp: "200us" } }],
    },
  ],
};
