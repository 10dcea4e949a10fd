// How a run ended, as a RawExit: from the engine's exit information (the kernel's
// scx_exit_info), or from a trap or abort that unwound out of the module.
import { BUDGET_EXPORTS } from "../compile/budget.ts";
import { policyLineOfStack } from "../compile/budgetLines.ts";
import { callName } from "./callIds.ts";
import type { EngineExports } from "./engineExports.ts";
import { WasmAbort } from "./hostImports.ts";
import { readAsString } from "./memory.ts";
import type { RawExit } from "./types.ts";

export const EXIT_NONE = 0;
export const EXIT_DONE = 1;
export const EXIT_ERROR = 1024;

/** Kinds below SCX_EXIT_ERROR (done, unregistered by scx_bpf_exit, …) end a run normally. */
export function exitKindName(code: number): RawExit["kind"] {
  return code >= EXIT_ERROR ? "ejected" : "done";
}

export function exitFromEngine(e: EngineExports, initFailed = false): RawExit {
  const code = e.abi_exit_kind();
  if (code === EXIT_NONE) {
    if (initFailed) {
      return {
        kind: "ejected",
        code: EXIT_ERROR,
        reason: "ops.init() failed",
        callback: "ops.init",
        atNs: e.abi_now(),
      };
    }
    // The run reached its duration (or ran out of events) with the scheduler still loaded.
    return { kind: "done", code: EXIT_DONE, reason: "", atNs: e.abi_now() };
  }
  const kernelReason = readAsString(e.memory, e.abi_exit_reason());
  const message = readAsString(e.memory, e.abi_exit_msg());
  const reason = message ? (kernelReason ? `${kernelReason}: ${message}` : message) : kernelReason;
  const callback = callName(e.abi_exit_callback());
  return {
    kind: exitKindName(code),
    code,
    reason,
    ...(message ? { message } : {}),
    ...(callback ? { callback } : {}),
    atNs: e.abi_exit_at(),
  };
}

/** A wasm trap, an AS abort, or a stack overflow: the policy (or engine) code failed. */
export function isTrap(err: unknown): err is Error {
  if (err instanceof WebAssembly.RuntimeError || err instanceof WasmAbort) return true;
  // V8 reports wasm stack exhaustion as a RangeError; other RangeErrors are host bugs.
  return err instanceof RangeError && /call stack|too much recursion/i.test(err.message);
}

/** What a trap report may use besides the engine: the build's handles and the run's limits. */
export interface TrapContext {
  /** The module's bytes, for the policy's line table (src/compile/budgetLines.ts). */
  wasm?: Uint8Array;
  /** The budget per callback and the memory limit the run had. */
  budget?: number;
  memoryMiB?: number;
}

/**
 * The ejection a trap causes: the callback that was running, at the simulated time it happened,
 * and why — the budget or the memory limit when the instrumentation says so, else the trap's
 * own message — with the policy's source line when the stack passes through the policy's code.
 */
export function exitFromTrap(
  err: Error,
  e: EngineExports,
  policyName: string,
  ctx: TrapContext = {},
): RawExit {
  let callback: string | undefined;
  let atNs = 0;
  try {
    callback = callbackName(e.abi_cur_callback());
    atNs = e.abi_now();
  } catch {
    // Engine state unreadable: leave the callback out.
  }
  // The instrumented module's handles (src/compile/budget.ts); a build without them has none.
  const x = e as unknown as Partial<Record<string, () => number>>;
  const budgetLeft = x[BUDGET_EXPORTS.budgetLeft];
  const memoryRefused = x[BUDGET_EXPORTS.memoryRefused];
  let reason: string;
  if (budgetLeft && safeCall(budgetLeft) < 0) {
    const who = callback ?? "the policy's top-level code";
    reason = `${who} exceeded its budget of ${ctx.budget ?? "?"} loop iterations and calls`;
  } else if (
    // The allocator traps with `unreachable` when the memory it asked for was refused.
    err instanceof WebAssembly.RuntimeError &&
    err.message === "unreachable" &&
    memoryRefused &&
    safeCall(memoryRefused) === 1
  ) {
    const who = callback ?? "the simulation";
    reason = `${who} exceeded its memory limit of ${ctx.memoryMiB ?? "?"} MiB`;
  } else {
    // Abort locations name the file the compiler saw; show the user's name instead.
    reason = err.message.replaceAll("policy.ts(", `${policyName}.ts(`);
  }
  // An abort in the policy's own code already names its line (`name.ts(12:5)`).
  if (ctx.wasm && !reason.includes(`${policyName}.ts(`)) {
    const at = safely(() => policyLineOfStack(ctx.wasm as Uint8Array, err));
    if (at) reason += ` at ${policyName}.ts:${at.line}:${at.column}`;
  }
  return {
    kind: "ejected",
    code: EXIT_ERROR,
    reason,
    message: reason,
    ...(callback ? { callback } : {}),
    atNs,
  };
}

/** Id 21 is not an op but a policy's BPF timer callback (docs/internals.md "Call ids"). */
const OP_BPF_TIMER = 21;

function callbackName(id: number): string | undefined {
  return id === OP_BPF_TIMER ? "bpf_timer callback" : callName(id);
}

function safeCall(f: () => number): number {
  return safely(f) ?? 0;
}

/** A report must not fail for want of a detail. */
function safely<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}
