// One rt-app thread → one group: `instance` tasks that run the thread's phases in order, each
// phase `loop` times, the whole sequence `loop` times (thread default -1 = until the end).

import type { FieldPath } from "../workloadFieldError.ts";
import type { Step, WorkloadGroup } from "../workloadTypes.ts";
import type { RtContext } from "./context.ts";
import { convertEvent, eventOf, type RtEvent, type ThreadInfo } from "./events.ts";
import { niceFor, type RtPolicy, readPolicy } from "./policy.ts";
import type { RtEntry, RtObject } from "./tree.ts";

const NOT_SIMULATED: Record<string, string> = {
  "dl-runtime": "not simulated (SCHED_DEADLINE runtime / custom slice)",
  "dl-period": "not simulated (SCHED_DEADLINE period)",
  "dl-deadline": "not simulated (SCHED_DEADLINE deadline)",
  period: "not simulated (legacy SCHED_DEADLINE period)",
  deadline: "not simulated (legacy SCHED_DEADLINE deadline)",
  util_min: "not simulated (uclamp)",
  util_max: "not simulated (uclamp)",
  taskgroup: "not simulated (cgroups)",
  nodes_membind: "not simulated (NUMA memory binding)",
};
const PER_PHASE_PROPS = new Set(["policy", "priority", "cpus"]);
const LEGACY = new Set(["exec", "lock_order", "resources"]);

export interface ThreadResult {
  group?: WorkloadGroup;
  info: ThreadInfo;
}

export function convertThread(
  ctx: RtContext,
  name: string,
  node: RtObject,
  path: FieldPath,
  defaultPolicy: RtPolicy,
): ThreadResult {
  const info: ThreadInfo = { name, instances: 1, barriers: [], forks: [] };
  let policy = defaultPolicy;
  let policyPath: FieldPath = ["global", "default_policy"];
  let priority: number | undefined;
  let loop = -1;
  let startNs = 0;
  let cpus: number[] | undefined;
  let phasesEntry: RtEntry | undefined;
  const inline: { entry: RtEntry; event: RtEvent }[] = [];

  // `instance` first: timers warn about sharing across instances.
  for (const e of node.entries)
    if (e.key === "instance") info.instances = ctx.int(e.value, [...path, e.key], 0);

  for (const e of node.entries) {
    const p = [...path, e.key];
    if (e.key === "instance") continue;
    else if (e.key === "loop") loop = readLoop(ctx, e, p);
    else if (e.key === "delay") startNs = ctx.micros(e.value, p);
    else if (e.key === "policy") {
      policy = readPolicy(ctx, ctx.string(e.value, p), p);
      policyPath = p;
    } else if (e.key === "priority") priority = ctx.int(e.value, p);
    else if (e.key === "cpus") cpus = readCpus(ctx, e, p);
    else if (e.key === "phases") phasesEntry = e;
    else if (e.key in NOT_SIMULATED) ctx.warn(p, NOT_SIMULATED[e.key] as string);
    else if (LEGACY.has(e.key))
      ctx.fail(
        p,
        "the legacy rt-app format (exec, period, lock_order, resources) is not supported; use events (run, sleep, lock, …)",
      );
    else {
      const event = eventOf(e.key);
      if (event) inline.push({ entry: e, event });
      else ctx.warn(p, "unknown key, ignored");
    }
  }

  const phases: { loop: number; steps: Step[] }[] = [];
  if (phasesEntry) {
    const phasesPath = [...path, "phases"];
    for (const { entry } of inline)
      ctx.warn(
        [...path, entry.key],
        "ignored: the thread has phases, and rt-app then ignores events outside them",
      );
    for (const ph of ctx.object(phasesEntry.value, phasesPath).entries) {
      const p = [...phasesPath, ph.key];
      const phase = convertPhase(ctx, ctx.object(ph.value, p), p, info);
      if (phase.steps.length === 0) ctx.warn(p, "no events to simulate; phase skipped");
      else phases.push(phase);
    }
  } else {
    const steps = inline.flatMap(({ entry, event }) =>
      convertEvent(ctx, entry, event, [...path, entry.key], info),
    );
    if (steps.length > 0) phases.push({ loop: 1, steps });
  }

  if (phases.length === 0) {
    ctx.warn(path, "no events to simulate; thread not created");
    return { info };
  }

  const nice = niceFor(ctx, policy, priority, {
    policy: policyPath,
    priority: [...path, "priority"],
  });
  const group: WorkloadGroup = { name, count: info.instances, startNs, nice, loop, program: [] };
  if (cpus) group.cpus = cpus;
  if (phases.length === 1) {
    // One phase: its loop folds into the thread's, so nothing needs unrolling.
    const only = phases[0] as (typeof phases)[number];
    group.loop = loop === -1 || only.loop === -1 ? -1 : loop * only.loop;
    group.program = only.steps;
  } else {
    phases.forEach((ph, i) => {
      if (ph.loop === -1) {
        ctx.warn(
          [...path, "phases"],
          `phase ${i + 1} loops forever (-1) but is not the only phase; simulated once per thread loop`,
        );
      }
    });
    group.program = phases.flatMap((ph) =>
      ph.loop <= 1 ? ph.steps : [{ op: "repeat", times: ph.loop, steps: ph.steps }],
    );
  }
  return { group, info };
}

function convertPhase(
  ctx: RtContext,
  node: RtObject,
  path: FieldPath,
  info: ThreadInfo,
): { loop: number; steps: Step[] } {
  let loop = 1;
  const steps: Step[] = [];
  for (const e of node.entries) {
    const p = [...path, e.key];
    if (e.key === "loop") loop = readLoop(ctx, e, p);
    else if (PER_PHASE_PROPS.has(e.key))
      ctx.warn(p, "per-phase value not simulated; the thread-level value applies to every phase");
    else if (e.key in NOT_SIMULATED) ctx.warn(p, NOT_SIMULATED[e.key] as string);
    else if (e.key === "delay" || e.key === "instance" || e.key === "phases") {
      ctx.warn(p, "misplaced: only valid on a thread; rt-app ignores it here");
    } else {
      const event = eventOf(e.key);
      if (event) steps.push(...convertEvent(ctx, e, event, p, info));
      else ctx.warn(p, "unknown key, ignored");
    }
  }
  return { loop, steps };
}

function readLoop(ctx: RtContext, e: RtEntry, p: FieldPath): number {
  const n = ctx.int(e.value, p);
  if (n !== -1 && n < 1) ctx.fail(p, `expected -1 (forever) or a count >= 1, got ${n}`, e.value);
  return n;
}

// A file written for one board names its CPUs; on a smaller machine the missing ones are dropped.
function readCpus(ctx: RtContext, e: RtEntry, p: FieldPath): number[] | undefined {
  const ids = [...new Set(ctx.intList(e.value, p))];
  if (ctx.ncpus === undefined) return ids;
  const kept = ids.filter((id) => id < (ctx.ncpus as number));
  if (kept.length < ids.length) {
    const gone = ids.filter((id) => id >= (ctx.ncpus as number));
    ctx.warn(
      p,
      `CPU ${gone.join(", ")} not on this ${ctx.ncpus}-CPU machine; ${kept.length ? "dropped from the affinity" : "the thread may run on any CPU"}`,
    );
  }
  return kept.length ? kept : undefined;
}
