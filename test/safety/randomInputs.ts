// Random inputs for the property tests: machines, native workloads that fit them, seeds.
import fc from "fast-check";
import { type Machine, machineFromCpus } from "../../src/config/machine.ts";

const us = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((n) => `${n}us`);
const dist = fc.oneof(
  us(1, 5000),
  us(1, 5000).map((m) => ({ exp: m })),
  fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 3000 })).map(([a, b]) => ({
    uniform: [`${a}us`, `${a + b}us`],
  })),
);
const step = fc.oneof(
  { weight: 4, arbitrary: dist.map((d) => [{ run: d }]) },
  { weight: 3, arbitrary: dist.map((d) => [{ sleep: d }]) },
  { weight: 1, arbitrary: fc.constant([{ yield: true }]) },
  { weight: 1, arbitrary: dist.map((d) => [{ runtime: d }]) },
  { weight: 1, arbitrary: dist.map((d) => [{ lock: "m" }, { run: d }, { unlock: "m" }]) },
  { weight: 1, arbitrary: fc.constant([{ signal: "e" }]) },
  { weight: 1, arbitrary: fc.constant([{ wait: "e" }]) },
);

/** A native workload for a machine of `ncpus` CPUs: a few groups, closed or open loop. */
export function workloadFor(ncpus: number) {
  const cpuIds = Array.from({ length: ncpus }, (_, i) => i);
  const group = fc.record(
    {
      count: fc.integer({ min: 0, max: 6 }),
      nice: fc.integer({ min: -20, max: 19 }),
      loop: fc.oneof(fc.constant(-1), fc.integer({ min: 1, max: 20 })),
      cpus: fc.subarray(cpuIds, { minLength: 1 }),
      // Every program takes time: a loop of only zero-time steps (signal, lock/unlock, or
      // yield on a machine without switch costs) would spin at one instant (docs/safety.md).
      program: fc
        .tuple(dist, fc.array(step, { minLength: 0, maxLength: 4 }))
        .map(([d, s]) => [...s.flat(), { run: d }]),
      arrivals: fc.option(
        us(200, 5000).map((m) => ({ interval: { exp: m }, limit: 30 })),
        { nil: undefined },
      ),
    },
    { requiredKeys: ["count", "program"] },
  );
  return fc.array(group, { minLength: 1, maxLength: 4 }).map((groups) => ({
    name: "random",
    groups: groups.map((g, i) => ({
      name: `g${i}`,
      ...g,
      count: Math.max(g.count, g.arrivals ? 1 : 0),
    })),
  }));
}

/** A machine (`--cpus N` or a small preset with SMT, ticks and big/little cores), a workload that fits it, a seed, a duration. */
export function scenario(machines: Machine[]) {
  return fc
    .oneof(
      fc.integer({ min: 1, max: 8 }).map((n) => machineFromCpus(n)),
      fc.constantFrom(...machines),
    )
    .chain((machine) =>
      fc.record({
        machine: fc.constant(machine),
        workload: workloadFor(machine.cpus.length),
        seed: fc.integer({ min: 1, max: 2 ** 31 }),
        durationMs: fc.integer({ min: 20, max: 300 }),
      }),
    );
}
