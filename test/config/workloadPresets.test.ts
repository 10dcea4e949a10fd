import { describe, expect, it } from "vitest";
import { distMeanNs } from "../../src/config/distribution.ts";
import type { Workload } from "../../src/config/workload.ts";
import {
  encodeWorkload,
  listWorkloads,
  loadWorkload,
  parseWorkloadText,
  presetJson,
} from "../../src/config/workload.ts";

const names = listWorkloads().map((p) => p.name);
const load = async (name: string): Promise<Workload> =>
  (await loadWorkload(name, { ncpus: 4 })).workload;
const opcodes = (W: Float64Array) => {
  const at = W[5] as number;
  return new Set(Array.from({ length: W[6] as number }, (_, i) => W[at + 4 * i]));
};

describe("workload presets", () => {
  it("lists at least 12 presets plus hogs, each with a one-line description", () => {
    expect(names.length).toBeGreaterThanOrEqual(13);
    expect(new Set(names).size).toBe(names.length);
    for (const p of listWorkloads()) {
      expect(p.description, p.name).toMatch(/^\S.{10,120}$/);
      expect(p.description).not.toContain("\n");
    }
  });

  it("has the presets the issue asks for", () => {
    for (const n of [
      "hogs",
      "schbench",
      "hackbench",
      "desktop",
      "game60",
      "game120",
      "make",
      "server",
      "periodic",
      "ramp",
      "step",
      "biglittle",
      "mm1",
      "mmc",
    ]) {
      expect(names).toContain(n);
    }
  });

  it.each(names)("%s parses and encodes for 4 and 64 CPUs", async (name) => {
    const w = await load(name);
    expect(w.name).toBe(name);
    for (const ncpus of [4, 64]) {
      const { data, groupNames } = encodeWorkload(w, { ncpus, cpuTypeNames: ["P", "E"] });
      expect(data[0]).toBe(1);
      expect(data[1]).toBe(w.groups.length);
      expect(groupNames).toEqual(w.groups.map((g) => g.name));
      expect(data.every((v) => Number.isFinite(v))).toBe(true);
    }
  });

  it.each(names)(
    "%s reads back identically from its JSON text (a preset is an ordinary file)",
    async (name) => {
      const fromText = parseWorkloadText(JSON.stringify(presetJson(name)), {
        file: `${name}.json`,
      });
      expect(fromText.format).toBe("native");
      expect(fromText.warnings).toEqual([]);
      expect(fromText.workload).toEqual(await load(name));
    },
  );

  it.each(["desktop", "server", "hogs", "mm1", "mmc"])(
    "%s uses only run, sleep and yield (the core engine's steps)",
    async (name) => {
      const { data } = encodeWorkload(await load(name), { ncpus: 4, cpuTypeNames: ["P"] });
      for (const code of opcodes(data)) expect([1, 2, 4]).toContain(code);
    },
  );

  it("hogs: one always-runnable task per CPU", async () => {
    const w = await load("hogs");
    for (const ncpus of [4, 64])
      expect(encodeWorkload(w, { ncpus, cpuTypeNames: ["P"] }).data[16]).toBe(ncpus);
    expect(w.groups[0]?.loop).toBe(-1);
    expect(w.groups[0]?.program.every((s) => s.op === "run")).toBe(true);
  });

  it("desktop: batch and interactive groups", async () => {
    const groups = (await load("desktop")).groups.map((g) => g.name);
    expect(groups).toEqual(expect.arrayContaining(["batch", "interactive"]));
  });

  it("server: open loop with Poisson arrivals", async () => {
    const g = (await load("server")).groups[0];
    expect(g?.arrivals?.interval.kind).toBe("exp");
  });

  it.each([
    ["mm1", 1],
    ["mmc", 4],
  ])(
    "%s: utilisation 0.8 per server with %d servers, and a limit so that it ends",
    async (name, servers) => {
      const g = (await load(name)).groups[0];
      const step = g?.program[0];
      if (!g?.arrivals || step?.op !== "run") throw new Error("unexpected shape");
      expect(step.work.kind).toBe("exp");
      expect(g.arrivals.interval.kind).toBe("exp");
      expect(distMeanNs(step.work) / distMeanNs(g.arrivals.interval) / servers).toBeCloseTo(0.8, 9);
      expect(g.arrivals.limit).toBeGreaterThan(0);
    },
  );

  it.each([
    ["game60", 16_667_000],
    ["game120", 8_333_000],
  ])("%s: the main thread's frame period is %d ns", async (name, ns) => {
    const main = (await load(name)).groups.find((g) => g.name === "main");
    expect(main?.program.at(-1)).toEqual({
      op: "period",
      period: { kind: "const", ns },
      deadlineNs: 0,
    });
  });

  it("hackbench: every message sent is received", async () => {
    const w = await load("hackbench");
    const total = (op: "send" | "recv") =>
      w.groups.reduce(
        (n, g) => n + (g.count as number) * g.loop * g.program.filter((s) => s.op === op).length,
        0,
      );
    expect(total("send")).toBe(10 * 20 * 20 * 100);
    expect(total("recv")).toBe(total("send"));
  });
});
