// Runs a policy on a machine file and a workload (a native object or rt-app text) exactly as
// a user writes them: parsed, validated and encoded by src/config, simulated by src/sim.
import { parseMachine } from "../../src/config/machine.ts";
import { runRequest } from "../../src/config/runRequest.ts";
import { parseWorkload, parseWorkloadText } from "../../src/config/workload.ts";
import { summarize } from "../../src/metrics/summary.ts";
import { runSimulation } from "../../src/sim/run.ts";
import type { CompiledPolicy, RawRun, RunResult } from "../../src/sim/types.ts";

export const MS = 1_000_000;

/** Costs that are all zero, for timings worked out by hand. */
export const ZERO_COSTS = {
  context_switch_ns: 0,
  smt_corun_factor: 1,
  migration_ns: { core: 0, llc: 0, node: 0 },
};

export interface FileRun {
  raw: RawRun;
  result: RunResult;
}

export async function runFiles(
  policy: CompiledPolicy,
  machineFile: object,
  workload: object | string,
  opts: {
    durationNs: number;
    params?: Record<string, number | boolean>;
    seed?: number;
    trace?: boolean;
  },
): Promise<FileRun> {
  const m = parseMachine(machineFile);
  const ncpus = m.cpus.length;
  const w =
    typeof workload === "string"
      ? parseWorkloadText(workload, { ncpus }).workload
      : parseWorkload(workload);
  const raw = await runSimulation(
    runRequest(policy, m, w, {
      params: opts.params ?? {},
      seed: opts.seed ?? 1,
      durationNs: opts.durationNs,
      trace: opts.trace ?? false,
    }),
  );
  return { raw, result: summarize(raw) };
}

/** A task statistic (docs/internals.md "Task stats") by pid: 3 end_ns, 4 cpu_time_ns, … */
export function taskStat(raw: RawRun, pid: number, field: number): number {
  return raw.taskStats[(pid - 1) * 8 + field] as number;
}
