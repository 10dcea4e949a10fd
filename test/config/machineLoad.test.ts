// loadMachine finds presets by name and machine files by path; machineFromCpus is `--cpus N`.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  exportMachine,
  listMachines,
  loadMachine,
  machineFromCpus,
} from "../../src/config/machine.ts";
import { InputError } from "../../src/errors.ts";

const dir = mkdtempSync(join(tmpdir(), "scx-machine-"));

describe("loadMachine", () => {
  it("loads a preset by name, ignoring case", async () => {
    const m = await loadMachine("Apple-M1");
    expect(m.name).toBe("apple-m1");
    expect(m.cpus).toHaveLength(8);
  });

  it("rejects an unknown name, listing the presets", async () => {
    const err = await loadMachine("m3-pro").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).field).toBe("--machine");
    for (const { name } of listMachines()) expect((err as Error).message).toContain(name);
  });

  it("loads a machine file by path (an exported, edited preset)", async () => {
    const file = exportMachine(await loadMachine("rk3399")) as { name: string };
    file.name = "my-board";
    const path = join(dir, "board.json");
    writeFileSync(path, JSON.stringify(file));
    const m = await loadMachine(path);
    expect(m.name).toBe("my-board");
    expect(m.cpus.map((c) => c.capacity)).toEqual([381, 381, 381, 381, 1024, 1024]);
  });

  it("names the file when it is not JSON, cannot be read, or is invalid", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "{ name: ");
    await expect(loadMachine(bad)).rejects.toThrow(`${bad}: not valid JSON`);
    await expect(loadMachine(join(dir, "none.json"))).rejects.toThrow(
      "cannot read the machine file",
    );
    const invalid = join(dir, "invalid.json");
    writeFileSync(
      invalid,
      JSON.stringify({ name: "x", cpus: [{ id: 0, type: "A", capacity: 1024, core: 0, llc: 0 }] }),
    );
    const err = (await loadMachine(invalid).catch((e: unknown) => e)) as InputError;
    expect(err.file).toBe(invalid);
    expect(err.field).toBe("cpus[0].node");
  });
});

describe("machineFromCpus (--cpus N)", () => {
  it("is N identical 1024 CPUs, no SMT, one LLC and node, every overhead zero, tickless", () => {
    const m = machineFromCpus(4);
    expect(m.cpus.map((c) => [c.capacity, c.linuxCapacity, c.core, c.llc, c.node])).toEqual([
      [1024, 1024, 0, 0, 0],
      [1024, 1024, 1, 0, 0],
      [1024, 1024, 2, 0, 0],
      [1024, 1024, 3, 0, 0],
    ]);
    expect(m.costs).toEqual({
      contextSwitchNs: 0,
      smtCorunFactor: 1,
      migrationNs: { core: 0, cluster: 0, llc: 0, node: 0 },
      policyNsPerUnit: 0,
    });
    expect(m.cpus.every((c) => c.idleExitLatencyNs === 0 && c.idlePowerMw === 0)).toBe(true);
    expect(m.hz).toBe(0);
    expect(m.hasEnergy).toBe(false);
  });

  it("rejects a count that is not a positive integer, naming --cpus", () => {
    for (const n of [0, -1, 2.5, Number.NaN, 5000]) {
      expect(() => machineFromCpus(n)).toThrow(InputError);
    }
    expect(() => machineFromCpus(0)).toThrow("--cpus: expected an integer from 1 to 1024, got 0");
  });
});
