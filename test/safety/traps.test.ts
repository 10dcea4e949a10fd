// Traps in policy code (docs/safety.md "Traps"): each kind ends the run as ejected with the trap's
// message, the callback, and the policy's source line, in the release build the CLI runs and
// in the checked build the tests use; the next run works.
import { beforeAll, describe, expect, test } from "vitest";
import { runSimulation } from "../../src/sim/run.ts";
import type { CompiledPolicy } from "../../src/sim/types.ts";
import { tinyRequest } from "../sim/handEncoded.ts";
import { fixtureLine, loadSafety } from "./policies.ts";

let release: CompiledPolicy;
let checked: CompiledPolicy;

beforeAll(async () => {
  release = await loadSafety("traps");
  checked = await loadSafety("traps", false);
}, 300_000);

const line = (trap: number) => fixtureLine("traps", `if (trap == ${trap})`);
const at = (trap: number) => `at traps\\.ts:${line(trap)}:\\d+`;

// [trap, what, expected reason] — the line is the one that trapped (or called what trapped).
const cases: [number, string, () => RegExp][] = [
  [1, "a load outside linear memory", () => new RegExp(`^memory access out of bounds ${at(1)}$`)],
  [2, "unreachable()", () => new RegExp(`^unreachable ${at(2)}$`)],
  [3, "integer division by zero", () => new RegExp(`^divide by zero ${at(3)}$`)],
  [
    4,
    "integer overflow in a division",
    () => new RegExp(`^divide result unrepresentable ${at(4)}$`),
  ],
  [
    5,
    "unbounded recursion",
    () =>
      new RegExp(
        `^Maximum call stack size exceeded at traps\\.ts:${fixtureLine("traps", "return n == 0")}:\\d+$`,
      ),
  ],
  [6, "abort() with a message", () => new RegExp(`^the policy gave up ${at(6)}$`)],
  // AssemblyScript's own location (line:column) names the line; it is not repeated.
  [
    7,
    "throw new Error()",
    () => new RegExp(`^thrown by the policy in traps\\.ts\\(${line(7)}:\\d+\\)$`),
  ],
];

describe.each([
  ["release", () => release],
  ["checked", () => checked],
])("traps in the %s build", (_build, policy) => {
  test.each(cases)(
    "trap %i (%s) ejects with its message, ops.enqueue and the line",
    async (trap, _what, reason) => {
      const run = await runSimulation(tinyRequest(policy(), { params: { trap } }));
      expect(run.exit).toMatchObject({ kind: "ejected", code: 1024, callback: "ops.enqueue" });
      expect(run.exit.reason).toMatch(reason());
      expect(run.exit.message).toBe(run.exit.reason);
      expect(run.exit.atNs).toBeGreaterThan(0);
      // What ran before the trap is reported, and the next run works.
      expect(run.events).toBeGreaterThan(0);
      const next = await runSimulation(tinyRequest(policy(), { params: { trap: 0 } }));
      expect(next.exit.kind).toBe("done");
    },
  );
});

describe("checks only the checked build makes", () => {
  test("an array index out of range aborts in the standard library, reported with the policy's line", async () => {
    const run = await runSimulation(tinyRequest(checked, { params: { trap: 8 } }));
    expect(run.exit).toMatchObject({ kind: "ejected", callback: "ops.enqueue" });
    expect(run.exit.reason).toMatch(
      new RegExp(`^Index out of range in ~lib/array\\.ts\\(\\d+:\\d+\\) ${at(8)}$`),
    );
  });

  test("a failed assert() names its message and line", async () => {
    const run = await runSimulation(tinyRequest(checked, { params: { trap: 9 } }));
    expect(run.exit).toMatchObject({ kind: "ejected", callback: "ops.enqueue" });
    expect(run.exit.reason).toMatch(
      new RegExp(`^an assertion of the policy in traps\\.ts\\(${line(9)}:\\d+\\)$`),
    );
  });
});
