import { describe, expect, it } from "vitest";
import { encodeWorkload, parseWorkload } from "../../src/config/workload.ts";
import { InputError } from "../../src/errors.ts";

// The contract's example (CONTRACT.md "Workload file (native format)").
const CONTRACT_EXAMPLE = {
  name: "web-and-batch",
  duration: "10s",
  groups: [
    {
      name: "batch",
      count: 4,
      start: "0ms",
      nice: 0,
      cpus: [0, 1],
      loop: -1,
      program: [{ run: "5ms" }, { sleep: "1ms" }],
    },
    {
      name: "requests",
      arrivals: { interval: { exp: "1.25ms" }, limit: 20000 },
      program: [{ run: { exp: "1ms" } }],
    },
  ],
};

function errorOf(json: unknown, opts: { ncpus?: number } = {}): InputError {
  try {
    parseWorkload(json, "w.json", opts);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected an InputError");
}

const withProgram = (...program: unknown[]) => ({ groups: [{ name: "g", program }] });

describe("native workload parsing", () => {
  it("parses the contract's example with its defaults filled in", () => {
    const w = parseWorkload(CONTRACT_EXAMPLE);
    expect(w.name).toBe("web-and-batch");
    expect(w.durationNs).toBe(10e9);
    expect(w.groups[0]).toEqual({
      name: "batch",
      count: 4,
      startNs: 0,
      nice: 0,
      cpus: [0, 1],
      loop: -1,
      program: [
        { op: "run", work: { kind: "const", ns: 5e6 } },
        { op: "sleep", time: { kind: "const", ns: 1e6 } },
      ],
    });
    expect(w.groups[1]).toEqual({
      name: "requests",
      count: 1,
      startNs: 0,
      nice: 0,
      loop: 1,
      program: [{ op: "run", work: { kind: "exp", mean: 1e6 } }],
      arrivals: { interval: { kind: "exp", mean: 1.25e6 }, limit: 20000 },
    });
  });

  it("names an unnamed workload after its file", () => {
    expect(parseWorkload(withProgram({ yield: true }), "dir/my-load.json").name).toBe("my-load");
  });

  it("parses every new step into its normalised form", () => {
    const w = parseWorkload({
      channels: { pipe: { capacity: 4096 } },
      groups: [
        {
          name: "a",
          count: "ncpus",
          speedup: { E: 0.8 },
          program: [
            { runtime: "1ms" },
            { yield: true },
            { wait: "evt" },
            { signal: "evt" },
            { signal: "evt", count: "all", remember: false },
            { suspend: true },
            { wake: "b", count: 2 },
            { lock: "m" },
            { unlock: "m" },
            { barrier: "bar", parties: 4 },
            { period: "16.6ms", deadline: "10ms" },
            { timer: "10ms", mode: "absolute", ref: "t" },
            { spawn: "b", count: "ncpus" },
            { send: "pipe", bytes: 100 },
            { recv: "pipe", bytes: 100 },
            { repeat: 3, steps: [{ run: "1us" }] },
          ],
        },
        { name: "b", count: 0, program: [{ period: "1ms" }, { timer: "1ms" }] },
      ],
    });
    expect(w.channels).toEqual({ pipe: 4096 });
    expect(w.groups[0]?.count).toEqual({ ncpus: 1, plus: 0 });
    expect(w.groups[0]?.speedup).toEqual({ E: 0.8 });
    expect(w.groups[0]?.program).toEqual([
      { op: "runtime", time: { kind: "const", ns: 1e6 } },
      { op: "yield" },
      { op: "wait", event: "evt" },
      { op: "signal", event: "evt", count: 1, remember: true },
      { op: "signal", event: "evt", count: "all", remember: false },
      { op: "suspend" },
      { op: "wake", group: "b", count: 2, remember: true },
      { op: "lock", mutex: "m" },
      { op: "unlock", mutex: "m" },
      { op: "barrier", barrier: "bar", parties: 4 },
      { op: "period", period: { kind: "const", ns: 16.6e6 }, deadlineNs: 10e6 },
      { op: "timer", period: { kind: "const", ns: 10e6 }, mode: "absolute", ref: "t" },
      { op: "spawn", group: "b", count: { ncpus: 1, plus: 0 } },
      { op: "send", channel: "pipe", bytes: 100 },
      { op: "recv", channel: "pipe", bytes: 100 },
      { op: "repeat", times: 3, steps: [{ op: "run", work: { kind: "const", ns: 1000 } }] },
    ]);
    expect(w.groups[1]?.program).toEqual([
      { op: "period", period: { kind: "const", ns: 1e6 }, deadlineNs: 0 },
      { op: "timer", period: { kind: "const", ns: 1e6 }, mode: "relative", ref: "timer" },
    ]);
  });
});

describe("malformed workloads name the file and the field", () => {
  it.each([
    [
      "a bad duration deep in a program",
      {
        groups: [
          { name: "a", program: [{ run: "1ms" }] },
          { name: "b", program: [{ run: "5 ms please" }] },
        ],
      },
      "groups[1].program[0].run",
      /expected a duration/,
    ],
    [
      "a missing program",
      { groups: [{ name: "a" }] },
      "groups[0].program",
      /expected an array, got nothing/,
    ],
    ["an empty program", withProgram(), "groups[0].program", /at least 1 item/],
    ["no groups", { groups: [] }, "groups", /at least 1 item/],
    [
      "a group field typo",
      { groups: [{ name: "a", cnt: 2, program: [{ run: "1ms" }] }] },
      "groups[0].cnt",
      /unknown field "cnt" in a group \(expected name, count/,
    ],
    [
      "an unknown step",
      withProgram({ run: "1ms" }, { jump: "1ms" }),
      "groups[0].program[1]",
      /unknown step .*jump.*expected an object with one of run/,
    ],
    [
      "a step that does two things",
      withProgram({ run: "1ms", sleep: "1ms" }),
      "groups[0].program[0]",
      /found run and sleep/,
    ],
    [
      "an option typo in a step",
      withProgram({ barrier: "b", partys: 2 }),
      "groups[0].program[0].partys",
      /unknown field "partys" in a barrier step/,
    ],
    [
      "a step that is not an object",
      withProgram("run 1ms"),
      "groups[0].program[0]",
      /expected a step object/,
    ],
    [
      "nice out of range",
      { groups: [{ name: "a", nice: 40, program: [{ run: "1ms" }] }] },
      "groups[0].nice",
      /<= 19, got 40/,
    ],
    [
      "loop 0",
      { groups: [{ name: "a", loop: 0, program: [{ run: "1ms" }] }] },
      "groups[0].loop",
      /-1 \(forever\) or a count >= 1/,
    ],
    [
      "a bad count",
      { groups: [{ name: "a", count: "many", program: [{ run: "1ms" }] }] },
      "groups[0].count",
      /expected a count/,
    ],
    [
      "a bad arrival limit",
      {
        groups: [{ name: "a", arrivals: { interval: "1ms", limit: 0 }, program: [{ run: "1ms" }] }],
      },
      "groups[0].arrivals.limit",
      /unlimited/,
    ],
    [
      "a bad distribution inside a repeat",
      withProgram({ repeat: 2, steps: [{ run: "1ms" }, { sleep: { exp: [] } }] }),
      "groups[0].program[0].steps[1].sleep.exp",
      /expected a duration/,
    ],
    [
      "a wake of an unknown group",
      withProgram({ wake: "nobody" }),
      "groups[0].program[0].wake",
      /no group named "nobody" \(groups: g\)/,
    ],
    [
      "a spawn of an unknown group",
      withProgram({ spawn: "x" }),
      "groups[0].program[0].spawn",
      /no group named "x"/,
    ],
    ["a bad yield", withProgram({ yield: 1 }), "groups[0].program[0].yield", /expected true/],
    [
      "a non-string name",
      { name: 7, groups: [{ name: "a", program: [{ run: "1ms" }] }] },
      "name",
      /expected a workload name, got 7/,
    ],
    [
      "a bad timer mode",
      withProgram({ timer: "1ms", mode: "sometimes" }),
      "groups[0].program[0].mode",
      /"relative" or "absolute"/,
    ],
    [
      "a negative speedup",
      { groups: [{ name: "a", speedup: { E: -1 }, program: [{ run: "1ms" }] }] },
      "groups[0].speedup.E",
      /> 0/,
    ],
  ])("%s", (_what, json, field, message) => {
    const e = errorOf(json);
    expect(e.file).toBe("w.json");
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
    expect(e.message.startsWith(`w.json: ${field}: `)).toBe(true);
  });

  it("says when there are more problems than the one reported", () => {
    const e = errorOf({ groups: [{ name: 1, nice: 99, program: [] }] });
    expect(e.message).toMatch(/and 2 more problems/);
  });

  it("rejects duplicate group names at the second one", () => {
    const e = errorOf({
      groups: [
        { name: "a", program: [{ run: "1ms" }] },
        { name: "a", program: [{ run: "1ms" }] },
      ],
    });
    expect(e.field).toBe("groups[1].name");
    expect(e.message).toMatch(/duplicate group name "a" \(also groups\[0\]\.name\)/);
  });

  it("rejects barrier sizes that disagree", () => {
    const e = errorOf({
      groups: [
        { name: "a", program: [{ barrier: "b", parties: 2 }] },
        { name: "c", program: [{ barrier: "b", parties: 3 }] },
      ],
    });
    expect(e.field).toBe("groups[1].program[0].parties");
    expect(e.message).toMatch(
      /barrier "b" has 3 parties here but 2 at groups\[0\]\.program\[0\]\.parties/,
    );
  });

  it("rejects a message larger than its channel", () => {
    const e = errorOf({
      channels: { p: { capacity: 64 } },
      groups: [{ name: "a", program: [{ send: "p", bytes: 100 }] }],
    });
    expect(e.field).toBe("groups[0].program[0].bytes");
    expect(e.message).toMatch(/100 bytes do not fit channel "p" \(capacity 64 bytes\)/);
  });

  it("checks affinity against the machine when the CPU count is known", () => {
    const json = { groups: [{ name: "a", cpus: [0, 5], program: [{ run: "1ms" }] }] };
    expect(() => parseWorkload(json, "w.json")).not.toThrow();
    const e = errorOf(json, { ncpus: 4 });
    expect(e.field).toBe("groups[0].cpus[1]");
    expect(e.message).toMatch(/CPU 5 does not exist: the machine has 4 CPUs \(ids 0\.\.3\)/);
    expect(
      errorOf({ groups: [{ name: "a", cpus: [1, 1], program: [{ run: "1ms" }] }] }).field,
    ).toBe("groups[0].cpus[1]");
  });

  it("refuses programs that unroll beyond the engine's limit", () => {
    const e = errorOf(
      withProgram({ repeat: 1000, steps: [{ repeat: 2000, steps: [{ run: "1us" }] }] }),
    );
    expect(e.field).toBe("groups");
    expect(e.message).toMatch(/unroll to 2000000 steps/);
  });

  it("rejects a document that is not an object", () => {
    const e = errorOf([1, 2]);
    expect(e.field).toBeUndefined();
    expect(e.message).toMatch(/^w\.json: expected an object/);
  });
});

describe("programs that loop forever", () => {
  it("must contain a step that takes time or waits", () => {
    const spin = { groups: [{ name: "spin", loop: -1, program: [{ yield: true }] }] };
    expect(() =>
      encodeWorkload(parseWorkload(spin, "w.json"), { ncpus: 1, cpuTypeNames: ["P"] }),
    ).toThrow(
      /w\.json: groups\[0\]\.program: a program that loops forever needs a step that takes time or waits/,
    );
    const ok = { groups: [{ name: "ok", loop: -1, program: [{ yield: true }, { run: "1ms" }] }] };
    expect(() =>
      encodeWorkload(parseWorkload(ok), { ncpus: 1, cpuTypeNames: ["P"] }),
    ).not.toThrow();
  });
});
