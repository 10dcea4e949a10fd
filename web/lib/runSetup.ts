// From the playground's choices to what a run needs: the machine and the workload parsed,
// validated and encoded (cheap, on the page), ready to pair with a compiled policy.
import { type Machine, parseMachine } from "../../src/config/machine.ts";
import { MACHINE_PRESETS, presetNames } from "../../src/config/machinePresets.ts";
import { knobValues, runRequest } from "../../src/config/runRequest.ts";
import { presetJson, presetWorkload } from "../../src/config/workloads/index.ts";
import { parseWorkloadText } from "../../src/config/workloadText.ts";
import type { Workload } from "../../src/config/workloadTypes.ts";
import { lessonMachine, lessonWorkload } from "../../src/lessons/lessonRun.ts";
import type { CompiledPolicy, RunRequest } from "../../src/sim/types.ts";
import { type AppState, CUSTOM_WORKLOAD } from "./appState.ts";
import { lessonById } from "./lessons.ts";

const machines = new Map<string, Machine>();

export function machineNames(): string[] {
  return presetNames();
}

/** A machine preset, parsed once. Throws InputError for an unknown name. */
export function machinePreset(name: string): Machine {
  let m = machines.get(name);
  if (!m) {
    const file = MACHINE_PRESETS[name];
    if (file === undefined) throw new Error(`unknown machine "${name}"`);
    m = parseMachine(file, `preset ${name}`);
    machines.set(name, m);
  }
  return m;
}

/** The preset's JSON as a user would write it, pretty-printed (the custom editor's start). */
export function workloadPresetText(name: string): string {
  return `${JSON.stringify(presetJson(name) ?? { name: "custom", groups: [] }, null, 2)}\n`;
}

const lessonMachines = new Map<string, Machine>();

/** The machine a run of this state uses: the open lesson's, else the preset. */
export function stateMachine(state: Pick<AppState, "machine" | "lesson">): Machine {
  const lesson = state.lesson ? lessonById(state.lesson) : undefined;
  if (!lesson) return machinePreset(state.machine);
  let m = lessonMachines.get(lesson.id);
  if (!m) {
    m = lessonMachine(lesson);
    lessonMachines.set(lesson.id, m);
  }
  return m;
}

/** The workload the state names (the open lesson's, if any), checked against the machine. */
export function resolveWorkload(
  state: Pick<AppState, "workload" | "workloadJson"> & Partial<Pick<AppState, "lesson">>,
  ncpus: number,
): Workload {
  const lesson = state.lesson ? lessonById(state.lesson) : undefined;
  if (lesson) return lessonWorkload(lesson, ncpus);
  if (state.workload === CUSTOM_WORKLOAD) {
    return parseWorkloadText(state.workloadJson, { file: "custom workload", ncpus }).workload;
  }
  const w = presetWorkload(state.workload);
  if (!w) throw new Error(`unknown workload "${state.workload}"`);
  return w;
}

/** Everything but the policy: encoded once per run. */
export function buildRequest(state: AppState, policy: CompiledPolicy): RunRequest {
  const machine = stateMachine(state);
  return runRequest(policy, machine, resolveWorkload(state, machine.cpus.length), {
    // Knobs the policy no longer has are left out rather than failing the run.
    params: knobValues(policy, state.knobs),
    seed: state.seed,
    durationNs: state.durationNs,
    trace: true,
    // 4 Mi records (128 MiB) is plenty for the timeline of an interactive run.
    limits: { traceRecords: 1 << 22 },
  });
}

/** "machine raspberry-pi-5 (4 CPUs) · workload hogs-and-clicks", or why the setup is invalid. */
export function setupLabel(state: AppState): string {
  try {
    const m = stateMachine(state);
    const w = resolveWorkload(state, m.cpus.length);
    return `machine ${m.name} (${m.cpus.length} CPUs) · workload ${w.name}`;
  } catch (e) {
    return (e as Error).message;
  }
}
