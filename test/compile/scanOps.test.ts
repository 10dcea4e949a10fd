import { describe, expect, test } from "vitest";
import { policyDescription, scanKnobs, scanOps } from "../../src/compile/scanOps.ts";
import { CALLBACKS } from "../../src/sim/callIds.ts";

const bit = (...names: string[]) =>
  names.reduce((m, n) => m | (1 << CALLBACKS.indexOf(n as (typeof CALLBACKS)[number])), 0);
const namesOf = (mask: number) => CALLBACKS.filter((_, id) => mask & (1 << id));

describe("scanOps", () => {
  test("finds the callbacks the registered class defines, with modifiers and return types", () => {
    const src = `
      import { Ops, Task, register } from "scx";
      class P extends Ops {
        override select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 { return prev_cpu; }
        public enqueue (p: Task,
                        enq_flags: u64) : void {}
        dispatch(cpu: i32, prev: Task | null): void { if (prev) { this.helper(); } }
        protected override running(p: Task): void {}
        @inline stopping(p: Task, runnable: bool): void {}
        cpu_release(cpu: i32, args: Args): void {}
        helper(): void {}
      }
      register(new P(), "p");`;
    expect(namesOf(scanOps(src))).toEqual([
      "select_cpu",
      "enqueue",
      "dispatch",
      "running",
      "stopping",
      "cpu_release",
    ]);
  });

  test("ignores names in comments, strings, calls, fields, statics and other classes", () => {
    const src = `
      // enqueue(p: Task): void {}
      /* dispatch(cpu: i32): void { } */
      class Helper { tick(p: Task): void {} }
      class P extends Ops {
        name2: string = "init(): i32 { return 0; }";
        tpl: string = \`\${"yield"} quiescent(p: Task): void {}\`;
        exit_task: i32 = 0;
        static enable(p: Task): void {}
        get disable(): i32 { return 0; }
        runnable(p: Task, enq_flags: u64): void { enqueue(p, 0); this.dispatch2(); }
      }
      register(new P(), "p");`;
    expect(namesOf(scanOps(src))).toEqual(["runnable"]);
  });

  test("overload signatures and abstract declarations without a body do not count", () => {
    const src = `class P extends Ops {
        enqueue(p: Task, f: u64): void;
        dispatch(cpu: i32, prev: Task | null): void { }
      }
      register(new P(), "p");`;
    expect(scanOps(src)).toBe(bit("dispatch"));
  });

  test("members without semicolons (automatic semicolon insertion)", () => {
    const src = `class P extends Ops {
        private last: u64 = 0
        private q: Array<i32> = new Array<i32>(4)
        init(): i32 {
          return 0
        }
        tick(p: Task): void {
          this.last = 1
        }
      }
      register(new P(), "p")`;
    expect(scanOps(src)).toBe(bit("init", "tick"));
  });

  test("follows the registered class's local base classes and a variable passed to register", () => {
    const src = `
      class Base extends Ops { init(): i32 { return 0; } enqueue(p: Task, f: u64): void {} }
      class Mine extends Base { dispatch(cpu: i32, prev: Task | null): void {} }
      class Unused extends Ops { tick(p: Task): void {} }
      const ops: Mine = new Mine();
      register(ops, "mine");`;
    expect(scanOps(src)).toBe(bit("init", "enqueue", "dispatch"));
  });

  test("without a recognisable register call, every Ops subclass counts", () => {
    const src = `class A extends Ops { enqueue(p: Task, f: u64): void {} }
      class B extends A { yield(from: Task, to: Task | null): bool { return false; } }
      class NotOps { tick(): void {} }`;
    expect(scanOps(src)).toBe(bit("enqueue", "yield"));
  });

  test("every callback id has its bit", () => {
    const body = CALLBACKS.map((n) => `  ${n}(): void {}`).join("\n");
    expect(scanOps(`class P extends Ops {\n${body}\n}\nregister(new P(), "p");`)).toBe(2 ** 21 - 1);
  });
});

describe("scanKnobs", () => {
  test("exported let/var of primitive types, in order", () => {
    const src = `
      export let slice_ns: u64 = 50_000;
      export var fifo_sched: bool = false
      export let ratio: f32 = 0.5, depth: u8 = 3;
      export const FIXED: i32 = 1;
      let hidden: i32 = 2;
      export let list: Array<i32> = [];
      export let maybe: u64 | null = null;
      export let where_: usize = 0;
      function f(): void { let local: i32 = 0; }
      class C { x: i32 = 0; }`;
    expect(scanKnobs(src)).toEqual([
      { name: "slice_ns", type: "u64" },
      { name: "fifo_sched", type: "bool" },
      { name: "ratio", type: "f32" },
      { name: "depth", type: "u8" },
      { name: "where_", type: "usize" },
    ]);
  });

  test("initialisers spanning lines and with calls, and knobs in comments or strings", () => {
    const src = `
      // export let commented: i32 = 0;
      const s = "export let quoted: i32 = 0";
      export let computed: i64 = max(
        1, 2) * 3;
      export let after: i16 = -1`;
    expect(scanKnobs(src)).toEqual([
      { name: "computed", type: "i64" },
      { name: "after", type: "i16" },
    ]);
  });

  test("untyped literals take AssemblyScript's inferred type; export lists count", () => {
    const src = `
      export let flag = true;
      export let count = 7;
      export let big = 10000000000;
      export let frac = 0.25;
      export let expr = 2 * 3;
      let renamed: u32 = 1;
      let plain: f64 = 2;
      export { renamed as threshold, plain };`;
    expect(scanKnobs(src)).toEqual([
      { name: "flag", type: "bool" },
      { name: "count", type: "i32" },
      { name: "big", type: "i64" },
      { name: "frac", type: "f64" },
      { name: "threshold", type: "u32" },
      { name: "plain", type: "f64" },
    ]);
  });
});

describe("policyDescription", () => {
  test("the first sentence of a // header, across lines", () => {
    const src =
      "// A round-robin policy: one global FIFO\n// queue and a short slice. It is simple.\nimport {} from 'scx';";
    expect(policyDescription(src)).toBe(
      "A round-robin policy: one global FIFO queue and a short slice.",
    );
  });

  test("a block comment, skipping licence lines and abbreviations", () => {
    const src = `/*
 * SPDX-License-Identifier: GPL-2.0
 *
 * Picks a CPU by capacity, e.g. big cores first. Then more.
 */
class X {}`;
    expect(policyDescription(src)).toBe("Picks a CPU by capacity, e.g. big cores first.");
  });

  test("stops at the end of the first paragraph and skips tool pragmas", () => {
    const src = "// No full stop here\n// @ts-nocheck\n//\n// Second paragraph.\n";
    expect(policyDescription(src)).toBe("No full stop here");
  });

  test("empty without a header comment", () => {
    expect(policyDescription("import { Ops } from 'scx'; // not a header")).toBe("");
  });
});
