// Web Worker entry of the policy compiler (the browser playground). The comlink API is exposed
// synchronously at start and the AssemblyScript compiler (the prebuilt /asc/asc.js, 14 MB) is
// imported lazily inside the calls: a worker that is still evaluating a top-level await drops
// the first message it gets (TOOLCHAIN.md gotcha G1). Engine sources come from Vite's glob.
import * as Comlink from "comlink";
import { type Asc, compilePolicySource } from "../compile/compilePolicy.ts";
import { PolicyCompileError } from "../compile/PolicyCompileError.ts";
import { type EngineSources, engineSourcesFromRecord } from "../compile/sources.ts";
import type { BrowserCompileApi, BrowserCompileOutcome } from "./browserCompileApi.ts";

const files = import.meta.glob("../../assembly/scx/*.ts", {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;
// In a browser the compiler looks for a package's relative imports under an absolute
// "/node_modules/scx/…" (Node: "node_modules/scx/…"), so every engine file is served under both.
const engine = withAbsoluteKeys(engineSourcesFromRecord(files));

function withAbsoluteKeys(sources: EngineSources): EngineSources {
  const out: Record<string, string> = { ...sources };
  for (const [k, v] of Object.entries(sources)) out[`/${k}`] = v;
  return out;
}

const ASC_URL = new URL(`${import.meta.env.BASE_URL}asc/asc.js`, self.location.href).href;
let ascP: Promise<Asc> | null = null;
const loadAsc = (): Promise<Asc> => {
  ascP ??= import(/* @vite-ignore */ ASC_URL) as Promise<Asc>;
  return ascP;
};

const api: BrowserCompileApi = {
  async warmup(source: string) {
    const t0 = performance.now();
    const asc = await loadAsc();
    // The first compiles are slow while V8 warms up (G5): one throw-away build now.
    try {
      await compilePolicySource(asc, source, "warmup", engine);
    } catch {
      // A template that does not compile is reported by the real compile.
    }
    return performance.now() - t0;
  },
  async compile(source: string, name: string): Promise<BrowserCompileOutcome> {
    const t0 = performance.now();
    try {
      const asc = await loadAsc();
      const policy = await compilePolicySource(asc, source, name, engine, {
        fileName: `${name}.ts`,
      });
      const ms = performance.now() - t0;
      const wasm = policy.wasm.buffer as ArrayBuffer;
      return Comlink.transfer({ ok: true, policy, ms }, [wasm]);
    } catch (e) {
      if (e instanceof PolicyCompileError) {
        return {
          ok: false,
          message: e.message,
          diagnostics: e.diagnostics,
          otherDiagnostics: e.otherDiagnostics,
        };
      }
      const err = e instanceof Error ? e : new Error(String(e));
      return {
        ok: false,
        message: `${err.name}: ${err.message}`,
        diagnostics: [],
        otherDiagnostics: [],
      };
    }
  },
};

Comlink.expose(api);
