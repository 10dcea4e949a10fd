// Every preset is checked against the sourced chip data it was built from (topologies.json in
// the project's shared data): CPU count, capacities (model and Linux), SMT sibling pairs, L2 and
// LLC sharing, NUMA nodes and core types. The expected values below are copied from that file
// (generated once, then frozen) so the test runs without it; when the data file is present, a
// second test compares the presets with it directly, so the copy cannot drift unnoticed.

import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listMachines, loadMachine, type Machine } from "../../src/config/machine.ts";

interface Expected {
  /** The preset's name in topologies.json. */
  data: string;
  cpus: number;
  /** Per CPU in id order, run-length coded: "493*4, 1024*4". */
  capacity: string;
  linuxCapacity: string;
  /** Partitions of CPU ids, groups ordered by their smallest id: "0-3 | 4-7". */
  smt: string;
  l2: string;
  llc: string;
  node: string;
  type: string;
}

const EXPECTED: Record<string, Expected> = {
  "apple-m1": {
    data: "apple_m1_t8103",
    cpus: 8,
    capacity: "493*4, 1024*4",
    linuxCapacity: "493*4, 1024*4",
    smt: "",
    l2: "0-3 | 4-7",
    llc: "0-3 | 4-7",
    node: "0-7",
    type: "0-3 | 4-7",
  },
  "apple-m2-pro": {
    data: "apple_m2_pro_t6020",
    cpus: 12,
    capacity: "522*4, 1024*8",
    linuxCapacity: "522*4, 1024*8",
    smt: "",
    l2: "0-3 | 4-7 | 8-11",
    llc: "0-3 | 4-7 | 8-11",
    node: "0-11",
    type: "0-3 | 4-11",
  },
  "i9-12900k": {
    data: "intel_i9_12900k",
    cpus: 24,
    capacity: "1024*16, 617*8",
    linuxCapacity: "1024*24",
    smt: "0-1 | 2-3 | 4-5 | 6-7 | 8-9 | 10-11 | 12-13 | 14-15",
    l2: "0-1 | 2-3 | 4-5 | 6-7 | 8-9 | 10-11 | 12-13 | 14-15 | 16-19 | 20-23",
    llc: "0-23",
    node: "0-23",
    type: "0-15 | 16-23",
  },
  "i7-13700": {
    data: "intel_i7_13700",
    cpus: 24,
    capacity: "1024*16, 648*8",
    linuxCapacity: "1024*24",
    smt: "0-1 | 2-3 | 4-5 | 6-7 | 8-9 | 10-11 | 12-13 | 14-15",
    l2: "0-1 | 2-3 | 4-5 | 6-7 | 8-9 | 10-11 | 12-13 | 14-15 | 16-19 | 20-23",
    llc: "0-23",
    node: "0-23",
    type: "0-15 | 16-23",
  },
  "core-ultra-7-155h": {
    data: "intel_core_ultra7_155h",
    cpus: 22,
    capacity: "1024*12, 649*8, 427*2",
    linuxCapacity: "1024*22",
    smt: "0-1 | 2-3 | 4-5 | 6-7 | 8-9 | 10-11",
    l2: "0-1 | 2-3 | 4-5 | 6-7 | 8-9 | 10-11 | 12-15 | 16-19 | 20-21",
    llc: "0-19 | 20-21",
    node: "0-21",
    type: "0-11 | 12-19 | 20-21",
  },
  "xeon-6326-2s": {
    data: "intel_xeon_gold_6326_2s",
    cpus: 64,
    capacity: "1024*64",
    linuxCapacity: "1024*64",
    smt: "0,32 | 1,33 | 2,34 | 3,35 | 4,36 | 5,37 | 6,38 | 7,39 | 8,40 | 9,41 | 10,42 | 11,43 | 12,44 | 13,45 | 14,46 | 15,47 | 16,48 | 17,49 | 18,50 | 19,51 | 20,52 | 21,53 | 22,54 | 23,55 | 24,56 | 25,57 | 26,58 | 27,59 | 28,60 | 29,61 | 30,62 | 31,63",
    l2: "0,32 | 1,33 | 2,34 | 3,35 | 4,36 | 5,37 | 6,38 | 7,39 | 8,40 | 9,41 | 10,42 | 11,43 | 12,44 | 13,45 | 14,46 | 15,47 | 16,48 | 17,49 | 18,50 | 19,51 | 20,52 | 21,53 | 22,54 | 23,55 | 24,56 | 25,57 | 26,58 | 27,59 | 28,60 | 29,61 | 30,62 | 31,63",
    llc: "0-15,32-47 | 16-31,48-63",
    node: "0-15,32-47 | 16-31,48-63",
    type: "0-63",
  },
  "ryzen-9-7950x": {
    data: "amd_ryzen9_7950x",
    cpus: 32,
    capacity: "1024*32",
    linuxCapacity: "1024*32",
    smt: "0,16 | 1,17 | 2,18 | 3,19 | 4,20 | 5,21 | 6,22 | 7,23 | 8,24 | 9,25 | 10,26 | 11,27 | 12,28 | 13,29 | 14,30 | 15,31",
    l2: "0,16 | 1,17 | 2,18 | 3,19 | 4,20 | 5,21 | 6,22 | 7,23 | 8,24 | 9,25 | 10,26 | 11,27 | 12,28 | 13,29 | 14,30 | 15,31",
    llc: "0-7,16-23 | 8-15,24-31",
    node: "0-31",
    type: "0-31",
  },
  "ryzen-ai-9-hx-370": {
    data: "amd_ryzen_ai9_hx370",
    cpus: 24,
    capacity: "1024*4, 663*8, 1024*4, 663*8",
    linuxCapacity: "1024*24",
    smt: "0,12 | 1,13 | 2,14 | 3,15 | 4,16 | 5,17 | 6,18 | 7,19 | 8,20 | 9,21 | 10,22 | 11,23",
    l2: "0,12 | 1,13 | 2,14 | 3,15 | 4,16 | 5,17 | 6,18 | 7,19 | 8,20 | 9,21 | 10,22 | 11,23",
    llc: "0-3,12-15 | 4-11,16-23",
    node: "0-23",
    type: "0-3,12-15 | 4-11,16-23",
  },
  "epyc-9654-nps1": {
    data: "amd_epyc_9654_1s_nps1",
    cpus: 192,
    capacity: "1024*192",
    linuxCapacity: "1024*192",
    smt: "0,96 | 1,97 | 2,98 | 3,99 | 4,100 | 5,101 | 6,102 | 7,103 | 8,104 | 9,105 | 10,106 | 11,107 | 12,108 | 13,109 | 14,110 | 15,111 | 16,112 | 17,113 | 18,114 | 19,115 | 20,116 | 21,117 | 22,118 | 23,119 | 24,120 | 25,121 | 26,122 | 27,123 | 28,124 | 29,125 | 30,126 | 31,127 | 32,128 | 33,129 | 34,130 | 35,131 | 36,132 | 37,133 | 38,134 | 39,135 | 40,136 | 41,137 | 42,138 | 43,139 | 44,140 | 45,141 | 46,142 | 47,143 | 48,144 | 49,145 | 50,146 | 51,147 | 52,148 | 53,149 | 54,150 | 55,151 | 56,152 | 57,153 | 58,154 | 59,155 | 60,156 | 61,157 | 62,158 | 63,159 | 64,160 | 65,161 | 66,162 | 67,163 | 68,164 | 69,165 | 70,166 | 71,167 | 72,168 | 73,169 | 74,170 | 75,171 | 76,172 | 77,173 | 78,174 | 79,175 | 80,176 | 81,177 | 82,178 | 83,179 | 84,180 | 85,181 | 86,182 | 87,183 | 88,184 | 89,185 | 90,186 | 91,187 | 92,188 | 93,189 | 94,190 | 95,191",
    l2: "0,96 | 1,97 | 2,98 | 3,99 | 4,100 | 5,101 | 6,102 | 7,103 | 8,104 | 9,105 | 10,106 | 11,107 | 12,108 | 13,109 | 14,110 | 15,111 | 16,112 | 17,113 | 18,114 | 19,115 | 20,116 | 21,117 | 22,118 | 23,119 | 24,120 | 25,121 | 26,122 | 27,123 | 28,124 | 29,125 | 30,126 | 31,127 | 32,128 | 33,129 | 34,130 | 35,131 | 36,132 | 37,133 | 38,134 | 39,135 | 40,136 | 41,137 | 42,138 | 43,139 | 44,140 | 45,141 | 46,142 | 47,143 | 48,144 | 49,145 | 50,146 | 51,147 | 52,148 | 53,149 | 54,150 | 55,151 | 56,152 | 57,153 | 58,154 | 59,155 | 60,156 | 61,157 | 62,158 | 63,159 | 64,160 | 65,161 | 66,162 | 67,163 | 68,164 | 69,165 | 70,166 | 71,167 | 72,168 | 73,169 | 74,170 | 75,171 | 76,172 | 77,173 | 78,174 | 79,175 | 80,176 | 81,177 | 82,178 | 83,179 | 84,180 | 85,181 | 86,182 | 87,183 | 88,184 | 89,185 | 90,186 | 91,187 | 92,188 | 93,189 | 94,190 | 95,191",
    llc: "0-7,96-103 | 8-15,104-111 | 16-23,112-119 | 24-31,120-127 | 32-39,128-135 | 40-47,136-143 | 48-55,144-151 | 56-63,152-159 | 64-71,160-167 | 72-79,168-175 | 80-87,176-183 | 88-95,184-191",
    node: "0-191",
    type: "0-191",
  },
  "epyc-9654-nps4": {
    data: "amd_epyc_9654_1s_nps4",
    cpus: 192,
    capacity: "1024*192",
    linuxCapacity: "1024*192",
    smt: "0,96 | 1,97 | 2,98 | 3,99 | 4,100 | 5,101 | 6,102 | 7,103 | 8,104 | 9,105 | 10,106 | 11,107 | 12,108 | 13,109 | 14,110 | 15,111 | 16,112 | 17,113 | 18,114 | 19,115 | 20,116 | 21,117 | 22,118 | 23,119 | 24,120 | 25,121 | 26,122 | 27,123 | 28,124 | 29,125 | 30,126 | 31,127 | 32,128 | 33,129 | 34,130 | 35,131 | 36,132 | 37,133 | 38,134 | 39,135 | 40,136 | 41,137 | 42,138 | 43,139 | 44,140 | 45,141 | 46,142 | 47,143 | 48,144 | 49,145 | 50,146 | 51,147 | 52,148 | 53,149 | 54,150 | 55,151 | 56,152 | 57,153 | 58,154 | 59,155 | 60,156 | 61,157 | 62,158 | 63,159 | 64,160 | 65,161 | 66,162 | 67,163 | 68,164 | 69,165 | 70,166 | 71,167 | 72,168 | 73,169 | 74,170 | 75,171 | 76,172 | 77,173 | 78,174 | 79,175 | 80,176 | 81,177 | 82,178 | 83,179 | 84,180 | 85,181 | 86,182 | 87,183 | 88,184 | 89,185 | 90,186 | 91,187 | 92,188 | 93,189 | 94,190 | 95,191",
    l2: "0,96 | 1,97 | 2,98 | 3,99 | 4,100 | 5,101 | 6,102 | 7,103 | 8,104 | 9,105 | 10,106 | 11,107 | 12,108 | 13,109 | 14,110 | 15,111 | 16,112 | 17,113 | 18,114 | 19,115 | 20,116 | 21,117 | 22,118 | 23,119 | 24,120 | 25,121 | 26,122 | 27,123 | 28,124 | 29,125 | 30,126 | 31,127 | 32,128 | 33,129 | 34,130 | 35,131 | 36,132 | 37,133 | 38,134 | 39,135 | 40,136 | 41,137 | 42,138 | 43,139 | 44,140 | 45,141 | 46,142 | 47,143 | 48,144 | 49,145 | 50,146 | 51,147 | 52,148 | 53,149 | 54,150 | 55,151 | 56,152 | 57,153 | 58,154 | 59,155 | 60,156 | 61,157 | 62,158 | 63,159 | 64,160 | 65,161 | 66,162 | 67,163 | 68,164 | 69,165 | 70,166 | 71,167 | 72,168 | 73,169 | 74,170 | 75,171 | 76,172 | 77,173 | 78,174 | 79,175 | 80,176 | 81,177 | 82,178 | 83,179 | 84,180 | 85,181 | 86,182 | 87,183 | 88,184 | 89,185 | 90,186 | 91,187 | 92,188 | 93,189 | 94,190 | 95,191",
    llc: "0-7,96-103 | 8-15,104-111 | 16-23,112-119 | 24-31,120-127 | 32-39,128-135 | 40-47,136-143 | 48-55,144-151 | 56-63,152-159 | 64-71,160-167 | 72-79,168-175 | 80-87,176-183 | 88-95,184-191",
    node: "0-23,96-119 | 24-47,120-143 | 48-71,144-167 | 72-95,168-191",
    type: "0-191",
  },
  "snapdragon-8-gen-2": {
    data: "qcom_sm8550_sd8gen2",
    cpus: 8,
    capacity: "203*3, 606*4, 1024*1",
    linuxCapacity: "203*3, 606*4, 1024*1",
    smt: "",
    l2: "0 | 1 | 2 | 3 | 4 | 5 | 6 | 7",
    llc: "0-7",
    node: "0-7",
    type: "0-2 | 3-4 | 5-6 | 7",
  },
  "snapdragon-8-gen-3": {
    data: "qcom_sm8650_sd8gen3",
    cpus: 8,
    capacity: "385*2, 939*3, 880*2, 1024*1",
    linuxCapacity: "385*2, 939*3, 880*2, 1024*1",
    smt: "",
    l2: "0-1 | 2-3 | 4 | 5 | 6 | 7",
    llc: "0-7",
    node: "0-7",
    type: "0-1 | 2-4 | 5-6 | 7",
  },
  "tensor-g1": {
    data: "google_gs101_tensor_g1",
    cpus: 8,
    capacity: "160*4, 498*2, 1024*2",
    linuxCapacity: "160*4, 498*2, 1024*2",
    smt: "",
    l2: "0-3 | 4-5 | 6-7",
    llc: "0-7",
    node: "0-7",
    type: "0-3 | 4-5 | 6-7",
  },
  "raspberry-pi-5": {
    data: "raspberry_pi5_bcm2712",
    cpus: 4,
    capacity: "1024*4",
    linuxCapacity: "1024*4",
    smt: "",
    l2: "0 | 1 | 2 | 3",
    llc: "0-3",
    node: "0-3",
    type: "0-3",
  },
  rk3399: {
    data: "rockchip_rk3399",
    cpus: 6,
    capacity: "381*4, 1024*2",
    linuxCapacity: "381*4, 1024*2",
    smt: "",
    l2: "0-3 | 4-5",
    llc: "0-3 | 4-5",
    node: "0-5",
    type: "0-3 | 4-5",
  },
};

function ranges(ids: number[]): string {
  const sorted = [...ids].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0] as number;
  let prev = start;
  for (const id of sorted.slice(1)) {
    if (id === prev + 1) {
      prev = id;
      continue;
    }
    parts.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = id;
    prev = id;
  }
  parts.push(start === prev ? `${start}` : `${start}-${prev}`);
  return parts.join(",");
}

function partition<T>(
  items: { id: number; item: T }[],
  key: (t: T) => unknown,
  multiOnly = false,
): string {
  const groups = new Map<unknown, number[]>();
  for (const { id, item } of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), id]);
  }
  return [...groups.values()]
    .filter((g) => !multiOnly || g.length > 1)
    .sort((a, b) => Math.min(...a) - Math.min(...b))
    .map(ranges)
    .join(" | ");
}

function runLength(values: number[]): string {
  const out: [number, number][] = [];
  for (const v of values) {
    const last = out[out.length - 1];
    if (last && last[0] === v) last[1]++;
    else out.push([v, 1]);
  }
  return out.map(([v, n]) => `${v}*${n}`).join(", ");
}

function describeMachine(m: Machine): Omit<Expected, "data"> {
  const items = m.cpus.map((c) => ({ id: c.id, item: c }));
  return {
    cpus: m.cpus.length,
    capacity: runLength(m.cpus.map((c) => c.capacity)),
    linuxCapacity: runLength(m.cpus.map((c) => c.linuxCapacity)),
    smt: partition(items, (c) => c.core, true),
    l2: partition(items, (c) => c.cluster),
    llc: partition(items, (c) => c.llc),
    node: partition(items, (c) => c.node),
    type: partition(items, (c) => c.type),
  };
}

describe("machine presets", () => {
  it("lists at least 14 presets with kebab-case names and one-line descriptions", () => {
    const list = listMachines();
    expect(list.length).toBeGreaterThanOrEqual(14);
    for (const { name, description } of list) {
      expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(description.length, name).toBeGreaterThan(20);
      expect(description.length, name).toBeLessThanOrEqual(120);
      expect(description, name).not.toContain("\n");
    }
  });

  it("has an expectation for every preset and a preset for every expectation", () => {
    expect(
      listMachines()
        .map((p) => p.name)
        .sort(),
    ).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name} matches ${expected.data} (CPUs, capacities, SMT, L2, LLC, nodes, types)`, async () => {
      const m = await loadMachine(name);
      const { data: _, ...want } = expected;
      expect(describeMachine(m)).toEqual(want);
    });

    it(`${name} cites its sources and has frequency domains with power at every OPP`, async () => {
      const m = await loadMachine(name);
      expect(m.sources.length).toBeGreaterThan(0);
      expect(m.notes.length).toBeGreaterThan(0);
      expect(m.hasEnergy).toBe(true);
      for (const d of m.freqDomains) {
        expect(d.opps.length).toBeGreaterThan(1);
        const power = d.opps.map((o) => o.powerMw as number);
        expect(
          [...power].sort((a, b) => a - b),
          "power rises with frequency",
        ).toEqual(power);
      }
      // Power that is not computed from a device tree's table is an estimate and says so.
      if (!/energy model from the DT/.test(m.description)) expect(m.notes).toContain("[L]");
    });
  }

  it("keeps the Tensor G1 energy table exactly as computed from gs101.dtsi", async () => {
    const m = await loadMachine("tensor-g1");
    const x1 = m.freqDomains[2];
    expect(x1?.cpus).toEqual([6, 7]);
    expect(x1?.opps.at(-1)).toEqual({ mhz: 2802, powerMw: 2030.997 });
    expect(m.freqDomains[0]?.opps[0]).toEqual({ mhz: 300, powerMw: 6.055 });
  });
});

const DATA_FILE = new URL("../../../shared/data/topologies.json", import.meta.url);

describe.skipIf(!existsSync(DATA_FILE))("machine presets against topologies.json", () => {
  const data = existsSync(DATA_FILE)
    ? (JSON.parse(readFileSync(DATA_FILE, "utf8")) as { presets: DataPreset[] })
    : { presets: [] };

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name} equals ${expected.data} in the data file`, async () => {
      const preset = data.presets.find((p) => p.name === expected.data);
      expect(preset, expected.data).toBeDefined();
      const cpus = (preset as DataPreset).cpus;
      const items = cpus.map((c) => ({ id: c.id, item: c }));
      const fromData = {
        cpus: cpus.length,
        capacity: runLength(cpus.map((c) => c.capacity)),
        linuxCapacity: runLength(cpus.map((c) => c.linux_cpu_capacity ?? c.capacity)),
        smt: partition(
          items,
          (c) => (c.smt_sibling === null ? c.id : Math.min(c.id, c.smt_sibling)),
          true,
        ),
        l2: partition(items, (c) => c.l2_cluster),
        llc: partition(items, (c) => c.llc),
        node: partition(items, (c) => c.numa),
        type: partition(items, (c) => c.core_type),
      };
      expect(describeMachine(await loadMachine(name))).toEqual(fromData);
    });
  }
});

interface DataPreset {
  name: string;
  cpus: {
    id: number;
    core_type: string;
    capacity: number;
    linux_cpu_capacity?: number;
    smt_sibling: number | null;
    l2_cluster: number;
    llc: number;
    numa: number;
  }[];
}
