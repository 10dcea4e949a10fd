// exportMachine gives a machine file that loads back to the same Machine, for every preset, for
// `--cpus N` and for the contract's example, also after a trip through JSON text.

import { describe, expect, it } from "vitest";
import {
  exportMachine,
  listMachines,
  loadMachine,
  machineFromCpus,
  parseMachine,
} from "../../src/config/machine.ts";

const roundTrip = (file: object) => parseMachine(JSON.parse(JSON.stringify(file)));

describe("exportMachine", () => {
  for (const { name } of listMachines()) {
    it(`round-trips preset ${name}`, async () => {
      const m = await loadMachine(name);
      expect(roundTrip(exportMachine(m))).toEqual(m);
    });
  }

  it("round-trips --cpus 3, keeping its zero costs and leaving out invented frequency data", () => {
    const m = machineFromCpus(3);
    const file = exportMachine(m);
    expect(file.freq_domains).toBeUndefined();
    expect(file.costs).toEqual({
      context_switch_ns: 0,
      smt_corun_factor: 1,
      migration_ns: { core: 0, cluster: 0, llc: 0, node: 0 },
    });
    expect(roundTrip(file)).toEqual(m);
  });

  it("writes every default out, so the file shows the numbers that run", () => {
    const m = parseMachine({
      name: "x",
      cpus: [{ id: 0, type: "A", capacity: 1024, core: 0, llc: 0, node: 0 }],
    });
    const file = exportMachine(m) as {
      cpus: Record<string, unknown>[];
      costs: unknown;
      hz: number;
    };
    expect(Object.keys(file.cpus[0] ?? {})).toEqual([
      "id",
      "type",
      "capacity",
      "linux_capacity",
      "core",
      "cluster",
      "llc",
      "node",
      "idle_exit_latency_ns",
      "idle_power_mw",
    ]);
    expect(file.hz).toBe(250);
    expect(roundTrip(file)).toEqual(m);
  });

  it("lets an edited export load: a user changes a capacity and it takes effect", async () => {
    const file = exportMachine(await loadMachine("apple-m1")) as { cpus: { capacity: number }[] };
    for (const cpu of file.cpus.slice(0, 4)) cpu.capacity = 459;
    expect(roundTrip(file).cpus[0]?.capacity).toBe(459);
  });
});
