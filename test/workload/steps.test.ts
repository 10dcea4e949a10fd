// The workload steps as the engine runs them, each on a tiny scenario with timings worked out
// by hand: one CPU per task unless said otherwise, no overheads, no tick, FIFO scheduling.
import { beforeAll, describe, expect, it } from "vitest";
import { loadPolicy } from "../../src/compile/index.ts";
import type { CompiledPolicy, RawRun, RunResult } from "../../src/sim/types.ts";
import { MS, runFiles, taskStat, ZERO_COSTS } from "../helpers/runFiles.ts";

let simple: CompiledPolicy;

beforeAll(async () => {
  simple = await loadPolicy("simple", { release: false });
}, 300_000);

function machine(n: number) {
  return {
    name: `flat-${n}`,
    cpus: Array.from({ length: n }, (_, i) => ({
      id: i,
      type: "P",
      capacity: 1024,
      core: i,
      llc: 0,
      node: 0,
      idle_exit_latency_ns: 0,
    })),
    costs: ZERO_COSTS,
    hz: 0,
  };
}

interface Outcome {
  raw: RawRun;
  result: RunResult;
  /** Exit time of each task by pid. */
  exitAt: Map<number, number>;
  cpuTime: Map<number, number>;
}

async function run(
  workload: object | string,
  ncpus: number,
  durationNs: number,
  seed = 1,
): Promise<Outcome> {
  const { raw, result } = await runFiles(simple, machine(ncpus), workload, {
    durationNs,
    seed,
    params: { fifo_sched: true },
  });
  const exitAt = new Map<number, number>();
  const cpuTime = new Map<number, number>();
  for (let pid = 1; pid <= raw.taskStats.length / 8; pid++) {
    exitAt.set(pid, taskStat(raw, pid, 3));
    cpuTime.set(pid, taskStat(raw, pid, 4));
  }
  return { raw, result, exitAt, cpuTime };
}

describe("workload steps", { timeout: 120_000 }, () => {
  it("run and sleep: 2 ms of work, 3 ms asleep, 1 ms of work end at 6 ms", async () => {
    const o = await run(
      {
        name: "rs",
        groups: [{ name: "t", program: [{ run: "2ms" }, { sleep: "3ms" }, { run: "1ms" }] }],
      },
      1,
      100 * MS,
    );
    expect(o.exitAt.get(1)).toBe(6 * MS);
    expect(o.cpuTime.get(1)).toBe(3 * MS);
  });

  it("runtime is wall time: a task kept off the CPU still ends its 10 ms runtime at 10 ms", async () => {
    // Both tasks on one CPU: `first` runs 5 ms, then `wall` gets the CPU for what is left.
    const o = await run(
      {
        name: "rt",
        groups: [
          { name: "first", program: [{ run: "5ms" }] },
          { name: "wall", program: [{ runtime: "10ms" }] },
        ],
      },
      1,
      100 * MS,
    );
    expect(o.exitAt.get(1)).toBe(5 * MS);
    expect(o.exitAt.get(2)).toBe(10 * MS);
    expect(o.cpuTime.get(2), "it only ran for the last 5 ms").toBe(5 * MS);
  });

  it("a barrier releases every participant at the last arrival", async () => {
    // Three tasks reach the barrier after 1, 2 and 3 ms; all leave at 3 ms and end 1 ms later.
    const group = (name: string, ms: number) => ({
      name,
      program: [{ run: `${ms}ms` }, { barrier: "b", parties: 3 }, { run: "1ms" }],
    });
    const o = await run(
      { name: "bar", groups: [group("a", 1), group("b", 2), group("c", 3)] },
      3,
      100 * MS,
    );
    expect([o.exitAt.get(1), o.exitAt.get(2), o.exitAt.get(3)]).toEqual([4 * MS, 4 * MS, 4 * MS]);
  });

  it("a mutex is handed over in FIFO order of the waiters", async () => {
    // holder takes m at 0 and keeps it 5 ms; a asks at 1 ms, b at 2 ms. a gets it at 5 ms and
    // holds it 1 ms, then b: a ends at 6 ms, b at 7 ms.
    const o = await run(
      {
        name: "mutex",
        groups: [
          { name: "holder", program: [{ lock: "m" }, { run: "5ms" }, { unlock: "m" }] },
          { name: "a", program: [{ run: "1ms" }, { lock: "m" }, { run: "1ms" }, { unlock: "m" }] },
          { name: "b", program: [{ run: "2ms" }, { lock: "m" }, { run: "1ms" }, { unlock: "m" }] },
        ],
      },
      3,
      100 * MS,
    );
    expect(o.exitAt.get(1)).toBe(5 * MS);
    expect(o.exitAt.get(2), "a, first in line").toBe(6 * MS);
    expect(o.exitAt.get(3), "b, second in line").toBe(7 * MS);
  });

  it("a periodic task that needs more than its period misses every deadline", async () => {
    // 15 ms of work every 10 ms: each iteration ends after its deadline and waits for the next
    // boundary, so iterations end at 15, 35, 55, 75, 95 ms: 5 deadlines, 5 misses in 100 ms.
    const over = await run(
      {
        name: "over",
        groups: [{ name: "p", loop: -1, program: [{ run: "15ms" }, { period: "10ms" }] }],
      },
      1,
      100 * MS,
    );
    expect(over.result.summary.deadlines).toBe(5);
    expect(over.result.summary.deadline_misses).toBe(5);
    // 5 ms every 10 ms fits: iterations end at 5, 15, …, 95 ms, all in time.
    const fits = await run(
      {
        name: "fits",
        groups: [{ name: "p", loop: -1, program: [{ run: "5ms" }, { period: "10ms" }] }],
      },
      1,
      100 * MS,
    );
    expect(fits.result.summary.deadlines).toBe(10);
    expect(fits.result.summary.deadline_misses).toBe(0);
  });

  it("two periodic tasks over-subscribing one CPU miss deadlines; apart they do not", async () => {
    const both = {
      name: "two",
      groups: ["a", "b"].map((name) => ({
        name,
        cpus: [0],
        loop: -1,
        program: [{ run: "6ms" }, { period: "10ms" }],
      })),
    };
    const shared = await run(both, 2, 100 * MS);
    const apart = await run(
      { ...both, groups: both.groups.map((g, i) => ({ ...g, cpus: [i] })) },
      2,
      100 * MS,
    );
    expect(apart.result.summary.deadline_misses).toBe(0);
    // 12 ms of work per 10 ms period: at least one task is late in every second period.
    expect(shared.result.summary.deadline_misses).toBeGreaterThanOrEqual(4);
    expect(shared.result.summary.deadline_misses).toBeLessThan(shared.result.summary.deadlines);
  });

  it("wait and signal: a waiter runs when the signal comes, a remembered signal is not lost", async () => {
    const o = await run(
      {
        name: "ev",
        groups: [
          { name: "waiter", program: [{ wait: "e" }, { run: "1ms" }] },
          { name: "signaller", program: [{ run: "3ms" }, { signal: "e" }, { run: "1ms" }] },
          // signals before anybody waits: remembered, so the late waiter does not block.
          { name: "early", program: [{ signal: "f" }] },
          { name: "late", program: [{ run: "2ms" }, { wait: "f" }, { run: "1ms" }] },
        ],
      },
      4,
      100 * MS,
    );
    expect(o.exitAt.get(1), "the waiter: woken at 3 ms, 1 ms of work").toBe(4 * MS);
    expect(o.exitAt.get(2)).toBe(4 * MS);
    expect(o.exitAt.get(4), "the late waiter finds the signal").toBe(3 * MS);
  });

  it("send and recv over a pipe: the reader sleeps until the bytes arrive", async () => {
    const o = await run(
      {
        name: "pipe",
        groups: [
          { name: "reader", program: [{ recv: "p", bytes: 100 }, { run: "1ms" }] },
          { name: "writer", program: [{ run: "2ms" }, { send: "p", bytes: 100 }] },
        ],
      },
      2,
      100 * MS,
    );
    expect(o.exitAt.get(1)).toBe(3 * MS);
    expect(o.exitAt.get(2)).toBe(2 * MS);
  });

  it("spawn forks tasks of another group, counted in tasks_started", async () => {
    const o = await run(
      {
        name: "spawn",
        groups: [
          { name: "parent", program: [{ run: "1ms" }, { spawn: "child", count: 3 }] },
          { name: "child", count: 0, program: [{ run: "2ms" }] },
        ],
      },
      4,
      100 * MS,
    );
    expect(o.result.summary.tasks_started).toBe(4);
    expect(o.result.summary.tasks_exited).toBe(4);
    for (const pid of [2, 3, 4]) expect(o.exitAt.get(pid), `child ${pid}`).toBe(3 * MS);
  });

  it("an rt-app file runs with its run and sleep times (µs)", async () => {
    const rtapp = `{
      /* an rt-app file as rt-app reads it: comments and a trailing comma */
      "global": { "duration": 1 },
      "tasks": { "t": { "loop": 5, "run": 2000, "sleep": 3000, } }
    }`;
    const o = await run(rtapp, 1, 1000 * MS);
    expect(o.exitAt.get(1), "5 × (2 ms + 3 ms)").toBe(25 * MS);
    expect(o.cpuTime.get(1)).toBe(10 * MS);
  });

  it("the same workload and seed give the same result, another seed another", async () => {
    const w = {
      name: "noisy",
      groups: [
        {
          name: "n",
          count: 4,
          loop: 50,
          program: [{ run: { exp: "1ms" } }, { sleep: { exp: "2ms" } }],
        },
      ],
    };
    const a = await run(w, 2, 200 * MS, 7);
    const b = await run(w, 2, 200 * MS, 7);
    const c = await run(w, 2, 200 * MS, 8);
    const strip = (r: RunResult) => JSON.stringify({ ...r, wall_ms: 0 });
    expect(strip(a.result)).toBe(strip(b.result));
    expect(strip(a.result)).not.toBe(strip(c.result));
  });
});
