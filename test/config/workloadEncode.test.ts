import { describe, expect, it } from "vitest";
import { encodeWorkload, parseWorkload } from "../../src/config/workload.ts";
import { InputError } from "../../src/errors.ts";

// docs/internals.md "Workload": header of 16, group records of 16, then records of 4.
const header = (W: Float64Array) => ({
  version: W[0],
  ngroups: W[1],
  groupsAt: W[2] as number,
  distsAt: W[3] as number,
  ndists: W[4],
  opsAt: W[5] as number,
  nops: W[6],
  listsAt: W[7] as number,
  nobjects: W[8],
  objectsAt: W[9] as number,
});
const group = (W: Float64Array, g: number) =>
  Array.from(W.subarray(header(W).groupsAt + 16 * g, header(W).groupsAt + 16 * (g + 1)));
const dist = (W: Float64Array, i: number) =>
  Array.from(W.subarray(header(W).distsAt + 4 * i, header(W).distsAt + 4 * (i + 1)));
const op = (W: Float64Array, i: number) =>
  Array.from(W.subarray(header(W).opsAt + 4 * i, header(W).opsAt + 4 * (i + 1)));
const obj = (W: Float64Array, i: number) =>
  Array.from(W.subarray(header(W).objectsAt + 4 * i, header(W).objectsAt + 4 * (i + 1)));
const machine = { ncpus: 4, cpuTypeNames: ["P", "E"] };

describe("encodeWorkload", () => {
  it("lays out the contract's example as docs/internals.md says", () => {
    const w = parseWorkload({
      groups: [
        {
          name: "batch",
          count: 4,
          start: "2ms",
          nice: -3,
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
    });
    const { data: W, groupNames } = encodeWorkload(w, machine);
    expect(groupNames).toEqual(["batch", "requests"]);
    expect(header(W)).toEqual({
      version: 1,
      ngroups: 2,
      groupsAt: 16,
      distsAt: 48,
      ndists: 4,
      opsAt: 64,
      nops: 3,
      listsAt: 76,
      nobjects: 0,
      objectsAt: 79,
    });
    expect(W.length).toBe(79);
    expect(Array.from(W.subarray(10, 16))).toEqual([0, 0, 0, 0, 0, 0]);
    //                    count start    nice cpus loop first n arrival limit speedup
    expect(group(W, 0)).toEqual([4, 2e6, -3, 76, -1, 0, 2, -1, -1, -1, 0, 0, 0, 0, 0, 0]);
    expect(group(W, 1)).toEqual([1, 0, 0, -1, 1, 2, 1, 3, 20000, -1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(W.subarray(76, 79))).toEqual([2, 0, 1]);
    expect(dist(W, 0)).toEqual([0, 5e6, 0, 0]);
    expect(dist(W, 1)).toEqual([0, 1e6, 0, 0]);
    expect(dist(W, 2)).toEqual([1, 1e6, 0, 0]);
    expect(dist(W, 3)).toEqual([1, 1.25e6, 0, 0]);
    expect(op(W, 0)).toEqual([1, 0, 0, 0]);
    expect(op(W, 1)).toEqual([2, 1, 0, 0]);
    expect(op(W, 2)).toEqual([1, 2, 0, 0]);
  });

  it("encodes every distribution kind, choices with consecutive entries", () => {
    const w = parseWorkload({
      groups: [
        {
          name: "g",
          program: [
            { run: { uniform: ["1ms", "2ms"] } },
            { run: { normal: ["3ms", "1ms"] } },
            { run: { lognormal: ["300ms", 1.5] } },
            {
              run: {
                choice: [
                  [3, "1us"],
                  [1, { choice: [[1, { exp: "2us" }]] }],
                ],
              },
            },
          ],
        },
      ],
    });
    const { data: W } = encodeWorkload(w, machine);
    expect(dist(W, 0)).toEqual([2, 1e6, 2e6, 0]);
    expect(dist(W, 1)).toEqual([3, 3e6, 1e6, 0]);
    expect(dist(W, 2)).toEqual([4, 300e6, 1.5, 0]);
    // choice at 3: 2 entries starting at 4; entry 0 → const at 6; entry 1 → nested choice at 7
    expect(dist(W, 3)).toEqual([5, 0, 2, 4]);
    expect(dist(W, 4)).toEqual([6, 3, 6, 0]);
    expect(dist(W, 5)).toEqual([6, 1, 7, 0]);
    expect(dist(W, 6)).toEqual([0, 1000, 0, 0]);
    expect(dist(W, 7)).toEqual([5, 0, 1, 8]);
    expect(dist(W, 8)).toEqual([6, 1, 9, 0]);
    expect(dist(W, 9)).toEqual([1, 2000, 0, 0]);
    expect(header(W).ndists).toBe(10);
    expect(op(W, 3)).toEqual([1, 3, 0, 0]);
  });

  it("encodes every opcode with its operands, objects by first use", () => {
    const w = parseWorkload({
      channels: { pipe: { capacity: 4096 } },
      groups: [
        {
          name: "a",
          count: "ncpus",
          speedup: { E: 0.5, X: 2 },
          program: [
            { runtime: "1ms" }, //            op 0
            { yield: true }, //               op 1
            { wait: "evt" }, //               op 2 → object 0 (event)
            { signal: "evt", count: "all", remember: false }, // op 3
            { suspend: true }, //             op 4
            { wake: "b", count: 2 }, //       op 5
            { lock: "m" }, //                 op 6 → object 1 (mutex)
            { unlock: "m" }, //               op 7
            { barrier: "bar" }, //            op 8 → object 2 (barrier), parties = 4 (a) + 2 (b)
            { period: "16ms", deadline: "10ms" }, // op 9
            { timer: "10ms", mode: "absolute", ref: "t1" }, // op 10, slot 0
            { timer: "20ms", ref: "t2" }, //  op 11, slot 1
            { timer: "10ms", ref: "t1" }, //  op 12, slot 0 again
            { spawn: "b", count: "2*ncpus" }, // op 13
            { send: "pipe", bytes: 100 }, //  op 14 → object 3 (channel 4096)
            { recv: "other", bytes: 10 }, //  op 15 → object 4 (channel, default 65536)
            { signal: "m" }, //               op 16 → object 5: an event named like the mutex is another object
          ],
        },
        { name: "b", count: 2, program: [{ barrier: "bar" }, { timer: "5ms", ref: "t2" }] },
      ],
    });
    const { data: W } = encodeWorkload(w, machine);
    const ops = Array.from({ length: header(W).nops as number }, (_, i) => op(W, i));
    expect(ops.slice(0, 17)).toEqual([
      [3, 0, 0, 0],
      [4, 0, 0, 0],
      [5, 0, 0, 0],
      [6, 0, -1, 0],
      [5, -1, 0, 0],
      [7, 1, 2, 1],
      [8, 1, 0, 0],
      [9, 1, 0, 0],
      [10, 2, 6, 0],
      [11, 1, 10e6, 0], // dist 1 = 16 ms (dist 0 is the runtime's)
      [15, 2, 1, 0],
      [15, 3, 0, 1],
      [15, 4, 0, 0],
      [12, 1, 8, 0],
      [13, 3, 100, 0],
      [14, 4, 10, 0],
      [6, 5, 1, 1],
    ]);
    // group b: its own timer slots start at 0
    expect(ops.slice(17)).toEqual([
      [10, 2, 6, 0],
      [15, 5, 0, 0],
    ]);
    expect(header(W).nobjects).toBe(6);
    expect([0, 1, 2, 3, 4, 5].map((i) => obj(W, i))).toEqual([
      [1, 0, 0, 0],
      [2, 0, 0, 0],
      [3, 6, 0, 0],
      [4, 4096, 0, 0],
      [4, 65536, 0, 0],
      [1, 0, 0, 0],
    ]);
    const a = group(W, 0);
    expect(a[0]).toBe(4); // ncpus
    expect(a.slice(5, 7)).toEqual([0, 17]);
    // speedup list: type E is index 1; type X is not on this machine and is left out
    const at = a[9] as number;
    expect(at).toBeGreaterThanOrEqual(header(W).listsAt);
    expect(Array.from(W.subarray(at, at + 3))).toEqual([1, 1, 0.5]);
    expect(group(W, 1).slice(5, 7)).toEqual([17, 2]);
  });

  it("unrolls repeat blocks", () => {
    const w = parseWorkload({
      groups: [
        {
          name: "g",
          program: [
            { repeat: 2, steps: [{ run: "1ms" }, { repeat: 2, steps: [{ sleep: "1ms" }] }] },
            { yield: true },
          ],
        },
      ],
    });
    const { data: W } = encodeWorkload(w, machine);
    const opcodes = Array.from({ length: header(W).nops as number }, (_, i) => op(W, i)[0]);
    expect(opcodes).toEqual([1, 2, 2, 1, 2, 2, 4]);
    expect(group(W, 0).slice(5, 7)).toEqual([0, 7]);
  });

  it("resolves ncpus counts per machine", () => {
    const w = parseWorkload({
      groups: [{ name: "g", count: "ncpus/2", program: [{ run: "1ms" }] }],
    });
    expect(group(encodeWorkload(w, { ncpus: 64, cpuTypeNames: ["P"] }).data, 0)[0]).toBe(32);
    expect(group(encodeWorkload(w, { ncpus: 1, cpuTypeNames: ["P"] }).data, 0)[0]).toBe(0);
  });

  it("rejects an affinity CPU the machine lacks, naming the field", () => {
    const w = parseWorkload({
      groups: [
        { name: "g", program: [{ run: "1ms" }] },
        { name: "h", cpus: [0, 4], program: [{ run: "1ms" }] },
      ],
    });
    expect(() => encodeWorkload(w, { ncpus: 8, cpuTypeNames: ["P"] })).not.toThrow();
    try {
      encodeWorkload(w, machine);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe("groups[1].cpus[1]");
      expect((e as Error).message).toMatch(/CPU 4 does not exist: the machine has 4 CPUs/);
    }
  });

  it("rejects a barrier nobody can complete on this machine", () => {
    const w = parseWorkload({
      groups: [{ name: "g", count: "ncpus/8", program: [{ barrier: "b" }] }],
    });
    expect(() => encodeWorkload(w, { ncpus: 8, cpuTypeNames: ["P"] })).not.toThrow();
    expect(() => encodeWorkload(w, machine)).toThrow(
      /groups\[0\]\.program\[0\]\.barrier: barrier "b" has no participants/,
    );
  });
});
