// Stand-ins for the host modules the CLI uses, so every command runs in-process: policies with
// known knobs, a machine per --cpus, two workloads, and runs that return a hand-made RawRun.

import type { Deps, MachineLike } from "../../src/cli/deps.ts";
import { InputError } from "../../src/errors.ts";
import type { CompiledPolicy, RawRun, RunRequest } from "../../src/sim/types.ts";
import { makeRawRun } from "../metrics/fixtures.ts";

export function fakePolicy(name: string): CompiledPolicy {
  return {
    name,
    hash: "0",
    wasm: new Uint8Array(0),
    opsMask: 0,
    source: "",
    knobs:
      name === "simple"
        ? [
            { name: "fifo_sched", type: "bool", defaultValue: false },
            { name: "slice_ns", type: "u64", defaultValue: 20_000_000 },
          ]
        : [{ name: "slice_ns", type: "u64", defaultValue: 5_000_000 }],
  };
}

export interface FakeDeps extends Deps {
  requests: RunRequest[];
}

export function fakeDeps(
  overrides: Partial<Deps> & { rawFor?: (req: RunRequest) => RawRun } = {},
): FakeDeps {
  const requests: RunRequest[] = [];
  const machine = (name: string, n: number): MachineLike => ({
    name,
    cpus: Array.from({ length: n }, (_, id) => ({ id })),
  });
  const rawFor =
    overrides.rawFor ??
    ((req: RunRequest) =>
      makeRawRun({
        request: {
          policyName: req.policy.name,
          params: req.params,
          machineName: req.machineName,
          workloadName: req.workloadName,
          groupNames: req.groupNames,
          cpuTypeNames: req.cpuTypeNames,
          seed: req.seed,
          durationNs: req.durationNs,
        },
        params: req.params,
      }));
  const deps: FakeDeps = {
    requests,
    listPolicies: async () => [
      { name: "simple", description: "one global FIFO" },
      { name: "fifo", description: "strict FIFO" },
    ],
    listMachines: async () => [{ name: "laptop", description: "4P+4E" }],
    listWorkloads: async () => [{ name: "desktop", description: "interactive + batch" }],
    loadPolicy: async (n) => {
      if (n === "simple" || n === "fifo") return fakePolicy(n);
      throw new InputError("no such policy or file", { file: n });
    },
    loadMachine: async (n) => {
      if (n === "laptop") return machine("laptop", 2);
      throw new InputError("no such machine or file", { file: n });
    },
    machineFromCpus: async (n) => machine(`${n}cpus`, n),
    drawTopology: async (m) => `[${m.name}: ${m.cpus.length} cpus]`,
    exportMachine: async (m) => ({ name: m.name, cpus: m.cpus }),
    encodeMachine: async (m) => ({
      data: new Float64Array(16 + 12 * m.cpus.length),
      cpuTypeNames: ["P", "E"],
    }),
    loadWorkload: async (n) => {
      if (n === "desktop") return { workload: { name: "desktop" }, warnings: [] };
      if (n === "warny")
        return { workload: { name: "warny" }, warnings: ["groups[0].cpus: CPU 9 ignored"] };
      throw new InputError("no such workload or file", { file: n });
    },
    encodeWorkload: async () => ({ data: new Float64Array(16), groupNames: ["batch", "web"] }),
    workloadDurationNs: async (w) => (w.name === "desktop" ? 2e9 : undefined),
    simulate: async (req) => {
      requests.push(req);
      return rawFor(req);
    },
    ...overrides,
  };
  return deps;
}
