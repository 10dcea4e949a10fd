// Scheduling classes. The playground simulates the sched_ext class only, so every rt-app thread
// becomes a sched_ext task: SCHED_OTHER keeps its nice value, and the other policies get the
// nearest weight with a warning that says what is lost.

import type { FieldPath } from "../workloadFieldError.ts";
import type { RtContext } from "./context.ts";

const POLICIES = [
  "SCHED_OTHER",
  "SCHED_BATCH",
  "SCHED_IDLE",
  "SCHED_RR",
  "SCHED_FIFO",
  "SCHED_DEADLINE",
] as const;
export type RtPolicy = (typeof POLICIES)[number];

export function readPolicy(ctx: RtContext, value: string, path: FieldPath): RtPolicy {
  const p = value.toUpperCase().startsWith("SCHED_")
    ? value.toUpperCase()
    : `SCHED_${value.toUpperCase()}`;
  if (!(POLICIES as readonly string[]).includes(p)) {
    ctx.fail(path, `unknown policy "${value}" (expected one of ${POLICIES.join(", ")})`);
  }
  return p as RtPolicy;
}

/**
 * The nice value a thread runs at. `priority` is a nice value for OTHER/BATCH/IDLE and an RT
 * priority for FIFO/RR (rt-app.md §2).
 */
export function niceFor(
  ctx: RtContext,
  policy: RtPolicy,
  priority: number | undefined,
  paths: { policy: FieldPath; priority: FieldPath },
): number {
  switch (policy) {
    case "SCHED_OTHER":
      return checkNice(ctx, priority ?? 0, paths.priority);
    case "SCHED_BATCH":
      ctx.warn(
        paths.policy,
        "SCHED_BATCH runs as SCHED_OTHER (a sched_ext policy sees no difference here)",
      );
      return checkNice(ctx, priority ?? 0, paths.priority);
    case "SCHED_IDLE":
      ctx.warn(
        paths.policy,
        "SCHED_IDLE not simulated; runs as SCHED_OTHER at nice 19, the lowest weight",
      );
      return 19;
    case "SCHED_FIFO":
    case "SCHED_RR":
      ctx.warn(
        paths.policy,
        `${policy} not simulated (real-time class above sched_ext); runs as a sched_ext task at nice -20`,
      );
      return -20;
    case "SCHED_DEADLINE":
      ctx.warn(
        paths.policy,
        "SCHED_DEADLINE not simulated (deadline class above sched_ext); runs as a sched_ext task at nice 0",
      );
      return 0;
  }
}

function checkNice(ctx: RtContext, nice: number, path: FieldPath): number {
  if (nice < -20 || nice > 19) ctx.fail(path, `expected a nice value in -20..19, got ${nice}`);
  return nice;
}
