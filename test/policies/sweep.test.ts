// Every built-in policy on every machine preset with every workload preset, for a short
// stretch of simulated time: none may be ejected, and each must get work done. The release
// builds are the ones users run (prebuilt at install), so this is also what `npm start` and
// the CLI execute.
import { beforeAll, describe, expect, test } from "vitest";
import { builtinPolicyNames, loadPolicy } from "../../src/compile/index.ts";
import { encodeMachine, listMachines, loadMachine } from "../../src/config/machine.ts";
import { encodeWorkload, listWorkloads, loadWorkload } from "../../src/config/workload.ts";
import { runSimulation } from "../../src/sim/run.ts";
import type { CompiledPolicy } from "../../src/sim/types.ts";

const DURATION_NS = 20_000_000;
const policies = new Map<string, CompiledPolicy>();

beforeAll(async () => {
  for (const name of builtinPolicyNames()) policies.set(name, await loadPolicy(name));
}, 600_000);

describe("every policy × every machine × every workload", () => {
  test.each(listMachines().map((m) => m.name))(
    "on %s",
    { timeout: 600_000 },
    async (machineName) => {
      const machine = await loadMachine(machineName);
      const m = encodeMachine(machine);
      const ncpus = machine.cpus.length;
      const failures: string[] = [];
      for (const { name: workloadName } of listWorkloads()) {
        const { workload } = await loadWorkload(workloadName, { ncpus });
        const w = encodeWorkload(workload, { ncpus, cpuTypeNames: m.cpuTypeNames });
        for (const [policyName, policy] of policies) {
          const raw = await runSimulation({
            policy,
            params: {},
            machineName,
            machine: m.data,
            workloadName,
            workload: w.data,
            groupNames: w.groupNames,
            cpuTypeNames: m.cpuTypeNames,
            seed: 1,
            durationNs: DURATION_NS,
          });
          const busy = raw.counters[8] as number;
          if (raw.exit.kind !== "done")
            failures.push(`${policyName}/${workloadName}: ${raw.exit.reason}`);
          else if (!(busy > 0))
            failures.push(`${policyName}/${workloadName}: no CPU was ever busy`);
        }
      }
      expect(failures, failures.join("\n")).toEqual([]);
    },
  );
});
