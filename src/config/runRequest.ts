// A run request from a parsed machine and workload: both encoded for the engine (the workload
// against the machine's CPU count and core types) with the names the results carry. Shared by
// the lessons, the playground, the bench scenario and the tests; the CLI's matrix encodes each
// machine once for many workloads through its own injected loaders instead.
import type { CompiledPolicy, RunRequest } from "../sim/types.ts";
import { encodeMachine } from "./machineEncode.ts";
import type { Machine } from "./machineModel.ts";
import { encodeWorkload } from "./workloadEncode.ts";
import type { Workload } from "./workloadTypes.ts";

/** What a request needs besides the policy, the machine and the workload. */
export type RunSettings = Pick<RunRequest, "params" | "seed" | "durationNs"> &
  Partial<Pick<RunRequest, "trace" | "log" | "limits" | "fallback" | "chunkEvents">>;

export function runRequest(
  policy: CompiledPolicy,
  machine: Machine,
  workload: Workload,
  settings: RunSettings,
): RunRequest {
  const ncpus = machine.cpus.length;
  const em = encodeMachine(machine);
  const ew = encodeWorkload(workload, { ncpus, cpuTypeNames: em.cpuTypeNames });
  return {
    policy,
    machineName: machine.name,
    machine: em.data,
    workloadName: workload.name,
    workload: ew.data,
    groupNames: ew.groupNames,
    cpuTypeNames: em.cpuTypeNames,
    ...settings,
  };
}

/** The values of `values` that are knobs of `policy`: others are left out, not an error. */
export function knobValues(
  policy: Pick<CompiledPolicy, "knobs">,
  values: Record<string, number | boolean>,
): Record<string, number | boolean> {
  const params: Record<string, number | boolean> = {};
  for (const k of policy.knobs)
    if (Object.hasOwn(values, k.name)) params[k.name] = values[k.name] as number | boolean;
  return params;
}
