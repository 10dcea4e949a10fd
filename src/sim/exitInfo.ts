// How a run ended, as a RawExit: from the engine's exit information (the kernel's
// scx_exit_info), or from a trap or abort that unwound out of the module.
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

/** The ejection a trap causes: the callback that was running, at the simulated time it happened. */
export function exitFromTrap(err: Error, e: EngineExports, policyName: string): RawExit {
  // Abort locations name the file the compiler saw; show the user's name instead.
  const reason = err.message.replaceAll("policy.ts(", `${policyName}.ts(`);
  let callback: string | undefined;
  let atNs = 0;
  try {
    const id = e.abi_cur_callback();
    callback = callName(id);
    atNs = e.abi_now();
  } catch {
    // Engine state unreadable: leave the callback out.
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
