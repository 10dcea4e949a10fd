// Visiting every step of a workload with its field path, through `repeat` blocks, so that checks
// and the encoder report a problem at `groups[1].program[2].steps[0].wake`.

import type { FieldPath } from "./workloadFieldError.ts";
import type { Step, Workload, WorkloadGroup } from "./workloadTypes.ts";

export interface StepVisit {
  step: Step;
  group: WorkloadGroup;
  groupIndex: number;
  path: FieldPath;
}

export function* walkSteps(w: Workload): Generator<StepVisit> {
  for (const [groupIndex, group] of w.groups.entries()) {
    yield* walkProgram(group.program, ["groups", groupIndex, "program"], group, groupIndex);
  }
}

function* walkProgram(
  steps: Step[],
  base: FieldPath,
  group: WorkloadGroup,
  groupIndex: number,
): Generator<StepVisit> {
  for (const [i, step] of steps.entries()) {
    const path = [...base, i];
    yield { step, group, groupIndex, path };
    if (step.op === "repeat") yield* walkProgram(step.steps, [...path, "steps"], group, groupIndex);
  }
}

/** Engine ops a program becomes once its `repeat` blocks are unrolled. */
export function unrolledLength(steps: Step[]): number {
  let n = 0;
  for (const s of steps) n += s.op === "repeat" ? s.times * unrolledLength(s.steps) : 1;
  return n;
}
