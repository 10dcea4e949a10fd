// The machine file format: the contract's example loads with realistic defaults, our optional
// extensions are honoured, and every malformed file is rejected with the file and field path.

import { describe, expect, it } from "vitest";
import { parseMachine } from "../../src/config/machine.ts";
import {
  DEFAULT_CONTEXT_SWITCH_NS,
  DEFAULT_HZ,
  DEFAULT_IDLE_EXIT_LATENCY_NS,
  DEFAULT_MIGRATION_NS,
  DEFAULT_SMT_CORUN_FACTOR,
} from "../../src/config/machineDefaults.ts";
import { InputError } from "../../src/errors.ts";

/** CONTRACT.md "Machine file", with its comments removed. */
const CONTRACT_EXAMPLE = {
  name: "my-machine",
  cpus: [
    { id: 0, type: "P", capacity: 1024, core: 0, llc: 0, node: 0 },
    { id: 1, type: "P", capacity: 1024, core: 0, llc: 0, node: 0 },
    { id: 2, type: "E", capacity: 400, core: 1, llc: 0, node: 0 },
  ],
  costs: {
    context_switch_ns: 0,
    smt_corun_factor: 1.0,
    migration_ns: { core: 0, llc: 0, node: 0 },
  },
  hz: 0,
};

type Json = Record<string, unknown>;
const clone = <T>(x: T): T => structuredClone(x);

/** Four CPUs: an SMT pair of P, two E sharing an L2. Small enough to break one field at a time. */
function base(): Json {
  return {
    name: "t",
    cpus: [
      { id: 0, type: "P", capacity: 1024, core: 0, cluster: 0, llc: 0, node: 0 },
      { id: 1, type: "P", capacity: 1024, core: 0, cluster: 0, llc: 0, node: 0 },
      { id: 2, type: "E", capacity: 400, core: 1, cluster: 1, llc: 0, node: 0 },
      { id: 3, type: "E", capacity: 400, core: 2, cluster: 1, llc: 0, node: 0 },
    ],
  };
}

function errorOf(json: unknown, file = "m.json"): InputError {
  try {
    parseMachine(json, file);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected parseMachine to throw");
}

describe("parseMachine: valid files", () => {
  it("accepts the contract's example exactly as written", () => {
    const m = parseMachine(clone(CONTRACT_EXAMPLE));
    expect(m.name).toBe("my-machine");
    expect(m.cpus.map((c) => [c.type, c.capacity, c.core])).toEqual([
      ["P", 1024, 0],
      ["P", 1024, 0],
      ["E", 400, 1],
    ]);
    expect(m.costs).toEqual({
      contextSwitchNs: 0,
      smtCorunFactor: 1,
      migrationNs: { core: 0, cluster: 0, llc: 0, node: 0 },
      policyNsPerUnit: 0,
    });
    expect(m.hz).toBe(0);
  });

  it("reads the contract's migration_ns.core as covering the cluster boundary too", () => {
    const json = clone(CONTRACT_EXAMPLE);
    json.costs.migration_ns = { core: 700, llc: 0, node: 0 };
    expect(parseMachine(json).costs.migrationNs).toEqual({
      core: 700,
      cluster: 700,
      llc: 0,
      node: 0,
    });
    (json.costs.migration_ns as Record<string, number>).cluster = 900;
    expect(parseMachine(json).costs.migrationNs.cluster).toBe(900);
  });

  it("fills every missing cost with the sourced default", () => {
    const { costs: _, hz: __, ...bare } = clone(CONTRACT_EXAMPLE);
    const m = parseMachine(bare);
    expect(m.costs).toEqual({
      contextSwitchNs: DEFAULT_CONTEXT_SWITCH_NS,
      smtCorunFactor: DEFAULT_SMT_CORUN_FACTOR,
      migrationNs: { ...DEFAULT_MIGRATION_NS },
      policyNsPerUnit: 0,
    });
    expect(m.hz).toBe(DEFAULT_HZ);
    expect(m.cpus.every((c) => c.idleExitLatencyNs === DEFAULT_IDLE_EXIT_LATENCY_NS)).toBe(true);
  });

  it("defaults cluster to the core, linux_capacity to capacity, and one frequency domain per type", () => {
    const m = parseMachine(clone(CONTRACT_EXAMPLE));
    expect(m.cpus.map((c) => c.cluster)).toEqual([0, 0, 1]);
    expect(m.cpus.map((c) => c.linuxCapacity)).toEqual([1024, 1024, 400]);
    expect(m.freqDomains.map((d) => d.cpus)).toEqual([[0, 1], [2]]);
    expect(m.cpus.map((c) => c.freqDomain)).toEqual([0, 0, 1]);
    expect(m.hasEnergy).toBe(false);
  });

  it("sorts CPUs by id and makes core/cluster/LLC/node ids dense, keeping their order", () => {
    const json = {
      name: "sparse",
      cpus: [
        { id: 1, type: "A", capacity: 1024, core: 70, cluster: 9, llc: 5, node: 3 },
        { id: 0, type: "A", capacity: 1024, core: 50, cluster: 7, llc: 5, node: 3 },
        { id: 2, type: "A", capacity: 1024, core: 90, cluster: 11, llc: 8, node: 3 },
      ],
    };
    const m = parseMachine(json);
    expect(m.cpus.map((c) => [c.id, c.core, c.cluster, c.llc, c.node])).toEqual([
      [0, 0, 0, 0, 0],
      [1, 1, 1, 0, 0],
      [2, 2, 2, 1, 0],
    ]);
  });

  it("reads frequency domains from cpus lists or per-CPU indices, sorting OPPs by frequency", () => {
    const json = base();
    json.freq_domains = [
      {
        cpus: [0, 1],
        opps: [
          { mhz: 3000, power_mw: 900 },
          { mhz: 1000, power_mw: 100 },
        ],
      },
      { opps: [{ mhz: 2000, power_mw: 300 }] },
    ];
    (json.cpus as Json[]).slice(2).forEach((c) => {
      c.freq_domain = 1;
    });
    const m = parseMachine(json);
    expect(m.freqDomains[0]?.opps).toEqual([
      { mhz: 1000, powerMw: 100 },
      { mhz: 3000, powerMw: 900 },
    ]);
    expect(m.freqDomains[1]?.cpus).toEqual([2, 3]);
    expect(m.hasEnergy).toBe(true);
  });
});

describe("parseMachine: malformed files name the file and the field", () => {
  const cases: [string, (j: Json) => unknown, string, string][] = [
    [
      "a capacity above 1024",
      (j) => (((j.cpus as Json[])[3] as Json).capacity = 2000),
      "cpus[3].capacity",
      "expected a number from 1 to 1024, got 2000",
    ],
    ["a missing name", (j) => delete j.name, "name", "missing (expected a non-empty string)"],
    [
      "a misspelt field",
      (j) => (((j.cpus as Json[])[0] as Json).capcity = 3),
      "cpus[0].capcity",
      "unknown field",
    ],
    [
      "a fractional core id",
      (j) => (((j.cpus as Json[])[2] as Json).core = 1.5),
      "cpus[2].core",
      "expected an integer from 0 to 1000000, got 1.5",
    ],
    [
      "a string where a number goes",
      (j) => (((j.cpus as Json[])[1] as Json).llc = "0"),
      "cpus[1].llc",
      'expected an integer from 0 to 1000000, got "0"',
    ],
    [
      "an empty cpu list",
      (j) => (j.cpus = []),
      "cpus",
      "expected a list of 1 to 1024 items, got []",
    ],
    [
      "a duplicate CPU id",
      (j) => (((j.cpus as Json[])[1] as Json).id = 0),
      "cpus[1].id",
      "CPU id 0 is already used by cpus[0]",
    ],
    [
      "an id beyond N-1",
      (j) => (((j.cpus as Json[])[3] as Json).id = 7),
      "cpus[3].id",
      "expected an id from 0 to 3 (ids are 0..N-1 for 4 CPUs), got 7",
    ],
    [
      "SMT siblings of different types",
      (j) => (((j.cpus as Json[])[1] as Json).type = "E"),
      "cpus[1].core",
      'CPU 1 shares its core with CPU 0, which has type "P": CPUs sharing a core must have the same type',
    ],
    [
      "SMT siblings in different LLCs",
      (j) => Object.assign((j.cpus as Json[])[1] as Json, { llc: 1, cluster: 2 }),
      "cpus[1].core",
      "CPU 1 shares its core with CPU 0, which has cluster 0: CPUs sharing a core must have the same cluster",
    ],
    [
      "an L2 cluster spanning two LLCs",
      (j) => (((j.cpus as Json[])[3] as Json).llc = 1),
      "cpus[3].cluster",
      "CPU 3 shares its L2 cluster with CPU 2, which has llc 0: CPUs sharing an L2 cluster must have the same llc",
    ],
    [
      "an LLC spanning two nodes",
      (j) => Object.assign((j.cpus as Json[])[3] as Json, { node: 1, cluster: 2 }),
      "cpus[3].llc",
      "CPU 3 shares its LLC with CPU 0, which has node 0: CPUs sharing an LLC must have the same node",
    ],
    [
      "cluster on some CPUs only",
      (j) => delete ((j.cpus as Json[])[2] as Json).cluster,
      "cpus[2].cluster",
      "missing: give `cluster` for every CPU or for none (none = each core has its own L2)",
    ],
    [
      "no CPU of capacity 1024",
      (j) =>
        (j.cpus as Json[]).forEach((c, i) => {
          c.capacity = i < 2 ? 800 : 400;
        }),
      "cpus[0].capacity",
      "the largest capacity must be 1024 (capacities are relative to the biggest core, as in Linux), got 800",
    ],
    [
      "an SMT co-run factor of 0",
      (j) => (j.costs = { smt_corun_factor: 0 }),
      "costs.smt_corun_factor",
      "expected a number greater than 0 and at most 1, got 0",
    ],
    [
      "a negative migration cost",
      (j) => (j.costs = { migration_ns: { llc: -5 } }),
      "costs.migration_ns.llc",
      "expected an integer from 0 to 1000000000, got -5",
    ],
    [
      "an unknown cost",
      (j) => (j.costs = { migration_ns: { socket: 5 } }),
      "costs.migration_ns.socket",
      "unknown field",
    ],
    [
      "a watchdog above 30 s",
      (j) => (j.watchdog_timeout_ms = 40000),
      "watchdog_timeout_ms",
      "expected an integer from 0 to 30000, got 40000",
    ],
    [
      "a negative tick rate",
      (j) => (j.hz = -1),
      "hz",
      "expected an integer from 0 to 10000, got -1",
    ],
    [
      "a CPU in no frequency domain",
      (j) => (j.freq_domains = [{ cpus: [0, 1, 2], opps: [{ mhz: 1000 }] }]),
      "cpus[3].freq_domain",
      "missing: CPU 3 is in no frequency domain (set freq_domain or list it in freq_domains[].cpus)",
    ],
    [
      "a CPU in two frequency domains",
      (j) =>
        (j.freq_domains = [
          { cpus: [0, 1, 2, 3], opps: [{ mhz: 1000 }] },
          { cpus: [3], opps: [{ mhz: 1000 }] },
        ]),
      "freq_domains[1].cpus[0]",
      "CPU 3 is already in freq_domains[0]",
    ],
    [
      "SMT siblings in different frequency domains",
      (j) =>
        (j.freq_domains = [
          { cpus: [0, 2, 3], opps: [{ mhz: 1000 }] },
          { cpus: [1], opps: [{ mhz: 1000 }] },
        ]),
      "cpus[1].freq_domain",
      "CPU 1 is an SMT sibling of CPU 0 (core 0) but in frequency domain 1, not 0: siblings share a clock",
    ],
    [
      "power at some OPPs only",
      (j) =>
        (j.freq_domains = [
          { cpus: [0, 1, 2, 3], opps: [{ mhz: 1000, power_mw: 5 }, { mhz: 2000 }] },
        ]),
      "freq_domains[0].opps[1].power_mw",
      "missing: give power_mw at every OPP of every domain, or at none (no energy model)",
    ],
    [
      "the same OPP twice",
      (j) => (j.freq_domains = [{ cpus: [0, 1, 2, 3], opps: [{ mhz: 1000 }, { mhz: 1000 }] }]),
      "freq_domains[0].opps[1].mhz",
      "1000 MHz appears twice in this domain",
    ],
    [
      "a frequency domain with no CPU",
      (j) =>
        (j.freq_domains = [{ cpus: [0, 1, 2, 3], opps: [{ mhz: 1000 }] }, { opps: [{ mhz: 1 }] }]),
      "freq_domains[1]",
      "no CPU belongs to this domain",
    ],
    [
      "a freq_domain index without domains",
      (j) => (((j.cpus as Json[])[0] as Json).freq_domain = 0),
      "cpus[0].freq_domain",
      "refers to a frequency domain, but the file has no freq_domains list",
    ],
  ];

  for (const [what, breakIt, field, message] of cases) {
    it(`rejects ${what} at ${field}`, () => {
      const json = base();
      breakIt(json);
      const e = errorOf(json);
      expect(e.file).toBe("m.json");
      expect(e.field).toBe(field);
      expect(e.message.split("\n")[0]).toBe(`m.json: ${field}: ${message}`);
    });
  }

  it("rejects something that is not an object", () => {
    const e = errorOf([1, 2]);
    expect(e.field).toBeUndefined();
    expect(e.message).toBe("m.json: expected an object, got [1,2]");
  });

  it("mentions further problems after the first", () => {
    const json = base();
    ((json.cpus as Json[])[0] as Json).capacity = 0;
    ((json.cpus as Json[])[2] as Json).capacity = 5000;
    const e = errorOf(json);
    expect(e.field).toBe("cpus[0].capacity");
    expect(e.message).toContain(
      "\n  also cpus[2].capacity: expected a number from 1 to 1024, got 5000",
    );
  });
});
