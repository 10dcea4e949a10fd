import * as asc from "assemblyscript/asc";
import { expect, test } from "vitest";

test("asc.main compiles AssemblyScript in memory and the wasm runs", async () => {
  const files: Record<string, string> = {
    "add.ts": "export function add(a: i32, b: i32): i32 {\n  return a + b;\n}\n",
  };
  const out: Record<string, Uint8Array | string> = {};
  const stderr = asc.createMemoryStream();
  const res = await asc.main(
    ["add.ts", "--outFile", "add.wasm", "--optimizeLevel", "1", "--runtime", "stub", "--noColors"],
    {
      stderr,
      readFile: (name: string) => (Object.hasOwn(files, name) ? files[name] : null),
      writeFile: (name: string, contents: Uint8Array | string) => {
        out[name] = contents;
      },
      listFiles: () => [],
    },
  );
  expect(res.error, stderr.toString()).toBeFalsy();
  const wasm = out["add.wasm"];
  expect(wasm).toBeInstanceOf(Uint8Array);
  const { instance } = await WebAssembly.instantiate((wasm as Uint8Array).slice(), {
    env: { abort: () => {} },
  });
  const add = instance.exports.add as (a: number, b: number) => number;
  expect(add(2, 3)).toBe(5);
});
