import { describe, expect, test } from "vitest";
import { parseRunOptions } from "../../src/cli/args.ts";
import { parseDuration, parseKnobValue, parseParams, parseSeeds } from "../../src/cli/values.ts";
import { InputError } from "../../src/errors.ts";

const base = ["--policy", "simple", "--cpus", "4", "--workload", "desktop"];

function inputError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error("expected an InputError");
}

describe("parseRunOptions", () => {
  test("the contract's options with their defaults", () => {
    expect(parseRunOptions("run", base)).toEqual({
      policies: ["simple"],
      params: {},
      machine: undefined,
      cpus: 4,
      workload: "desktop",
      durationNs: undefined,
      seeds: [1],
      json: false,
      trace: undefined,
      log: undefined,
    });
  });

  test("every option at once", () => {
    const o = parseRunOptions("run", [
      "--policy",
      "my.ts",
      "--param",
      "slice_ns=50_000",
      "--param",
      "fifo=true",
      "--machine",
      "laptop",
      "--workload",
      "w.json",
      "--duration",
      "500ms",
      "--seed",
      "42",
      "--json",
      "--trace",
      "t.json",
      "--log",
      "l.jsonl",
    ]);
    expect(o).toEqual({
      policies: ["my.ts"],
      params: { slice_ns: 50_000, fifo: true },
      machine: "laptop",
      cpus: undefined,
      workload: "w.json",
      durationNs: 500_000_000,
      seeds: [42],
      json: true,
      trace: "t.json",
      log: "l.jsonl",
    });
  });

  test("--machine and --cpus are mutually exclusive", () => {
    expect(inputError(() => parseRunOptions("run", [...base, "--machine", "laptop"]))).toMatch(
      /--machine and --cpus are mutually exclusive/,
    );
  });

  test("missing --policy, --workload or machine are errors naming the option", () => {
    expect(inputError(() => parseRunOptions("run", ["--cpus", "4", "--workload", "x"]))).toMatch(
      /--policy/,
    );
    expect(inputError(() => parseRunOptions("run", ["--policy", "p", "--cpus", "4"]))).toMatch(
      /--workload/,
    );
    expect(inputError(() => parseRunOptions("run", ["--policy", "p", "--workload", "x"]))).toMatch(
      /--machine .* or --cpus/,
    );
  });

  test("unknown options and missing values are InputErrors", () => {
    expect(inputError(() => parseRunOptions("run", [...base, "--bogus"]))).toMatch(
      /unknown option --bogus/,
    );
    expect(inputError(() => parseRunOptions("run", [...base, "--seed"]))).toMatch(/--seed/);
    expect(inputError(() => parseRunOptions("run", [...base, "extra"]))).toMatch(/extra/);
  });

  test("bad numbers name their option", () => {
    expect(
      inputError(() => parseRunOptions("run", ["--policy", "p", "--cpus", "0", "--workload", "w"])),
    ).toMatch(/--cpus "0"/);
    expect(
      inputError(() =>
        parseRunOptions("run", ["--policy", "p", "--cpus", "2.5", "--workload", "w"]),
      ),
    ).toMatch(/--cpus/);
    expect(inputError(() => parseRunOptions("run", [...base, "--seed", "-3"]))).toMatch(/--seed/);
    expect(inputError(() => parseRunOptions("run", [...base, "--duration", "fast"]))).toMatch(
      /--duration "fast"/,
    );
  });

  test("run takes one policy; compare takes a list, repeated or comma-separated", () => {
    expect(
      inputError(() =>
        parseRunOptions("run", ["--policy", "a,b", "--cpus", "1", "--workload", "w"]),
      ),
    ).toMatch(/compare/);
    const o = parseRunOptions("compare", [
      "--policy",
      "a,b",
      "--policy",
      "c.ts",
      "--cpus",
      "1",
      "--workload",
      "w",
    ]);
    expect(o.policies).toEqual(["a", "b", "c.ts"]);
  });

  test("compare takes --seeds as a range or a list; --seeds is unknown to run", () => {
    const args = ["--policy", "a", "--cpus", "1", "--workload", "w"];
    expect(parseRunOptions("compare", [...args, "--seeds", "3..6"]).seeds).toEqual([3, 4, 5, 6]);
    expect(parseRunOptions("compare", [...args, "--seeds", "1,5,9"]).seeds).toEqual([1, 5, 9]);
    expect(
      inputError(() => parseRunOptions("compare", [...args, "--seeds", "1..3", "--seed", "2"])),
    ).toMatch(/mutually/);
    expect(inputError(() => parseRunOptions("run", [...args, "--seeds", "1..3"]))).toMatch(
      /unknown option --seeds/,
    );
  });
});

describe("option values", () => {
  test("durations with units, decimals, or integer ns", () => {
    expect(parseDuration("--duration", "500ms")).toBe(500e6);
    expect(parseDuration("--duration", "10s")).toBe(10e9);
    expect(parseDuration("--duration", "1.25ms")).toBe(1_250_000);
    expect(parseDuration("--duration", "250us")).toBe(250_000);
    expect(parseDuration("--duration", "1000")).toBe(1000);
    expect(() => parseDuration("--duration", "1.5")).toThrow(/integer ns/);
    expect(() => parseDuration("--duration", "0s")).toThrow(/more than 0/);
    expect(() => parseDuration("--duration", "3 min")).toThrow(InputError);
  });

  test("knob values are numbers or booleans", () => {
    expect(parseKnobValue("true")).toBe(true);
    expect(parseKnobValue("false")).toBe(false);
    expect(parseKnobValue("100_000")).toBe(100_000);
    expect(parseKnobValue("-2.5")).toBe(-2.5);
    expect(parseKnobValue("1e6")).toBe(1e6);
    expect(parseKnobValue("fast")).toBeUndefined();
    expect(parseKnobValue("")).toBeUndefined();
  });

  test("--param needs KEY=VALUE", () => {
    expect(parseParams(["a=1", "b=false", "a=2"])).toEqual({ a: 2, b: false });
    expect(() => parseParams(["novalue"])).toThrow(/KEY=VALUE/);
    expect(() => parseParams(["=3"])).toThrow(/KEY=VALUE/);
    expect(() => parseParams(["k=abc"])).toThrow(/--param k: value "abc"/);
  });

  test("seed lists", () => {
    expect(parseSeeds("--seeds", "1..1")).toEqual([1]);
    expect(() => parseSeeds("--seeds", "5..2")).toThrow(/--seeds/);
    expect(() => parseSeeds("--seeds", "a,b")).toThrow(/--seeds/);
  });
});
