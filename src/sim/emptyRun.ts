// A RawRun with every table present and zero, for a run whose results could not be read back
// (its worker had to be terminated): consumers see the usual shapes and the exit says why.
import { COUNTERS, CPU_STATS, GROUP_STATS, HIST_METRICS } from "./engineExports.ts";
import { cpuTypesOf, emptyHistogram } from "./readResults.ts";
import type { RawExit, RawRun, RunRequest } from "./types.ts";

export function emptyRawRun(req: RunRequest, exit: RawExit, wallMs: number): RawRun {
  const ncpus = req.machine[1] ?? 0;
  const ngroups = req.workload[1] ?? 0;
  const params: Record<string, number | boolean> = {};
  for (const k of req.policy.knobs) params[k.name] = req.params[k.name] ?? k.defaultValue;
  const { machine: _m, workload: _w, policy, ...request } = req;
  return {
    request: { ...request, policyName: policy.name },
    params,
    simulatedNs: exit.atNs,
    wallMs,
    events: 0,
    exit,
    counters: new Float64Array(COUNTERS),
    cpuStats: new Float64Array(ncpus * CPU_STATS),
    ncpus,
    cpuTypes: cpuTypesOf(req.machine),
    groupStats: new Float64Array(ngroups * GROUP_STATS),
    histograms: Array.from({ length: ngroups }, () =>
      Array.from({ length: HIST_METRICS }, emptyHistogram),
    ),
    taskStats: new Float64Array(0),
    ...(req.trace ? { trace: new ArrayBuffer(0) } : {}),
    ...(req.log ? { log: new ArrayBuffer(0) } : {}),
  };
}
