// Compiles one policy together with the engine into one module, in memory, with the
// AssemblyScript compiler's JS API. Environment-neutral: the caller passes the compiler module
// (Node: import("assemblyscript/asc"); browser: the prebuilt public/asc/asc.js) and the engine
// sources (./sources.ts), so the same code runs in Node, a worker_thread and a Web Worker.

import { instantiatePolicyModule } from "../sim/instantiate.ts";
import { readKnobDefaults } from "../sim/knobs.ts";
import type { CompiledPolicy } from "../sim/types.ts";
import { budgetTransform } from "./budget.ts";
import { withLineTable } from "./budgetLines.ts";
import { buildHash } from "./hash.ts";
import { type CompileDiagnostic, PolicyCompileError } from "./PolicyCompileError.ts";
import { policyDescription, scanKnobs, scanOps } from "./scanOps.ts";
import { ENGINE_PREFIX, type EngineSources } from "./sources.ts";

export type Asc = typeof import("assemblyscript/asc");
type Transform = NonNullable<Parameters<Asc["main"]>[1]>["transforms"] extends
  | (infer T)[]
  | undefined
  ? T
  : never;

export interface CompileOptions {
  /** Release build (-O3, no bounds checks); default false: a checked test/debug build. */
  release?: boolean;
  /** The policy's file name in diagnostics and abort messages; default `${name}.ts`. */
  fileName?: string;
  /** Keep function names in a release build too (profiling: `npm run profile`). */
  names?: boolean;
}

/** The file names the compiler sees. The generated entry is the only argv entry. */
export const ENTRY_FILE = "__entry.ts";
export const POLICY_FILE = "policy.ts";
const OUT_FILE = "policy.wasm";

/** `export *` re-exports functions and mutable globals as wasm exports (checked in test/compile). */
export const ENTRY_SOURCE = 'export * from "./policy";\nexport * from "scx/abi";\n';

// Both builds use the minimal runtime (the host calls __collect() between chunks, so the
// runtime helpers are exported) and export the top-level code as _start (src/sim/instantiate.ts).
const COMMON_FLAGS = [
  "--runtime",
  "minimal",
  "--exportRuntime",
  "--exportStart",
  "_start",
  "--noColors",
];
const RELEASE_FLAGS = [
  "--optimizeLevel",
  "3",
  "--shrinkLevel",
  "0",
  "--noAssert",
  "--uncheckedBehavior",
  "always",
];
// Bounds checks and assertions stay on so that a bad index traps in tests; --debug keeps
// function names, so a trap's stack names the policy function.
const DEBUG_FLAGS = ["--optimizeLevel", "1", "--shrinkLevel", "0", "--debug"];

/**
 * Not an asc flag: names the version of the instrumentation (./budget.ts) so that it is part of
 * every build hash; compilePolicySource strips it before calling asc. Bump it when the
 * instrumentation changes.
 */
export const INSTRUMENT_FLAG = "--scx-instrument=budget-7";

export function compileFlags(release: boolean): string[] {
  return [...(release ? RELEASE_FLAGS : DEBUG_FLAGS), ...COMMON_FLAGS, INSTRUMENT_FLAG];
}

/** What a build needs besides the wasm, as stored next to prebuilt and cached modules. */
export interface PolicyMetadata {
  name: string;
  hash: string;
  opsMask: number;
  knobs: CompiledPolicy["knobs"];
  description: string;
  flags: string[];
  compilerVersion: string;
}

export async function compilePolicySource(
  asc: Asc,
  source: string,
  name: string,
  engineSources: EngineSources,
  opts: CompileOptions = {},
): Promise<CompiledPolicy> {
  const fileName = opts.fileName ?? `${name}.ts`;
  const release = opts.release ?? false;
  const flags = [...compileFlags(release), ...(release && opts.names ? ["--debug"] : [])];
  const files: Record<string, string> = {
    ...engineSources,
    [ENTRY_FILE]: ENTRY_SOURCE,
    [POLICY_FILE]: source,
  };
  const out: Record<string, Uint8Array | string> = {};
  const errors: CompileDiagnostic[] = [];
  const others: CompileDiagnostic[] = [];
  const stderr = asc.createMemoryStream();

  // The source map only adds a section (the code is the same); it becomes the policy's line
  // table for trap reports (./budgetLines.ts).
  const ascFlags = [...flags.filter((f) => f !== INSTRUMENT_FLAG), "--sourceMap"];
  const res = await asc.main([ENTRY_FILE, "--outFile", OUT_FILE, ...ascFlags], {
    stderr,
    stdout: asc.createMemoryStream(),
    readFile: (f: string) => (Object.hasOwn(files, f) ? (files[f] as string) : null),
    writeFile: (f: string, contents: Uint8Array | string) => {
      out[f] = contents;
    },
    listFiles: () => [],
    // Budget and memory checks, compiled in before asc optimizes (docs/safety.md).
    transforms: [budgetTransform() as unknown as Transform],
    reportDiagnostic: (d) => {
      if (d.category !== 3) return; // errors only; warnings and infos do not stop a build
      const path = d.range?.source.normalizedPath;
      const diag = locate(d.code, d.message, path, d.range?.start ?? 0, files, fileName);
      (path === POLICY_FILE ? errors : others).push(diag);
    },
  });

  const built = out[OUT_FILE];
  if (res.error || !(built instanceof Uint8Array)) {
    const text = stderr.toString().trim() || res.error?.message || "no output";
    throw new PolicyCompileError(errors, others, `${fileName}: failed to compile: ${text}`);
  }
  const map = out[`${OUT_FILE}.map`];
  const wasm = typeof map === "string" ? withLineTable(built, map, POLICY_FILE) : built;
  const hash = await buildHash(source, engineSources, flags, asc.version);
  const knobs = await knobsWithDefaults(wasm, source);
  return {
    name,
    hash,
    wasm,
    opsMask: scanOps(source),
    knobs,
    source,
    description: policyDescription(source),
  };
}

/** A diagnostic with 1-based line and column from the character offset asc reports. */
function locate(
  code: number,
  message: string,
  path: string | undefined,
  offset: number,
  files: Record<string, string>,
  fileName: string,
): CompileDiagnostic {
  const text = path !== undefined && Object.hasOwn(files, path) ? (files[path] as string) : "";
  const { line, column } = lineColumn(text, offset);
  const shownFile =
    path === undefined
      ? fileName
      : path === POLICY_FILE
        ? fileName
        : path.startsWith(ENGINE_PREFIX)
          ? `scx/${path.slice(ENGINE_PREFIX.length)}`
          : path;
  return { file: shownFile, line, column, message, code };
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lastNl = before.lastIndexOf("\n");
  let line = 1;
  for (let i = before.indexOf("\n"); i >= 0; i = before.indexOf("\n", i + 1)) line++;
  return { line, column: before.length - lastNl };
}

/**
 * Knob defaults come from an instance, not from the source text, so that `= 5 * MSEC` or a
 * value computed by the top-level code reads right. The top-level code runs first; if it
 * traps, the values before it are shown (the run will report the trap).
 */
async function knobsWithDefaults(
  wasm: Uint8Array,
  source: string,
): Promise<CompiledPolicy["knobs"]> {
  const scanned = scanKnobs(source);
  if (scanned.length === 0) return [];
  const module = await WebAssembly.compile(wasm.slice());
  const instance = await instantiatePolicyModule(module, { debug: () => {} });
  const start = instance.exports._start;
  try {
    if (typeof start === "function") start();
  } catch {
    // Reported when the policy runs.
  }
  return readKnobDefaults(instance.exports, scanned);
}
