// The policy's line table (src/compile/budgetLines.ts): built from asc's source map, carried in a
// custom section, read back to put a policy line on a trap.
import { describe, expect, test } from "vitest";
import {
  functionBodies,
  LINES_SECTION,
  policyLineOfStack,
  readLineTable,
  withLineTable,
} from "../../src/compile/budgetLines.ts";
import { loadSafety } from "./policies.ts";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Source-map VLQ of one segment. */
function vlq(values: number[]): string {
  let out = "";
  for (const v of values) {
    let n = v < 0 ? (-v << 1) | 1 : v << 1;
    do {
      let d = n & 31;
      n >>>= 5;
      if (n > 0) d |= 32;
      out += B64[d];
    } while (n > 0);
  }
  return out;
}

/** A source map from absolute [offset, source, line, column] (source −1: no location). */
function sourceMap(segments: [number, number, number, number][]): string {
  let prev = [0, 0, 0, 0];
  const parts = segments.map(([off, src, line, col]) => {
    if (src < 0) {
      const s = vlq([off - (prev[0] as number)]);
      prev = [off, prev[1] as number, prev[2] as number, prev[3] as number];
      return s;
    }
    const s = vlq([
      off - (prev[0] as number),
      src - (prev[1] as number),
      line - (prev[2] as number),
      col - (prev[3] as number),
    ]);
    prev = [off, src, line, col];
    return s;
  });
  return JSON.stringify({
    version: 3,
    sources: ["~lib/x.ts", "policy.ts"],
    mappings: parts.join(","),
  });
}

/** An empty module with a trailing custom section, as binaryen emits the source map's URL. */
function moduleWithUrlSection(): Uint8Array {
  const name = new TextEncoder().encode("sourceMappingURL");
  const url = new TextEncoder().encode("./policy.wasm.map");
  const payload = [name.length, ...name, url.length, ...url];
  return new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 0, payload.length, ...payload]);
}

describe("the line table", () => {
  test("keeps the policy's lines, marks other code, drops the source map's URL section", () => {
    const map = sourceMap([
      [10, 0, 4, 0], // library code
      [20, 1, 11, 4], // policy.ts:12:5
      [24, -1, 0, 0], // glue without a location
      [30, 1, 13, 2], // policy.ts:14:3
      [40, 0, 7, 0], // library again
      [50, 0, 8, 0],
    ]);
    const wasm = withLineTable(moduleWithUrlSection(), map, "policy.ts");
    const mod = new WebAssembly.Module(wasm.slice());
    expect(WebAssembly.Module.customSections(mod, "sourceMappingURL")).toHaveLength(0);
    expect(WebAssembly.Module.customSections(mod, LINES_SECTION)).toHaveLength(1);
    const table = readLineTable(wasm);
    // Consecutive library entries are merged into one.
    expect(table).toEqual([
      { offset: 10, line: 0, column: 0 },
      { offset: 20, line: 12, column: 5 },
      { offset: 24, line: -1, column: 0 },
      { offset: 30, line: 14, column: 3 },
      { offset: 40, line: 0, column: 0 },
    ]);
    const at = (offset: number, abort = false) => {
      const err = new Error("x");
      if (abort) err.name = "WasmAbort";
      err.stack = `x\n    at wasm://wasm/1:wasm-function[0]:0x${offset.toString(16)}`;
      return policyLineOfStack(wasm, err);
    };
    expect(at(21)).toEqual({ line: 12, column: 5 });
    // Glue where a trap happened belongs to the code after it; glue at a call, before it.
    expect(at(26)).toEqual({ line: 14, column: 3 });
    expect(at(26, true)).toEqual({ line: 12, column: 5 });
    expect(at(12)).toBeNull();
    expect(at(45)).toBeNull(); // no function body known: no walk back into the policy
  });

  test("a module without the section has no lines", () => {
    expect(readLineTable(moduleWithUrlSection())).toBeNull();
  });

  test("function bodies are indexed after the imported functions", {
    timeout: 300_000,
  }, async () => {
    const { wasm } = await loadSafety("traps");
    const mod = new WebAssembly.Module(wasm.slice());
    const imported = WebAssembly.Module.imports(mod).filter((i) => i.kind === "function").length;
    expect(imported).toBeGreaterThan(0);
    const bodies = functionBodies(wasm);
    expect(Math.min(...bodies.keys())).toBe(imported);
    let last = 0;
    for (const [, b] of [...bodies].sort((x, y) => x[0] - y[0])) {
      expect(b.start).toBeGreaterThan(last);
      expect(b.end).toBeGreaterThan(b.start);
      last = b.end;
    }
    expect(last).toBeLessThanOrEqual(wasm.length);
  });
});
