// The generated entry (`export * from "./policy"; export * from "scx/abi";`) must turn the
// policy's knobs and the engine's ABI into wasm exports in AssemblyScript 0.28: this is what the
// whole host relies on, so it is pinned here against a tiny fake engine.
import * as asc from "assemblyscript/asc";
import { describe, expect, test } from "vitest";
import { compilePolicySource } from "../../src/compile/compilePolicy.ts";
import { instantiatePolicyModule } from "../../src/sim/instantiate.ts";
import { readAsString } from "../../src/sim/memory.ts";
import { fakeEngine } from "./fakeEngine.ts";

const POLICY = `// A fake policy for export tests. Nothing more.
import { Ops, Task, register } from "scx";
export let slice_ns: u64 = 50_000;
export var fifo: bool = true;
export let ratio: f64 = 1.5;
export const FIXED: i32 = 3;
let seen: i32 = 0;
class P extends Ops {
  override enqueue(p: Task, enq_flags: u64): void { seen += p.pid; slice_ns += <u64>p.pid; }
  init(): i32 { return fifo ? 11 : 22; }
}
register(new P(), "fake");
`;

describe("the generated entry", () => {
  for (const release of [false, true]) {
    test(`re-exports knobs as mutable globals and engine functions (${release ? "release" : "debug"})`, async () => {
      const policy = await compilePolicySource(asc, POLICY, "fake", fakeEngine, { release });
      const module = await WebAssembly.compile(policy.wasm.slice());
      const exports = Object.fromEntries(
        WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]),
      );
      expect(exports).toMatchObject({
        slice_ns: "global",
        fifo: "global",
        ratio: "global",
        FIXED: "global",
        abi_counter: "global",
        abi_init_result: "function",
        abi_enqueue_one: "function",
        abi_name: "function",
        memory: "memory",
        __collect: "function",
        _start: "function",
      });

      const inst = await instantiatePolicyModule(module, { debug: () => {} });
      const x = inst.exports as Record<string, any>;
      x._start();
      // Setting a knob from the host is seen by the policy's code inside the module.
      expect(x.abi_init_result()).toBe(11);
      x.fifo.value = 0;
      expect(x.abi_init_result()).toBe(22);
      x.slice_ns.value = 100n;
      x.abi_enqueue_one(5);
      expect(x.slice_ns.value).toBe(105n);
      expect(x.abi_counter.value).toBe(8);
      expect(readAsString(x.memory, x.abi_name())).toBe("fake");
      expect(() => {
        x.FIXED.value = 4;
      }).toThrow(TypeError);

      expect(policy.knobs).toEqual([
        { name: "slice_ns", type: "u64", defaultValue: 50000 },
        { name: "fifo", type: "bool", defaultValue: true },
        { name: "ratio", type: "f64", defaultValue: 1.5 },
      ]);
      expect(policy.opsMask).toBe((1 << 1) | (1 << 17));
      expect(policy.description).toBe("A fake policy for export tests.");
      expect(policy.hash).toMatch(/^[0-9a-f]{64}$/);
    });
  }
});
