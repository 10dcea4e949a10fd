// Node entry of policy loading: built-in policies by name (prebuilt build/wasm/NAME.wasm when it
// matches the sources, else compiled), user files by path (compiled in memory, cached by
// content under .cache/policies/). The compiler is imported once, lazily: it costs ~1–1.5 s.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { InputError } from "../errors.ts";
import type { CompiledPolicy } from "../sim/types.ts";
import { type Asc, compileFlags, compilePolicySource } from "./compilePolicy.ts";
import { readEngineSources } from "./engineSources.node.ts";
import { buildHash } from "./hash.ts";
import { builtinPoliciesDir, builtWasmDir, policyCacheDir } from "./paths.node.ts";
import { policyDescription } from "./scanOps.ts";
import type { EngineSources } from "./sources.ts";
import { readStored, writeStored } from "./store.node.ts";

export type { CompileDiagnostic } from "./PolicyCompileError.ts";
export { PolicyCompileError } from "./PolicyCompileError.ts";

let ascP: Promise<Asc> | null = null;

/** The AssemblyScript compiler, imported on first use and shared by the whole process. */
export function loadAsc(): Promise<Asc> {
  ascP ??= import("assemblyscript/asc");
  return ascP;
}

/** The compiler's version without importing it (for build hashes). */
export function ascVersion(): string {
  const pkg = new URL(import.meta.resolve("assemblyscript/package.json"));
  return (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
}

/** The engine sources, read once per process. */
let engineCache: EngineSources | null = null;
export function engineSources(): EngineSources {
  engineCache ??= readEngineSources();
  return engineCache;
}

/** Names of assembly/policies/*.ts, `simple` first (the one to start from), then alphabetical. */
export function builtinPolicyNames(): string[] {
  if (!existsSync(builtinPoliciesDir)) return [];
  const names = readdirSync(builtinPoliciesDir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => f.slice(0, -3))
    .sort();
  return names.includes("simple") ? ["simple", ...names.filter((n) => n !== "simple")] : names;
}

export function builtinPolicySource(name: string): string {
  return readFileSync(resolve(builtinPoliciesDir, `${name}.ts`), "utf8");
}

export function listBuiltinPolicies(): { name: string; description: string }[] {
  return builtinPolicyNames().map((name) => ({
    name,
    description: policyDescription(builtinPolicySource(name)),
  }));
}

export interface LoadOptions {
  /** Default true: the optimized build the CLI runs. Tests pass false for bounds checks. */
  release?: boolean;
}

/** A built-in policy by name, or a `.ts` file by path. */
export async function loadPolicy(
  nameOrFile: string,
  opts: LoadOptions = {},
): Promise<CompiledPolicy> {
  const release = opts.release ?? true;
  if (nameOrFile.endsWith(".ts")) return loadPolicyFile(nameOrFile, release);
  const names = builtinPolicyNames();
  if (!names.includes(nameOrFile)) {
    const known = names.length > 0 ? names.join(", ") : "(none built in yet)";
    throw new InputError(
      `unknown policy "${nameOrFile}"; built-in policies: ${known}; or give a path to a .ts file`,
    );
  }
  const source = builtinPolicySource(nameOrFile);
  const hash = await buildHash(source, engineSources(), compileFlags(release), ascVersion());
  // The prebuilt modules are release builds (npm run build:wasm); the hash covers the flags.
  const prebuilt = readStored(builtWasmDir, nameOrFile, hash, source);
  if (prebuilt) return prebuilt;
  return compileCached(source, nameOrFile, `${nameOrFile}.ts`, hash, release);
}

async function loadPolicyFile(path: string, release: boolean): Promise<CompiledPolicy> {
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch (e) {
    const why =
      (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message;
    throw new InputError(`cannot read policy file: ${why}`, { file: path });
  }
  const fileName = basename(path);
  const name = fileName.slice(0, -3);
  const hash = await buildHash(source, engineSources(), compileFlags(release), ascVersion());
  return compileCached(source, name, fileName, hash, release);
}

async function compileCached(
  source: string,
  name: string,
  fileName: string,
  hash: string,
  release: boolean,
): Promise<CompiledPolicy> {
  const cached = readStored(policyCacheDir, hash, hash, source);
  // The cache is keyed by content only: the same file under another name is the same build.
  if (cached) return { ...cached, name };
  const asc = await loadAsc();
  const compiled = await compilePolicySource(asc, source, name, engineSources(), {
    release,
    fileName,
  });
  writeStored(policyCacheDir, hash, compiled, compileFlags(release), asc.version);
  return compiled;
}
