// `npm run build:wasm` (scripts/build-wasm.ts): compiles every assembly/policies/*.ts to
// build/wasm/NAME.wasm + NAME.json in one process (one compiler load for all of them),
// skipping the ones whose stored hash matches their sources.
import { existsSync } from "node:fs";
import { compileFlags, compilePolicySource } from "./compilePolicy.ts";
import { buildHash } from "./hash.ts";
import {
  ascVersion,
  builtinPolicyNames,
  builtinPolicySource,
  engineSources,
  loadAsc,
} from "./index.ts";
import { builtWasmDir, engineDir } from "./paths.node.ts";
import { readStored, writeStored } from "./store.node.ts";

export interface BuildOptions {
  /** Where NAME.wasm/NAME.json go; default build/wasm/. */
  outDir?: string;
  /** Rebuild even when up to date. */
  force?: boolean;
  /** One line per policy; default console.log. */
  log?: (line: string) => void;
}

/** Returns the names it (re)built. A policy that fails to compile fails the build. */
export default async function buildBuiltins(opts: BuildOptions = {}): Promise<string[]> {
  const outDir = opts.outDir ?? builtWasmDir;
  const log = opts.log ?? ((line: string) => console.log(line));
  if (!existsSync(`${engineDir}index.ts`) || !existsSync(`${engineDir}abi.ts`)) {
    log("build:wasm: the engine (assembly/scx/index.ts, abi.ts) is not there yet; nothing built");
    return [];
  }
  const flags = compileFlags(true);
  const engine = engineSources();
  const version = ascVersion();
  const built: string[] = [];
  for (const name of builtinPolicyNames()) {
    const source = builtinPolicySource(name);
    const hash = await buildHash(source, engine, flags, version);
    if (!opts.force && readStored(outDir, name, hash, source)) {
      log(`  ${name.padEnd(16)} up to date`);
      continue;
    }
    const t0 = performance.now();
    const asc = await loadAsc();
    const policy = await compilePolicySource(asc, source, name, engine, { release: true });
    writeStored(outDir, name, policy, flags, asc.version);
    const kb = (policy.wasm.byteLength / 1024).toFixed(1);
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    log(`  ${name.padEnd(16)} built ${kb} KB in ${s} s`);
    built.push(name);
  }
  return built;
}

export { buildBuiltins };
