// Determinism: one seed gives identical results (counters, histograms, per-task stats, trace and
// call-log bytes), whatever the chunking of abi_run; another seed gives different ones.
import { beforeAll, describe, expect, it } from "vitest";
import { COMPILE_TIMEOUT_MS, MS, policy, type SimSpec, simulate } from "./harness.ts";

// Compile up front, outside the tests' timeouts (a cold compile takes seconds).
beforeAll(() => policy("simple", true), COMPILE_TIMEOUT_MS);

const spec = (seed: number, chunkEvents?: number): SimSpec => ({
  machine: {
    cpus: [{ core: 0 }, { core: 0 }, { core: 1 }, { core: 1, capacity: 512 }],
    hz: 250,
    contextSwitchNs: 2000,
    smtCorunFactor: 0.625,
    migration: { core: 20_000 },
  },
  groups: [
    {
      name: "loop",
      count: 6,
      loop: -1,
      program: [{ run: { exp: 2 * MS } }, { sleep: { exp: 3 * MS } }],
    },
    {
      name: "open",
      arrivals: { interval: { exp: 1 * MS }, limit: 200 },
      program: [{ run: { uniform: [100_000, 900_000] } }],
    },
    { name: "hog", nice: 5, program: [{ run: 1e12 }] },
  ],
  durationNs: 300 * MS,
  seed,
  log: true,
  trace: true,
  ...(chunkEvents ? { chunkEvents } : {}),
});

function fingerprint(sim: Awaited<ReturnType<typeof simulate>>) {
  return {
    simulatedNs: sim.simulatedNs,
    events: sim.events,
    exit: sim.exit,
    counters: Array.from(sim.counters),
    cpuStats: Array.from(sim.cpuStats),
    groupStats: Array.from(sim.groupStats),
    hist: sim.histograms.map((row) =>
      row.map((h) => [h.count, h.sum, h.min, h.max, Array.from(h.buckets)]),
    ),
    tasks: Array.from(sim.taskStats),
  };
}

const bytes = (b: ArrayBuffer | undefined) => Buffer.from(new Uint8Array(b ?? new ArrayBuffer(0)));

describe("determinism", () => {
  it("the same seed gives identical counters, histograms, task stats, trace and log bytes", async () => {
    const pol = await policy("simple", true);
    const a = await simulate(pol, spec(5));
    const b = await simulate(pol, spec(5));
    expect(a.counter("tasks_started")).toBeGreaterThan(100);
    expect((a.trace?.byteLength ?? 0) > 10_000).toBe(true);
    expect(fingerprint(b)).toEqual(fingerprint(a));
    expect(bytes(b.trace).equals(bytes(a.trace))).toBe(true);
    expect(bytes(b.log).equals(bytes(a.log))).toBe(true);
  });

  it("chunking abi_run differently changes nothing", async () => {
    const pol = await policy("simple", true);
    const a = await simulate(pol, spec(5));
    const b = await simulate(pol, spec(5, 97));
    expect(fingerprint(b)).toEqual(fingerprint(a));
    expect(bytes(b.trace).equals(bytes(a.trace))).toBe(true);
    expect(bytes(b.log).equals(bytes(a.log))).toBe(true);
  });

  it("another seed gives different results", async () => {
    const pol = await policy("simple", true);
    const a = await simulate(pol, spec(5));
    const b = await simulate(pol, spec(6));
    expect(fingerprint(b).counters).not.toEqual(fingerprint(a).counters);
    expect(fingerprint(b).hist).not.toEqual(fingerprint(a).hist);
    expect(bytes(b.trace).equals(bytes(a.trace))).toBe(false);
  });
});
