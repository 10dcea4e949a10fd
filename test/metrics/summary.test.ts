import { describe, expect, test } from "vitest";
import { fairnessJain, jainIndex } from "../../src/metrics/fairness.ts";
import { summarize } from "../../src/metrics/summary.ts";
import { expectContractKeys } from "../helpers/contractKeys.ts";
import { makeRawRun } from "./fixtures.ts";

describe("summarize(hand-made RawRun)", () => {
  const r = summarize(makeRawRun());

  test("identity fields come from the request", () => {
    expect(r).toMatchObject({
      policy: "simple",
      params: { fifo_sched: false },
      machine: "two-cpus",
      workload: "mixed",
      seed: 7,
      simulated_ns: 10e9,
      wall_ms: 12.5,
      events: 12345,
      exit: { kind: "done", at_ns: 10e9 },
    });
  });

  test("has every key of the contract's result", () => {
    expectContractKeys(r);
  });

  test("utilization = busy / (cpus × simulated time) = 14 s / (2 × 10 s)", () => {
    expect(r.summary.utilization).toBeCloseTo(0.7, 12);
  });

  test("utilization by CPU type uses each type's own CPUs", () => {
    expect(r.summary.utilization_by_type).toEqual({ P: 0.9, E: 0.5 });
    expect(r.cpus.map((c) => c.utilization)).toEqual([0.9, 0.5]);
  });

  test("fairness is Jain's index of cpu_time/weight over always-runnable whole-run tasks", () => {
    // pids 1, 2, 4 qualify: 4e9/100, 2e9/100, 8e9/200 → 4e7, 2e7, 4e7; pid 3 slept and joined late
    const x = [4e7, 2e7, 4e7];
    const expected = (x[0] + x[1] + x[2]) ** 2 / (3 * (x[0] ** 2 + x[1] ** 2 + x[2] ** 2));
    expect(r.summary.fairness_jain).toBeCloseTo(expected, 12);
  });

  test("counters map to their fields", () => {
    expect(r.summary).toMatchObject({
      context_switches: 40,
      migrations: 7,
      tasks_started: 4,
      tasks_exited: 1,
      deadlines: 10,
      deadline_misses: 2,
      throughput_per_s: 0.1,
      overhead_ns: 5000,
    });
    expect(r.summary.scx_events).toMatchObject({ select_cpu_fallback: 3 });
  });

  test("energy is null without an energy model (NaN counters)", () => {
    expect(r.summary.energy_j).toBeNull();
    expect(r.cpus.every((c) => c.energy_j === null)).toBe(true);
    const withEnergy = makeRawRun();
    withEnergy.counters[15] = 12.5;
    withEnergy.cpuStats[2] = 8;
    const s = summarize(withEnergy);
    expect(s.summary.energy_j).toBe(12.5);
    expect(s.cpus[0].energy_j).toBe(8);
  });

  test("groups are named by index from groupNames, with their own stats and histograms", () => {
    expect(Object.keys(r.groups)).toEqual(["batch", "web"]);
    expect(r.groups.batch).toMatchObject({
      tasks: 3,
      cpu_time_ns: 14e9,
      deadlines: 10,
      deadline_misses: 2,
      tasks_exited: 0,
    });
    expect(r.groups.batch.wakeup_latency_ns).toMatchObject({
      count: 3,
      mean: 200,
      p50: 200,
      max: 300,
    });
    expect(r.groups.batch.response_ns.count).toBe(0);
    expect(r.groups.web).toMatchObject({ tasks: 1, cpu_time_ns: 0.5e9, tasks_exited: 1 });
    expect(r.groups.web.run_delay_ns).toMatchObject({ count: 1, p99: 7000, max: 7000 });
  });

  test("the run's latencies merge every group's", () => {
    expect(r.summary.wakeup_latency_ns).toMatchObject({ count: 4, max: 5000, p50: 200 });
    expect(r.summary.wakeup_latency_ns.mean).toBeCloseTo((100 + 200 + 300 + 5000) / 4, 9);
    // 3000 falls in bucket [2992, 3008), reported by its midpoint
    expect(r.summary.run_delay_ns).toMatchObject({ count: 3, p50: 3000 });
    expect(r.summary.response_ns).toMatchObject({ count: 1, p50: 1e9, max: 1e9 });
  });

  test("cpus list each CPU with its stats and type", () => {
    expect(r.cpus).toEqual([
      { id: 0, busy_ns: 9e9, switches: 25, energy_j: null, type: "P", utilization: 0.9 },
      { id: 1, busy_ns: 5e9, switches: 15, energy_j: null, type: "E", utilization: 0.5 },
    ]);
  });

  test("an ejection carries reason, callback and time", () => {
    const ejected = summarize(
      makeRawRun({
        exit: {
          kind: "ejected",
          code: 1026,
          reason: "runnable task stall",
          callback: "ops.dispatch",
          atNs: 31e9,
        },
      }),
    );
    expect(ejected.exit).toEqual({
      kind: "ejected",
      reason: "runnable task stall",
      callback: "ops.dispatch",
      at_ns: 31e9,
    });
  });

  test("a zero-length run reports zeros, not NaN", () => {
    const s = summarize(makeRawRun({ simulatedNs: 0 }));
    expect(s.summary.utilization).toBe(0);
    expect(s.summary.throughput_per_s).toBe(0);
    expect(JSON.stringify(s)).not.toContain("NaN");
  });
});

describe("fairness", () => {
  test("Jain's index: 1 for equal shares, 1/n when one task has everything", () => {
    expect(jainIndex([3, 3, 3])).toBe(1);
    expect(jainIndex([5, 0, 0, 0])).toBe(0.25);
    expect(jainIndex([])).toBeNull();
    expect(jainIndex([0, 0])).toBeNull();
  });

  test("null when no task was always runnable for the whole run", () => {
    const stats = new Float64Array([1, 0, 0, -1, 5e9, 100, 0, 0, 2, 0, 5e8, -1, 1e9, 100, 1, 0]);
    expect(fairnessJain(stats)).toBeNull();
  });

  test("weight normalises: twice the weight, twice the CPU is perfectly fair", () => {
    const stats = new Float64Array([1, 0, 0, -1, 2e9, 100, 1, 0, 2, 0, 0, -1, 4e9, 200, 1, 0]);
    expect(fairnessJain(stats)).toBe(1);
  });
});
