// Workloads: what the rest of the host needs, in one import. A workload comes from a preset, a
// native JSON file or an rt-app file; it is checked, then encoded for one machine.

export { type EncodeMachine, encodeWorkload } from "./workloadEncode.ts";
export { loadWorkload } from "./workloadLoad.ts";
export { parseWorkload } from "./workloadParse.ts";
export { listWorkloads, presetJson } from "./workloads/index.ts";
export { type LoadedWorkload, parseWorkloadText } from "./workloadText.ts";
export type { Count, Dist, Step, WakeCount, Workload, WorkloadGroup } from "./workloadTypes.ts";

import type { Workload } from "./workloadTypes.ts";

/** The workload's own default duration in ns, or undefined (then the CLI's 10 s applies). */
export function workloadDurationNs(w: Workload): number | undefined {
  return w.durationNs;
}
