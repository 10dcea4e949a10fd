// Preparing a fresh engine instance for a run, shared by whole runs (./run.ts) and step mode
// (./stepper.ts): the safety limits before any of the module's code runs, then the machine and
// workload encodings and the group names before abi_start.
import { BUDGET_EXPORTS } from "../compile/budget.ts";
import { InputError } from "../errors.ts";
import { type EngineExports, SETUP_FALLBACK, SETUP_LOG, SETUP_TRACE } from "./engineExports.ts";
import type { ResolvedLimits } from "./limits.ts";
import { readAsString, writeF64s, writeUtf16 } from "./memory.ts";
import type { RunRequest } from "./types.ts";

/** The instrumented module's handles (src/compile/budget.ts); builds without them have none. */
export type SafetyExports = Partial<
  Record<(typeof BUDGET_EXPORTS)[keyof typeof BUDGET_EXPORTS], (...a: number[]) => number>
>;

/** The budget of each callback and the memory limit, set before any code of the module runs. */
export function applyLimits(e: EngineExports, limits: ResolvedLimits): void {
  const x = e as unknown as SafetyExports;
  x[BUDGET_EXPORTS.setBudget]?.(limits.budget);
  x[BUDGET_EXPORTS.setMemoryLimit]?.(limits.memoryMiB * 16); // 64 KiB pages
}

/** Copies the encodings into the module, calls abi_setup and names the groups. */
export function setupEngine(e: EngineExports, req: RunRequest): void {
  // Allocate both before writing: an allocation may grow memory and detach views.
  const machPtr = e.abi_alloc(req.machine.byteLength);
  const wlPtr = e.abi_alloc(req.workload.byteLength);
  writeF64s(e.memory, machPtr, req.machine);
  writeF64s(e.memory, wlPtr, req.workload);
  const flags =
    (req.trace ? SETUP_TRACE : 0) | (req.log ? SETUP_LOG : 0) | (req.fallback ? SETUP_FALLBACK : 0);
  const rc = e.abi_setup(
    machPtr,
    req.machine.length,
    wlPtr,
    req.workload.length,
    req.seed,
    req.durationNs,
    req.policy.opsMask,
    flags,
  );
  if (rc !== 0) {
    const msg = readAsString(e.memory, e.abi_exit_msg()) || `code ${rc}`;
    throw new InputError(`the simulator rejected the run: ${msg}`);
  }
  nameGroups(e, req.groupNames);
}

/** Tasks carry their group's name as comm (the kernel's stall message names `comm[pid]`). */
function nameGroups(e: EngineExports, names: string[]): void {
  if (!e.abi_set_group_name) return;
  names.forEach((name, g) => {
    if (name.length === 0) return;
    const ptr = e.abi_alloc(name.length * 2);
    writeUtf16(e.memory, ptr, name);
    e.abi_set_group_name?.(g, ptr, name.length);
  });
}
