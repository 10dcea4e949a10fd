// The functions a policy module imports from the host. AssemblyScript imports only what the
// code uses (abort for anything that can fail, seed for Math.random, trace and console.* for
// debugging), so the import object is built from the module's own import list: a known name
// gets its handler, an unknown one a stub that stops the run with a clear reason when called.
import { readAsString } from "./memory.ts";

/** Thrown out of the module by `abort()` (an AS assertion, bounds check, `throw`, …). */
export class WasmAbort extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WasmAbort";
  }
}

/** Math.random is seeded with a constant so that runs are reproducible. */
export const MATH_RANDOM_SEED = 0x5eed;

export interface HostSink {
  /** trace() and console.* output of the policy. */
  debug(line: string): void;
}

export function hostImports(
  module: WebAssembly.Module,
  memory: () => WebAssembly.Memory | undefined,
  sink: HostSink,
): WebAssembly.Imports {
  const str = (ptr: number): string => {
    const mem = memory();
    return mem ? readAsString(mem, ptr) : `<string at ${ptr}>`;
  };
  const known: Record<string, (...args: number[]) => unknown> = {
    abort(msg, file, line, col) {
      const text = str(msg) || "abort";
      const where = file ? ` in ${str(file)}(${line}:${col})` : "";
      throw new WasmAbort(`${text}${where}`);
    },
    seed: () => MATH_RANDOM_SEED,
    trace(msg, n, ...args) {
      const shown = args.slice(0, Math.max(0, Math.min(n ?? 0, 5)));
      sink.debug(`trace: ${str(msg)}${shown.length ? ` ${shown.join(", ")}` : ""}`);
    },
    "Date.now": () => 0,
    "performance.now": () => 0,
  };
  for (const level of ["log", "debug", "info", "warn", "error"]) {
    known[`console.${level}`] = (msg) => sink.debug(str(msg as number));
  }
  const env: Record<string, WebAssembly.ImportValue> = {};
  const imports: WebAssembly.Imports = { env };
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.kind !== "function") {
      throw new Error(
        `the policy module imports ${imp.kind} ${imp.module}.${imp.name}, which the host does not provide`,
      );
    }
    const handler =
      imp.module === "env" && Object.hasOwn(known, imp.name)
        ? known[imp.name]
        : () => {
            throw new WasmAbort(
              `called ${imp.module}.${imp.name}, which the simulator does not provide`,
            );
          };
    imports[imp.module] ??= {};
    (imports[imp.module] as Record<string, WebAssembly.ImportValue>)[imp.name] =
      handler as WebAssembly.ImportValue;
  }
  return imports;
}
