// A machine and a workload encoded by hand, straight from docs/internals.md "Encodings", so the
// simulator tests do not depend on src/config (and pin the format the engine reads).
import type { CompiledPolicy, RunRequest } from "../../src/sim/types.ts";

/** N identical CPUs of capacity 1024, no SMT, one LLC, every overhead zero, tickless. */
export function encodeFlatMachine(ncpus: number): Float64Array {
  const header = [1, ncpus, 0, 0, 1.0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
  const cpus: number[] = [];
  for (let i = 0; i < ncpus; i++) {
    // type, capacity, linux_capacity, core, cluster, llc, node, freq domain, idle exit, idle mW, -, -
    cpus.push(0, 1024, 1024, i, 0, 0, 0, 0, 0, 0, 0, 0);
  }
  const freqDomain = [1, 1000, 0, 0]; // one OPP
  return new Float64Array([...header, ...cpus, ...freqDomain]);
}

/** One closed group of `count` tasks looping forever: run `runNs`, sleep `sleepNs`. */
export function encodeLoopWorkload(count: number, runNs: number, sleepNs: number): Float64Array {
  const groupOff = 16;
  const distOff = groupOff + 16;
  const opOff = distOff + 2 * 4;
  const end = opOff + 2 * 4;
  const header = [1, 1, groupOff, distOff, 2, opOff, 2, end, 0, end, 0, 0, 0, 0, 0, 0];
  // count, start, nice, cpulist, loop, first op, nops, arrival dist, arrival limit, speedups, reserved×6
  const group = [count, 0, 0, -1, -1, 0, 2, -1, -1, -1, 0, 0, 0, 0, 0, 0];
  const dists = [0, runNs, 0, 0, 0, sleepNs, 0, 0]; // const run, const sleep
  const ops = [1, 0, 0, 0, 2, 1, 0, 0]; // RUN dist 0, SLEEP dist 1
  return new Float64Array([...header, ...group, ...dists, ...ops]);
}

export function tinyRequest(
  policy: CompiledPolicy,
  overrides: Partial<RunRequest> = {},
): RunRequest {
  return {
    policy,
    params: {},
    machineName: "flat-2",
    machine: encodeFlatMachine(2),
    workloadName: "two-loopers",
    workload: encodeLoopWorkload(2, 5_000_000, 1_000_000),
    groupNames: ["loopers"],
    cpuTypeNames: ["P"],
    seed: 1,
    durationNs: 100_000_000,
    ...overrides,
  };
}
