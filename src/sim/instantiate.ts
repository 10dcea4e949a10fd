// One fresh instance per run (the minimal runtime's heap and the engine's globals start clean),
// but one compiled WebAssembly.Module per policy build: V8 keeps tiered-up code per module, so
// the runs of a benchmark after the first start fast.

import { asEngineExports, type EngineExports } from "./engineExports.ts";
import { type HostSink, hostImports } from "./hostImports.ts";
import type { CompiledPolicy } from "./types.ts";

const MAX_CACHED_MODULES = 16;
const modules = new Map<string, Promise<WebAssembly.Module>>();

export function compiledModule(
  policy: Pick<CompiledPolicy, "hash" | "wasm">,
): Promise<WebAssembly.Module> {
  let m = modules.get(policy.hash);
  if (m) {
    // Refresh its place in the insertion order: the map doubles as an LRU list.
    modules.delete(policy.hash);
  } else {
    m = WebAssembly.compile(policy.wasm.slice());
    m.catch(() => modules.delete(policy.hash));
  }
  modules.set(policy.hash, m);
  while (modules.size > MAX_CACHED_MODULES) modules.delete(modules.keys().next().value as string);
  return m;
}

/**
 * Instantiates without running the module's top-level code: the build exports it as `_start`
 * (--exportStart) so that an abort there can already read its message from memory and a trap
 * there becomes an ejection like any other. The caller calls `_start()` first.
 */
export async function instantiatePolicyModule(
  module: WebAssembly.Module,
  sink: HostSink,
): Promise<WebAssembly.Instance> {
  let memory: WebAssembly.Memory | undefined;
  const imports = hostImports(module, () => memory, sink);
  const instance = await WebAssembly.instantiate(module, imports);
  const mem = instance.exports.memory;
  if (mem instanceof WebAssembly.Memory) memory = mem;
  return instance;
}

/** An instance with the whole engine ABI checked. */
export async function instantiateEngine(
  module: WebAssembly.Module,
  sink: HostSink,
): Promise<EngineExports> {
  return asEngineExports((await instantiatePolicyModule(module, sink)).exports);
}
