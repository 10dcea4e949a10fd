// Validation against queueing theory and weighted fair sharing, under the built-in `simple`
// policy (scx_simple): FIFO mode is an M/M/c FCFS queue (idle CPUs get a task directly, the
// others wait on one shared FIFO DSQ), vtime mode shares a CPU by weight.
//
// Each queueing model is checked twice: exactly, sample path by sample path (the engine's
// completions equal the FCFS recursion run on the engine's own arrival and service times), and
// statistically (the mean response over several seeds equals the closed formula within a
// tolerance of about four standard errors of the estimate).
import { beforeAll, describe, expect, it } from "vitest";
import { COMPILE_TIMEOUT_MS, MS, policy, type Sim, simulate, taskStats } from "./harness.ts";

// Compile up front, outside the tests' timeouts (a cold compile takes seconds).
beforeAll(() => policy("simple", true), COMPILE_TIMEOUT_MS);

const SIMPLE = () => policy("simple", true);
const S = 1 * MS; // mean service
const ARRIVAL_1 = 1.25 * MS; // mean interarrival for one server: rho = 0.8

/** An open-loop M/M/c workload on c identical CPUs, tickless, zero costs. */
async function mmc(c: number, arrivals: number, seed: number): Promise<Sim> {
  return simulate(await SIMPLE(), {
    machine: { cpus: c },
    groups: [
      {
        arrivals: { interval: { exp: ARRIVAL_1 / c }, limit: arrivals },
        program: [{ run: { exp: S } }],
      },
    ],
    durationNs: 1e15,
    seed,
    params: { fifo_sched: true },
  });
}

/** Completion times of FCFS with c servers, from arrival and service times in arrival order. */
function fcfs(c: number, jobs: { arrival: number; service: number }[]): number[] {
  const free = new Array<number>(c).fill(0);
  return jobs.map(({ arrival, service }) => {
    let k = 0;
    for (let i = 1; i < c; i++) if ((free[i] as number) < (free[k] as number)) k = i;
    const end = Math.max(arrival, free[k] as number) + service;
    free[k] = end;
    return end;
  });
}

/** Erlang C: the probability that an arrival waits in M/M/c with offered load a = lambda/mu. */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const last = (term * c) / (c - a); // a^c/c! * c/(c-a)
  return last / (sum + last);
}

/** Pooled mean response over seeds 1..n (exact: the histogram's sum), and the per-seed means. */
async function pooledMean(
  c: number,
  arrivals: number,
  seeds: number,
): Promise<{ mean: number; perSeed: number[]; se: number }> {
  let sum = 0;
  let count = 0;
  const perSeed: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const sim = await mmc(c, arrivals, seed);
    expect(sim.exit.kind).toBe("done");
    const h = sim.hist(0, 2);
    expect(h.count).toBe(arrivals);
    sum += h.sum;
    count += h.count;
    perSeed.push(h.mean);
  }
  const mean = sum / count;
  const sd = Math.sqrt(perSeed.reduce((a, m) => a + (m - mean) ** 2, 0) / (seeds - 1));
  return { mean, perSeed, se: sd / Math.sqrt(seeds) };
}

/** The statistical runs simulate ~800k tasks; leave room for a busy machine. */
const HEAVY_TIMEOUT_MS = 180_000;

const fmt = (ns: number) => `${(ns / MS).toFixed(4)} ms`;

describe("M/M/1 FIFO (one CPU, tickless, zero costs, rho = 0.8)", () => {
  it("every task completes exactly when the FCFS recursion (Lindley) says", async () => {
    const sim = await mmc(1, 20_000, 7);
    const tasks = taskStats(sim);
    expect(tasks).toHaveLength(20_000);
    const jobs = tasks.map((t) => ({ arrival: t.start, service: t.cpuTime }));
    const ends = fcfs(1, jobs);
    const mismatches = tasks.filter((t, i) => t.end !== ends[i]).length;
    expect(mismatches).toBe(0);
  });

  it(
    "mean response = S/(1-rho) = 5 ms within 4% (8 seeds x 100k arrivals)",
    async () => {
      const rho = S / ARRIVAL_1;
      const expected = S / (1 - rho);
      const { mean, perSeed, se } = await pooledMean(1, 100_000, 8);
      const msg = `M/M/1: simulated ${fmt(mean)} (±${fmt(se)} s.e.; seeds ${perSeed.map(fmt).join(", ")}) vs S/(1-rho) = ${fmt(expected)}, ${(((mean - expected) / expected) * 100).toFixed(2)}%`;
      console.log(msg);
      expect(Math.abs(mean - expected) / expected, msg).toBeLessThan(0.04);
    },
    HEAVY_TIMEOUT_MS,
  );
});

describe("M/M/c FIFO (c = 4, rho = 0.8)", () => {
  it("every task completes exactly when the c-server FCFS recursion says", async () => {
    const sim = await mmc(4, 20_000, 7);
    const tasks = taskStats(sim);
    const ends = fcfs(
      4,
      tasks.map((t) => ({ arrival: t.start, service: t.cpuTime })),
    );
    expect(tasks.filter((t, i) => t.end !== ends[i]).length).toBe(0);
  });

  it(
    "mean response = 1/mu + C(c, a)/(c mu - lambda) (Erlang C) within 3% (4 seeds x 100k arrivals)",
    async () => {
      const c = 4;
      const lambda = c / ARRIVAL_1;
      const mu = 1 / S;
      const a = lambda / mu;
      const expected = 1 / mu + erlangC(c, a) / (c * mu - lambda);
      const { mean, perSeed, se } = await pooledMean(c, 100_000, 4);
      const msg = `M/M/4: simulated ${fmt(mean)} (±${fmt(se)} s.e.; seeds ${perSeed.map(fmt).join(", ")}) vs Erlang C ${fmt(expected)} (P(wait) = ${erlangC(c, a).toFixed(4)}), ${(((mean - expected) / expected) * 100).toFixed(2)}%`;
      console.log(msg);
      expect(Math.abs(mean - expected) / expected, msg).toBeLessThan(0.03);
    },
    HEAVY_TIMEOUT_MS,
  );
});

describe("weighted sharing under simple's vtime mode (one CPU, HZ 250)", () => {
  async function shares(
    nice0: number,
    nice5: number,
  ): Promise<{ per0: number; per5: number; total: number }> {
    const sim = await simulate(await SIMPLE(), {
      machine: { cpus: 1, hz: 250 },
      groups: [
        { nice: 0, count: nice0, program: [{ run: 1e12 }] },
        { nice: 5, count: nice5, program: [{ run: 1e12 }] },
      ],
      durationNs: 4000 * MS,
    });
    const ts = taskStats(sim);
    expect(ts.map((t) => t.weight).sort((x, y) => x - y)).toEqual([
      ...Array(nice5).fill(33),
      ...Array(nice0).fill(100),
    ]);
    const sum = (w: number) => ts.filter((t) => t.weight === w).reduce((s, t) => s + t.cpuTime, 0);
    return { per0: sum(100) / nice0, per5: sum(33) / nice5, total: sum(100) + sum(33) };
  }

  it("two nice-0 and two nice-5 always-runnable tasks get CPU time 100:33 per task (within 5%)", async () => {
    const { per0, per5, total } = await shares(2, 2);
    const ratio = per0 / per5;
    const msg = `per-task CPU time nice 0 : nice 5 = ${fmt(per0)} : ${fmt(per5)} = ${ratio.toFixed(3)} (weights 100:33 = ${(100 / 33).toFixed(3)})`;
    console.log(msg);
    expect(Math.abs(ratio - 100 / 33) / (100 / 33), msg).toBeLessThan(0.05);
    expect(total).toBe(4000 * MS);
  });

  it("with only two tasks (nice 0 and nice 5) they alternate 1:1, as scx_simple does on a real kernel", async () => {
    // ops.dispatch(cpu, prev) runs before prev is put back through ops.enqueue (sched_ext.md §1
    // dispatch, §2.3), so with one other task in the shared DSQ that task is always the one
    // moved: the vtime order never gets a choice.
    const { per0, per5 } = await shares(1, 1);
    expect(per0).toBe(2000 * MS);
    expect(per5).toBe(2000 * MS);
  });
});
