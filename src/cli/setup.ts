// From parsed options to the RunRequests to simulate: load and encode the machine and the
// workload once, compile each policy, resolve its knobs, and make one request per
// (policy, seed). Cheap inputs are checked first so that their errors come before a compile.

import type { CompiledPolicy, RunRequest } from "../sim/types.ts";
import type { RunOptions } from "./args.ts";
import type { Deps } from "./deps.ts";
import type { Io } from "./io.ts";
import { checkParamsKnown, resolveKnobs } from "./knobs.ts";

/** Simulated time when neither --duration nor the workload says (CONTRACT.md). */
export const DEFAULT_DURATION_NS = 10_000_000_000;

export interface Cell {
  policy: CompiledPolicy;
  seed: number;
  request: RunRequest;
}

export async function prepareCells(
  opts: RunOptions,
  deps: Deps,
  io: Io,
  lenientParams: boolean,
): Promise<Cell[]> {
  const machine =
    opts.cpus !== undefined
      ? await deps.machineFromCpus(opts.cpus)
      : await deps.loadMachine(opts.machine as string);
  const ncpus = machine.cpus.length;
  const encodedMachine = await deps.encodeMachine(machine);
  const { cpuTypeNames } = encodedMachine;

  const { workload, warnings } = await deps.loadWorkload(opts.workload, { ncpus });
  for (const w of warnings) io.err(`warning: ${w}\n`);
  const encodedWorkload = await deps.encodeWorkload(workload, { ncpus, cpuTypeNames });
  const durationNs =
    opts.durationNs ?? (await deps.workloadDurationNs(workload)) ?? DEFAULT_DURATION_NS;

  const policies: CompiledPolicy[] = [];
  for (const name of opts.policies) policies.push(await deps.loadPolicy(name));
  if (lenientParams) checkParamsKnown(policies, opts.params);

  const cells: Cell[] = [];
  for (const policy of policies) {
    const params = resolveKnobs(policy, opts.params, lenientParams);
    for (const seed of opts.seeds) {
      cells.push({
        policy,
        seed,
        request: {
          policy,
          params,
          machineName: machine.name,
          // Each request owns its arrays: a worker may take (transfer) them.
          machine: encodedMachine.data.slice(),
          workloadName: workload.name,
          workload: encodedWorkload.data.slice(),
          groupNames: encodedWorkload.groupNames,
          cpuTypeNames,
          seed,
          durationNs,
          trace: opts.trace !== undefined,
          log: opts.log !== undefined,
          ...(opts.fallback === true ? { fallback: true } : {}),
        },
      });
    }
  }
  return cells;
}
