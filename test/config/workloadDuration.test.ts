import { describe, expect, it } from "vitest";
import { distMeanNs, distribution, parseDistribution } from "../../src/config/distribution.ts";
import { durationNs, formatDuration, parseDuration } from "../../src/config/duration.ts";
import { count, resolveCount } from "../../src/config/workloadCount.ts";
import { InputError } from "../../src/errors.ts";

describe("durations", () => {
  it.each([
    ["1.25ms", 1_250_000],
    ["500us", 500_000],
    ["500µs", 500_000],
    ["2s", 2_000_000_000],
    ["100ns", 100],
    ["0.5s", 500_000_000],
    [".5ms", 500_000],
    ["16.667ms", 16_667_000],
    ["0ms", 0],
    [1234, 1234],
    [0, 0],
  ])("%j is %d ns", (input, ns) => {
    expect(durationNs(input)).toBe(ns);
  });

  it("rounds a sub-nanosecond remainder to the nearest ns", () => {
    expect(durationNs("1.5ns")).toBe(2);
    expect(durationNs("0.0000001s")).toBe(100);
  });

  it.each([
    ["5"],
    ["5 min"],
    ["-1ms"],
    ["ms"],
    ["1.2.3ms"],
    [""],
    [1.5],
    [-3],
    [null],
    [true],
    [{}],
    [[1]],
  ])("rejects %j, saying what a duration looks like", (input) => {
    expect(() => durationNs(input)).toThrow(/expected a duration/);
  });

  it("names the file and field of a bad duration", () => {
    const err = (() => {
      try {
        parseDuration("fast", { file: "w.json", field: "groups[0].start" });
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect(err?.file).toBe("w.json");
    expect(err?.field).toBe("groups[0].start");
    expect(err?.message).toMatch(/^w\.json: groups\[0\]\.start: expected a duration.*"fast"/);
  });

  it("formats ns back into the shortest unit", () => {
    expect(formatDuration(1_250_000)).toBe("1.25ms");
    expect(formatDuration(2_000_000_000)).toBe("2s");
    expect(formatDuration(999)).toBe("999ns");
  });
});

describe("distributions", () => {
  it("parses each kind into ns", () => {
    expect(distribution("1ms")).toEqual({ kind: "const", ns: 1_000_000 });
    expect(distribution({ exp: "1.25ms" })).toEqual({ kind: "exp", mean: 1_250_000 });
    expect(distribution({ uniform: ["1ms", 2_000_000] })).toEqual({
      kind: "uniform",
      lo: 1_000_000,
      hi: 2_000_000,
    });
    expect(distribution({ normal: ["10ms", "1ms"] })).toEqual({
      kind: "normal",
      mean: 10_000_000,
      sd: 1_000_000,
    });
    expect(distribution({ lognormal: ["300ms", 1.0] })).toEqual({
      kind: "lognormal",
      median: 300_000_000,
      sigma: 1,
    });
  });

  it("parses nested choices", () => {
    const d = distribution({
      choice: [
        [9, { exp: "50us" }],
        [
          1,
          {
            choice: [
              [1, "1ms"],
              [1, { uniform: ["2ms", "3ms"] }],
            ],
          },
        ],
      ],
    });
    expect(d).toEqual({
      kind: "choice",
      entries: [
        { weight: 9, dist: { kind: "exp", mean: 50_000 } },
        {
          weight: 1,
          dist: {
            kind: "choice",
            entries: [
              { weight: 1, dist: { kind: "const", ns: 1_000_000 } },
              { weight: 1, dist: { kind: "uniform", lo: 2_000_000, hi: 3_000_000 } },
            ],
          },
        },
      ],
    });
    // 0.9 × 50 us + 0.1 × (0.5 × 1 ms + 0.5 × 2.5 ms)
    expect(distMeanNs(d)).toBeCloseTo(45_000 + 175_000, 6);
  });

  it("computes means: lognormal is median × e^(σ²/2)", () => {
    expect(distMeanNs(distribution({ lognormal: ["300ms", 1] }))).toBeCloseTo(
      300e6 * Math.exp(0.5),
      0,
    );
    expect(distMeanNs(distribution({ uniform: ["1ms", "3ms"] }))).toBe(2e6);
  });

  it.each([
    [{ exp: "1ms", uniform: ["1ms", "2ms"] }, [], /expected a duration or a distribution/],
    [{ poisson: "1ms" }, [], /expected a duration or a distribution/],
    [{ uniform: ["2ms", "1ms"] }, ["uniform"], /LO must not exceed HI/],
    [{ uniform: ["1ms"] }, ["uniform"], /expected \[LO, HI\]/],
    [{ normal: ["1ms", "x"] }, ["normal", 1], /expected a duration/],
    [{ lognormal: ["1ms", "1ms"] }, ["lognormal", 1], /SIGMA, a unitless number/],
    [{ choice: [] }, ["choice"], /non-empty list/],
    [{ choice: [[0, "1ms"]] }, ["choice", 0, 0], /WEIGHT, a number > 0/],
    [{ choice: [[1, { exp: "soon" }]] }, ["choice", 0, 1, "exp"], /expected a duration/],
    [[1, 2], [], /expected a duration or a distribution/],
  ])("rejects %j at its inner path", (input, path, message) => {
    try {
      distribution(input);
      expect.unreachable();
    } catch (e) {
      expect((e as { path: unknown }).path).toEqual(path);
      expect((e as Error).message).toMatch(message);
    }
  });

  it("reports the inner path after the field as an InputError", () => {
    expect(() =>
      parseDistribution(
        { choice: [[1, { exp: "soon" }]] },
        { file: "f", field: "groups[0].program[1].run" },
      ),
    ).toThrow("f: groups[0].program[1].run.choice[0][1].exp: expected a duration");
  });
});

describe("counts", () => {
  it.each([
    [4, 64, 4],
    ["ncpus", 64, 64],
    ["2*ncpus", 4, 8],
    ["ncpus/4", 64, 16],
    ["ncpus/4", 2, 0],
    ["ncpus-1", 4, 3],
    ["ncpus+2", 4, 6],
    ["ncpus-1", 1, 0],
  ])("%j on %d CPUs is %d", (input, ncpus, n) => {
    expect(resolveCount(count(input), ncpus)).toBe(n);
  });

  it.each([[-1], [1.5], ["cpus"], ["ncpus*"], ["0*ncpus"], [null]])("rejects %j", (input) => {
    expect(() => count(input)).toThrow(/expected a count/);
  });
});
