// drawTopology shows the tree a person reads: every core on a small machine, compressed runs of
// identical cores on a big one.

import { describe, expect, it } from "vitest";
import { drawTopology } from "../../src/config/drawTopology.ts";
import { loadMachine, machineFromCpus, parseMachine } from "../../src/config/machine.ts";

describe("drawTopology", () => {
  it("draws a small hybrid machine: types, capacities, SMT, clusters and costs", () => {
    const m = parseMachine({
      name: "tiny",
      description: "two P threads, two E cores sharing an L2",
      cpus: [
        { id: 0, type: "P", capacity: 1024, core: 0, cluster: 0, llc: 0, node: 0 },
        { id: 1, type: "P", capacity: 1024, core: 0, cluster: 0, llc: 0, node: 0 },
        {
          id: 2,
          type: "E",
          capacity: 400,
          linux_capacity: 1024,
          core: 1,
          cluster: 1,
          llc: 0,
          node: 0,
        },
        {
          id: 3,
          type: "E",
          capacity: 400,
          linux_capacity: 1024,
          core: 2,
          cluster: 1,
          llc: 0,
          node: 0,
        },
      ],
      hz: 0,
    });
    expect(drawTopology(m).split("\n")).toEqual([
      "tiny — two P threads, two E cores sharing an L2",
      "4 CPUs · 3 cores · 2 L2 clusters · 1 LLC · 1 node · SMT ×2",
      "types: P ×2 cap 1024 · E ×2 cap 400 (Linux 1024)",
      "",
      "node 0 · 4 CPUs",
      "└─ LLC 0 · 3 cores, 4 CPUs",
      "   ├─ core 0 · own L2 · P cap 1024 · cpus 0+1 (SMT)",
      "   └─ cores 1-2 · L2 #1 · E cap 400 (Linux 1024) · cpus 2-3",
      "",
      "frequency: no frequency data (one fixed OPP per domain, no energy model)",
      "costs: context switch 2 µs · SMT co-run speed ×0.625 · migration core 2 µs, cluster 6 µs, LLC 41 µs, node 80 µs",
      "idle: exit 2 µs · power 0 mW · tick none (tickless)",
    ]);
  });

  it("shows every cluster of an 8-CPU phone with its frequency domains and power", async () => {
    const text = drawTopology(await loadMachine("tensor-g1"));
    expect(text).toContain("   ├─ cores 0-3 · L2 #0 · little_A55 cap 160 · cpus 0-3\n");
    expect(text).toContain("   └─ cores 6-7 · L2 #2 · big_X1 cap 1024 · cpus 6-7\n");
    expect(text).toContain("  fd 2 · cpus 6-7 · 17 OPPs 500-2802 MHz · 81.25-2030.997 mW per CPU");
  });

  it("compresses a 192-CPU server into runs of identical cores", async () => {
    const text = drawTopology(await loadMachine("epyc-9654-nps1"));
    const lines = text.split("\n");
    expect(lines.length).toBeLessThanOrEqual(40);
    expect(lines).toContain("├─ LLC 0 · 8 cores, 16 CPUs");
    expect(lines).toContain(
      "│  └─ cores 0-7 · own L2 each · zen4 cap 1024 · cpus 0-7 + 96-103 (SMT)",
    );
    expect(lines).toContain(
      "   └─ cores 88-95 · own L2 each · zen4 cap 1024 · cpus 88-95 + 184-191 (SMT)",
    );
    expect(lines).toContain(
      "  fd 0-95 ×96 · cpus 0-191 · 7 OPPs 1110-3700 MHz · 340.3-3750 mW per CPU",
    );
  });

  it("writes Intel's adjacent SMT siblings as pairs and the E clusters as one line", async () => {
    const text = drawTopology(await loadMachine("i9-12900k"));
    expect(text).toContain(
      "├─ cores 0-7 · own L2 each · P cap 1024 · cpus 0+1, 2+3, …, 14+15 (SMT)",
    );
    expect(text).toContain(
      "└─ cores 8-15 · L2 #8-#9 ×2, 4 cores each · E cap 617 (Linux 1024) · cpus 16-23",
    );
  });

  it("says when a machine has no overheads (--cpus)", () => {
    const text = drawTopology(machineFromCpus(2));
    expect(text).toContain("costs: context switch 0 · migration core 0, cluster 0, LLC 0, node 0");
    expect(text).toContain("tick none (tickless)");
  });
});
