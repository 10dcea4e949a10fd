// encodeMachine writes the layout of docs/internals.md "Machine": a 16-word header, 12 words per
// CPU, then one record per frequency domain. The engine reads these offsets; this test pins them.

import { describe, expect, it } from "vitest";
import {
  encodeMachine,
  loadMachine,
  machineFromCpus,
  parseMachine,
} from "../../src/config/machine.ts";

const HEADER = 16;
const CPU = 12;

/** Two SMT siblings (P) and two E cores in their own cluster and LLC on node 1, with OPPs. */
const SMALL = {
  name: "small",
  cpus: [
    { id: 0, type: "P", capacity: 1024, core: 0, llc: 0, node: 0, idle_exit_latency_ns: 1500 },
    { id: 1, type: "P", capacity: 1024, core: 0, llc: 0, node: 0, idle_exit_latency_ns: 1500 },
    { id: 2, type: "E", capacity: 400, linux_capacity: 1024, core: 1, llc: 1, node: 1 },
    {
      id: 3,
      type: "E",
      capacity: 400,
      linux_capacity: 1024,
      core: 2,
      llc: 1,
      node: 1,
      idle_power_mw: 3,
    },
  ],
  costs: {
    context_switch_ns: 1000,
    smt_corun_factor: 0.6,
    migration_ns: { core: 10, cluster: 20, llc: 30, node: 40 },
  },
  hz: 1000,
  watchdog_timeout_ms: 5000,
  freq_domains: [
    {
      cpus: [0, 1],
      opps: [
        { mhz: 3000, power_mw: 2000 },
        { mhz: 1000, power_mw: 200 },
      ],
    },
    { cpus: [2, 3], opps: [{ mhz: 2000, power_mw: 300 }] },
  ],
};

const small = () => parseMachine(structuredClone(SMALL));

describe("encodeMachine", () => {
  it("writes the header words", () => {
    const { data } = encodeMachine(small());
    expect([...data.slice(0, HEADER)]).toEqual([
      1, 4, 1000, 1000, 0.6, 10, 20, 30, 40, 2, 1, 5_000_000_000, 0, 0, 0, 0,
    ]);
  });

  it("writes one 12-word record per CPU, types indexed by first appearance", () => {
    const { data, cpuTypeNames } = encodeMachine(small());
    expect(cpuTypeNames).toEqual(["P", "E"]);
    const rec = (i: number) => [...data.slice(HEADER + i * CPU, HEADER + (i + 1) * CPU)];
    // type, capacity, linux capacity, core, cluster, llc, node, domain, idle exit, idle power, 0, 0
    expect(rec(0)).toEqual([0, 1024, 1024, 0, 0, 0, 0, 0, 1500, 0, 0, 0]);
    expect(rec(1)).toEqual([0, 1024, 1024, 0, 0, 0, 0, 0, 1500, 0, 0, 0]);
    expect(rec(2)).toEqual([1, 400, 1024, 1, 1, 1, 1, 1, 2000, 0, 0, 0]);
    expect(rec(3)).toEqual([1, 400, 1024, 2, 2, 1, 1, 1, 2000, 3, 0, 0]);
  });

  it("writes frequency domains after the CPUs, OPPs ascending as (mhz, power, 0)", () => {
    const { data } = encodeMachine(small());
    const at = HEADER + 4 * CPU;
    expect([...data.slice(at)]).toEqual([2, 1000, 200, 0, 3000, 2000, 0, 1, 2000, 300, 0]);
  });

  it("encodes --cpus 4 with every overhead zero, tickless, one domain and no energy model", () => {
    const { data, cpuTypeNames } = encodeMachine(machineFromCpus(4));
    expect([...data.slice(0, 12)]).toEqual([1, 4, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0]);
    expect(cpuTypeNames).toEqual(["cpu"]);
    expect([...data.slice(HEADER + 3 * CPU, HEADER + 4 * CPU)]).toEqual([
      0, 1024, 1024, 3, 3, 0, 0, 0, 0, 0, 0, 0,
    ]);
    expect([...data.slice(HEADER + 4 * CPU)]).toEqual([1, 1000, 0, 0]);
  });

  it("has the documented length for a 192-CPU preset", async () => {
    const m = await loadMachine("epyc-9654-nps1");
    const { data } = encodeMachine(m);
    const domains = m.freqDomains.reduce((n, d) => n + 1 + 3 * d.opps.length, 0);
    expect(data.length).toBe(HEADER + 192 * CPU + domains);
    expect(data[9]).toBe(96);
    // CPU 96 is the SMT sibling of CPU 0: same core word.
    expect(data[HEADER + 96 * CPU + 3]).toBe(data[HEADER + 3]);
  });
});
