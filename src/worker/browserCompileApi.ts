// What the browser's compiler worker (./browserCompile.worker.ts) offers over comlink. Failures
// travel as values: comlink would rebuild a thrown PolicyCompileError as a plain Error.
import type { CompileDiagnostic } from "../compile/PolicyCompileError.ts";
import type { CompiledPolicy } from "../sim/types.ts";

export type BrowserCompileOutcome =
  | { ok: true; policy: CompiledPolicy; ms: number }
  | {
      ok: false;
      message: string;
      /** Errors located in the policy file. */
      diagnostics: CompileDiagnostic[];
      /** Errors elsewhere (engine files, no location). */
      otherDiagnostics: CompileDiagnostic[];
    };

export interface BrowserCompileApi {
  /** Loads the compiler and compiles `source` once, so that the next compile is fast. Returns ms. */
  warmup(source: string): Promise<number>;
  /** Compiles a policy with the engine (debug build: -O1, bounds checks on). */
  compile(source: string, name: string): Promise<BrowserCompileOutcome>;
}
