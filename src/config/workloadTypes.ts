// The workload after parsing: what a native file, a preset and an rt-app file all become, and
// what the encoder turns into the engine's numbers. Times are integer ns; random times are
// distributions drawn at every use; counts may still depend on the machine's CPU count.

import type { Dist } from "./distribution.ts";
import type { Count } from "./workloadCount.ts";

export type { Dist } from "./distribution.ts";
export type { Count } from "./workloadCount.ts";

export interface Workload {
  name: string;
  /** One line for `list workloads` and the UI. */
  description?: string;
  /** The workload's own default duration (`--duration` overrides it). */
  durationNs?: number;
  groups: WorkloadGroup[];
  /** Channel capacities in bytes, for channels given one; the rest get DEFAULT_CHANNEL_BYTES. */
  channels: Record<string, number>;
}

/** A Linux pipe holds 16 pages by default. */
export const DEFAULT_CHANNEL_BYTES = 65536;

export interface WorkloadGroup {
  name: string;
  /** Tasks created at `startNs`; for open-loop groups, tasks created per arrival. */
  count: Count;
  startNs: number;
  /** -20..19 */
  nice: number;
  /** Affinity: CPU ids; absent = every CPU. */
  cpus?: number[];
  /** Times each task runs `program`; -1 = forever. */
  loop: number;
  program: Step[];
  /** Open loop: a new batch of `count` tasks at every arrival. */
  arrivals?: { interval: Dist; limit: number /* -1 = unlimited */ };
  /** Capacity multiplier per CPU type name (`{"E": 0.8}`): this program's speed on that type. */
  speedup?: Record<string, number>;
}

/** `"all"` = every waiter / every suspended task at that instant. */
export type WakeCount = Count | "all";

export type Step =
  /** Work in ns on a reference core (capacity 1024, full speed): takes longer on slower CPUs. */
  | { op: "run"; work: Dist }
  /** Busy for wall-clock time, whatever the CPU's speed; time spent preempted counts. */
  | { op: "runtime"; time: Dist }
  | { op: "sleep"; time: Dist }
  | { op: "yield" }
  | { op: "wait"; event: string }
  /** `remember`: a signal that finds fewer waiters than `count` is kept for later waits. */
  | { op: "signal"; event: string; count: WakeCount; remember: boolean }
  /** Block until a `wake` addressed to this task's group picks this task. */
  | { op: "suspend" }
  | { op: "wake"; group: string; count: WakeCount; remember: boolean }
  | { op: "lock"; mutex: string }
  | { op: "unlock"; mutex: string }
  /** `parties` absent: the tasks of every group whose program names this barrier. */
  | { op: "barrier"; barrier: string; parties?: Count }
  /** Sleep to the next period boundary; `deadlineNs` 0 = the boundary itself. */
  | { op: "period"; period: Dist; deadlineNs: number }
  /** rt-app's timer: `ref` names a per-task timer shared by the steps that name it. */
  | { op: "timer"; period: Dist; mode: "relative" | "absolute"; ref: string }
  | { op: "spawn"; group: string; count: Count }
  | { op: "send"; channel: string; bytes: number }
  | { op: "recv"; channel: string; bytes: number }
  /** Unrolled when encoded: the engine sees `times` copies of `steps`. */
  | { op: "repeat"; times: number; steps: Step[] };

export type StepOp = Step["op"];
