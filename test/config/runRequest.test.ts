// runRequest encodes a machine and a workload into one engine request; knobValues keeps the
// values that are knobs of the policy.
import { describe, expect, test } from "vitest";
import { machineFromCpus } from "../../src/config/machine.ts";
import { knobValues, runRequest } from "../../src/config/runRequest.ts";
import { parseWorkload } from "../../src/config/workload.ts";
import type { CompiledPolicy } from "../../src/sim/types.ts";

const policy = {
  name: "p",
  knobs: [{ name: "slice_ns" }, { name: "fifo" }],
} as unknown as CompiledPolicy;

describe("runRequest", () => {
  test("names and encodes the machine and workload, and keeps the settings", () => {
    const w = parseWorkload({
      name: "two",
      groups: [
        { name: "a", program: [{ run: "1ms" }] },
        { name: "b", program: [{ run: "1ms" }] },
      ],
    });
    const r = runRequest(policy, machineFromCpus(3), w, {
      params: { fifo: true },
      seed: 7,
      durationNs: 1e9,
      trace: true,
    });
    expect(r).toMatchObject({ machineName: "cpus-3", workloadName: "two", seed: 7, trace: true });
    expect(r.groupNames).toEqual(["a", "b"]);
    expect(r.machine).toBeInstanceOf(Float64Array);
    expect(r.machine[1]).toBe(3); // CPU count (docs/internals.md "Machine")
    expect(r.workload[1]).toBe(2); // group count (docs/internals.md "Workload")
  });
});

describe("knobValues", () => {
  test("keeps the policy's knobs and leaves out the rest", () => {
    expect(knobValues(policy, { slice_ns: 5, gone: 1, fifo: false })).toEqual({
      slice_ns: 5,
      fifo: false,
    });
  });
});
