// What a lesson runs: its machine and workload (presets or files of its folder) resolved,
// validated and encoded into a RunRequest for a compiled policy — the same in Node and in the
// browser.
import { type Machine, parseMachine } from "../config/machine.ts";
import { MACHINE_PRESETS } from "../config/machinePresets.ts";
import { knobValues, runRequest } from "../config/runRequest.ts";
import { presetWorkload } from "../config/workloads/index.ts";
import { parseWorkloadText } from "../config/workloadText.ts";
import type { Workload } from "../config/workloadTypes.ts";
import { InputError } from "../errors.ts";
import type { CompiledPolicy, RunRequest } from "../sim/types.ts";
import type { Lesson } from "./lesson.ts";

export function lessonMachine(lesson: Pick<Lesson, "id" | "machine">): Machine {
  const m = lesson.machine;
  if ("preset" in m) {
    const json = MACHINE_PRESETS[m.preset];
    if (json === undefined) {
      throw new InputError(`unknown machine preset "${m.preset}"`, {
        file: `lessons/${lesson.id}/lesson.md`,
        field: "machine",
      });
    }
    return parseMachine(json, `preset ${m.preset}`);
  }
  return parseMachine(m.json, `lessons/${lesson.id}/${m.file}`);
}

export function lessonWorkload(lesson: Pick<Lesson, "id" | "workload">, ncpus: number): Workload {
  const w = lesson.workload;
  if ("preset" in w) {
    const p = presetWorkload(w.preset);
    if (!p) {
      throw new InputError(`unknown workload preset "${w.preset}"`, {
        file: `lessons/${lesson.id}/lesson.md`,
        field: "workload",
      });
    }
    return p;
  }
  return parseWorkloadText(w.text, { file: `lessons/${lesson.id}/${w.file}`, ncpus }).workload;
}

/** A run of `policy` on the lesson's machine and workload, for its duration and seed. */
export function lessonRequest(
  lesson: Lesson,
  policy: CompiledPolicy,
  opts: { trace?: boolean; log?: boolean } = {},
): RunRequest {
  const machine = lessonMachine(lesson);
  return runRequest(policy, machine, lessonWorkload(lesson, machine.cpus.length), {
    params: knobValues(policy, lesson.params),
    seed: lesson.seed,
    durationNs: lesson.durationNs,
    ...(opts.trace ? { trace: true } : {}),
    ...(opts.log ? { log: true } : {}),
  });
}
