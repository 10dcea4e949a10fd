// How fast work runs (docs/internals.md, CONTRACT.md "Machine file"): `run` is work in
// reference ns at capacity 1024; a CPU of capacity c does c/1024 of it per ns; SMT siblings
// both busy each run at smt_corun_factor; a task that moves pays migration_ns extra work; every
// stint start costs context_switch_ns of stall.
import { beforeAll, describe, expect, it } from "vitest";
import {
  COMPILE_TIMEOUT_MS,
  MS,
  policy,
  simulate,
  stints,
  taskStats,
  US,
  warmUp,
} from "./harness.ts";

// Compile the fixtures up front, outside the tests' timeouts (a cold compile takes seconds).
beforeAll(() => warmUp(["nocallbacks", "pingpong"]), COMPILE_TIMEOUT_MS);

const NONE = () => policy("nocallbacks");

describe("CPU capacity", () => {
  it("on one CPU of capacity 512 a run of W reference ns takes exactly 2W ns", async () => {
    for (const w of [7 * MS, 50 * MS, 1234567]) {
      const sim = await simulate(await NONE(), {
        machine: { cpus: [{ capacity: 512 }] },
        groups: [{ program: [{ run: w }] }],
        durationNs: 1000 * MS,
      });
      const t = taskStats(sim)[0];
      expect(t?.end, `W = ${w}`).toBe(2 * w);
      expect(t?.cpuTime).toBe(2 * w);
      expect(sim.hist(0, 2).max).toBe(2 * w);
    }
  });

  it("each CPU runs at its own capacity (1024, 256, 768)", async () => {
    const sim = await simulate(await NONE(), {
      machine: { cpus: [{ capacity: 1024 }, { capacity: 256 }, { capacity: 768 }] },
      groups: [0, 1, 2].map((c) => ({ cpus: [c], program: [{ run: 6 * MS }] })),
      durationNs: 1000 * MS,
    });
    expect(taskStats(sim).map((t) => t.end)).toEqual([6 * MS, 24 * MS, 8 * MS]);
  });
});

describe("SMT co-running", () => {
  const smt = (factor: number) => ({ cpus: [{ core: 0 }, { core: 0 }], smtCorunFactor: factor });

  it("two siblings both busy each run at smt_corun_factor", async () => {
    for (const [f, end] of [
      [0.5, 20 * MS],
      [0.625, 16 * MS],
      [1, 10 * MS],
    ] as const) {
      const sim = await simulate(await NONE(), {
        machine: smt(f),
        groups: [{ count: 2, program: [{ run: 10 * MS }] }],
        durationNs: 1000 * MS,
        trace: true,
      });
      const s = stints(sim);
      expect(new Set(s.map((x) => x.cpu))).toEqual(new Set([0, 1])); // one task per sibling
      expect(
        taskStats(sim).map((t) => t.end),
        `factor ${f}`,
      ).toEqual([end, end]);
    }
  });

  it("a sibling speeds up again when the other goes idle", async () => {
    // Both at 0.5 until A (10 ms of work) is done at 20 ms; B has done 10 of its 20 ms by
    // then and does the rest at full speed: done at 30 ms.
    const sim = await simulate(await NONE(), {
      machine: smt(0.5),
      groups: [
        { cpus: [0], program: [{ run: 10 * MS }] },
        { cpus: [1], program: [{ run: 20 * MS }] },
      ],
      durationNs: 1000 * MS,
    });
    expect(taskStats(sim).map((t) => t.end)).toEqual([20 * MS, 30 * MS]);
  });

  it("a task alone on its core runs at full speed", async () => {
    const sim = await simulate(await NONE(), {
      machine: smt(0.5),
      groups: [{ program: [{ run: 10 * MS }] }],
      durationNs: 1000 * MS,
    });
    expect(taskStats(sim)[0]?.end).toBe(10 * MS);
  });
});

describe("migration cost", () => {
  // pingpong sends every wakeup to the other CPU: 4 stints of 2 ms with 1 ms sleeps between
  // them (and after the last) = 3 migrations.
  const program = { loop: 4, program: [{ run: 2 * MS }, { sleep: 1 * MS }] };

  it("each move between cores adds migration_ns.core of work", async () => {
    const sim = await simulate(await policy("pingpong"), {
      machine: { cpus: 2, migration: { core: 50 * US, llc: 700 * US, node: 900 * US } },
      groups: [program],
      durationNs: 1000 * MS,
      trace: true,
    });
    expect(stints(sim).map((s) => s.cpu)).toEqual([1, 0, 1, 0]);
    expect(sim.counter("migrations")).toBe(3);
    expect(taskStats(sim)[0]?.end).toBe(12 * MS + 3 * 50 * US);
    expect(stints(sim).map((s) => s.end - s.start)).toEqual([
      2 * MS,
      2 * MS + 50 * US,
      2 * MS + 50 * US,
      2 * MS + 50 * US,
    ]);
  });

  it("a move across LLCs costs migration_ns.llc, and the cost is work (scaled by capacity)", async () => {
    const sim = await simulate(await policy("pingpong"), {
      machine: {
        cpus: [
          { llc: 0, capacity: 512 },
          { llc: 1, capacity: 512 },
        ],
        migration: { core: 50 * US, llc: 300 * US },
      },
      groups: [program],
      durationNs: 1000 * MS,
    });
    expect(sim.counter("migrations")).toBe(3);
    expect(taskStats(sim)[0]?.end).toBe(2 * (8 * MS + 3 * 300 * US) + 4 * MS);
  });

  it("no migration, no cost", async () => {
    const sim = await simulate(await NONE(), {
      machine: { cpus: 1, migration: { core: 50 * US, llc: 300 * US } },
      groups: [program],
      durationNs: 1000 * MS,
    });
    expect(sim.counter("migrations")).toBe(0);
    expect(taskStats(sim)[0]?.end).toBe(12 * MS);
  });
});

describe("context-switch cost", () => {
  it("every stint start stalls the CPU for context_switch_ns", async () => {
    const sim = await simulate(await NONE(), {
      machine: { cpus: 1, contextSwitchNs: 10 * US },
      groups: [{ loop: 4, program: [{ run: 2 * MS }, { sleep: 1 * MS }] }],
      durationNs: 1000 * MS,
    });
    expect(taskStats(sim)[0]?.end).toBe(12 * MS + 4 * 10 * US);
    expect(sim.counter("context_switches")).toBe(4);
    expect(sim.counter("overhead_ns")).toBe(40 * US);
  });

  it("two tasks sharing a CPU each pay it on every switch; keep-running pays nothing", async () => {
    const sim = await simulate(await NONE(), {
      machine: { cpus: 1, contextSwitchNs: 10 * US },
      groups: [
        { count: 2, program: [{ run: 5 * MS }] },
        { startNs: 20 * MS, program: [{ run: 45 * MS }] },
      ],
      durationNs: 1000 * MS,
      trace: true,
    });
    // A: 0 → 5.01 ms; B: 5.01 → 10.02 ms; C alone from 20 ms keeps the CPU past its 20 ms
    // slice (no switch, no cost): 20 → 65.01 ms.
    expect(taskStats(sim).map((t) => t.end)).toEqual([
      5 * MS + 10 * US,
      10 * MS + 20 * US,
      65 * MS + 10 * US,
    ]);
    expect(sim.counter("overhead_ns")).toBe(30 * US);
    expect(sim.cpuStats[3]).toBe(30 * US); // per-CPU overhead_ns
    // The stall is inside the stint: busy time includes it.
    expect(sim.counter("busy_ns")).toBe(55 * MS + 30 * US);
  });
});
