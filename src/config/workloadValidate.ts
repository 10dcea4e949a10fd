// Checks that need the whole workload (or the machine) rather than one field: names that must
// exist or be unique, barrier sizes that must agree, messages that must fit their pipe, CPU ids
// that must exist, and a program size the engine can hold.

import { InputError } from "../errors.ts";
import { formatCount, resolveCount } from "./workloadCount.ts";
import type { FieldPath } from "./workloadFieldError.ts";
import { formatFieldPath } from "./workloadFieldError.ts";
import { DEFAULT_CHANNEL_BYTES, type Step, type Workload } from "./workloadTypes.ts";
import { unrolledLength, walkSteps } from "./workloadWalk.ts";

/** Engine ops per workload after unrolling `repeat` (8 MB of encoding per million). */
export const MAX_OPS = 1_000_000;

export interface ValidateOptions {
  file?: string;
  /** When known, CPU ids and `ncpus` counts are checked against the machine. */
  ncpus?: number;
}

export function validateWorkload(w: Workload, opts: ValidateOptions = {}): void {
  const fail = (message: string, path: FieldPath): never => {
    throw new InputError(message, { file: opts.file, field: formatFieldPath(path) });
  };

  const groupIndex = new Map<string, number>();
  for (const [i, g] of w.groups.entries()) {
    const other = groupIndex.get(g.name);
    if (other !== undefined)
      fail(`duplicate group name "${g.name}" (also groups[${other}].name)`, ["groups", i, "name"]);
    groupIndex.set(g.name, i);
    checkCpus(g.cpus ?? [], opts.ncpus, (message, j) => fail(message, ["groups", i, "cpus", j]));
  }

  // A program that loops forever must let time pass or wait for something somewhere, or the
  // simulation would spin at one instant (a yield, a signal or a spawn alone takes no time).
  for (const [i, g] of w.groups.entries()) {
    if (g.loop === -1 && !takesTime(g.program))
      fail(
        "a program that loops forever needs a step that takes time or waits (run, runtime, sleep, period, timer, wait, suspend, lock, barrier, send or recv)",
        ["groups", i, "program"],
      );
  }

  let ops = 0;
  for (const g of w.groups) ops += unrolledLength(g.program);
  if (ops > MAX_OPS)
    fail(`the programs unroll to ${ops} steps; at most ${MAX_OPS} are allowed (use group "loop")`, [
      "groups",
    ]);

  const parties = new Map<string, { count: string; path: FieldPath }>();
  const known = [...groupIndex.keys()].join(", ");
  for (const { step, path } of walkSteps(w)) {
    switch (step.op) {
      case "wake":
      case "spawn":
        if (!groupIndex.has(step.group))
          fail(`no group named "${step.group}" (groups: ${known})`, [...path, step.op]);
        break;
      case "send":
      case "recv": {
        const capacity = w.channels[step.channel] ?? DEFAULT_CHANNEL_BYTES;
        if (step.bytes > capacity) {
          fail(
            `${step.bytes} bytes do not fit channel "${step.channel}" (capacity ${capacity} bytes)`,
            [...path, "bytes"],
          );
        }
        break;
      }
      case "barrier": {
        if (step.parties === undefined) break;
        const mine = formatCount(step.parties);
        const seen = parties.get(step.barrier);
        if (seen && seen.count !== mine) {
          fail(
            `barrier "${step.barrier}" has ${mine} parties here but ${seen.count} at ${formatFieldPath(seen.path)}`,
            [...path, "parties"],
          );
        }
        parties.set(step.barrier, { count: mine, path: [...path, "parties"] });
        break;
      }
    }
  }
}

function checkCpus(
  cpus: number[],
  ncpus: number | undefined,
  fail: (message: string, j: number) => never,
): void {
  const seen = new Set<number>();
  for (const [j, id] of cpus.entries()) {
    if (seen.has(id)) fail(`CPU ${id} is listed twice`, j);
    seen.add(id);
    if (ncpus !== undefined && id >= ncpus) {
      fail(
        `CPU ${id} does not exist: the machine has ${ncpus} CPU${ncpus === 1 ? "" : "s"} (ids 0..${ncpus - 1})`,
        j,
      );
    }
  }
}

/** Barrier sizes on a machine: the explicit `parties`, else the tasks of the groups that use it. */
export function barrierParties(w: Workload, ncpus: number): Map<string, number> {
  const explicit = new Map<string, number>();
  const users = new Map<string, Set<number>>();
  for (const { step, groupIndex } of walkSteps(w)) {
    if (step.op !== "barrier") continue;
    if (step.parties !== undefined) explicit.set(step.barrier, resolveCount(step.parties, ncpus));
    const set = users.get(step.barrier) ?? new Set<number>();
    set.add(groupIndex);
    users.set(step.barrier, set);
  }
  const out = new Map<string, number>();
  for (const [barrier, groups] of users) {
    let n = 0;
    for (const gi of groups) {
      const g = w.groups[gi];
      if (g && !g.arrivals) n += resolveCount(g.count, ncpus);
    }
    out.set(barrier, explicit.get(barrier) ?? n);
  }
  return out;
}

const TIME_OR_WAIT = new Set([
  "run",
  "runtime",
  "sleep",
  "period",
  "timer",
  "wait",
  "suspend",
  "lock",
  "barrier",
  "send",
  "recv",
]);

/** Does the program contain a step that lets simulated time pass or may block? */
function takesTime(steps: readonly Step[]): boolean {
  return steps.some((s) => (s.op === "repeat" ? takesTime(s.steps) : TIME_OR_WAIT.has(s.op)));
}
