// The policy library (central, qmap, nest, prev, eevdf, eas): each runs on four kinds of
// machine and five workloads without being ejected, and each shows the property it exists for
// against simple on the same machine, workload and seed. The measured numbers are in every
// assertion message and in the test's annotations (the JSON reporter keeps them).
import { beforeAll, describe, expect, test } from "vitest";
import type { CompiledPolicy } from "../../src/sim/types.ts";
import {
  busyPerCpu,
  CALL,
  cpusUsed,
  exitText,
  groupCpuNs,
  insertSites,
  loadChecked,
  moveToLocalCpus,
  ms,
  pct,
  simulate,
} from "./harness.ts";

const POLICIES = ["central", "qmap", "nest", "prev", "eevdf", "eas"] as const;
type Name = (typeof POLICIES)[number] | "simple";

const MACHINES = [
  ["homogeneous", "raspberry-pi-5"],
  ["big/little", "rk3399"],
  ["SMT", "i9-12900k"],
  ["multi-LLC", "ryzen-9-7950x"],
] as const;

/** Saturating, mixed interactive, open-loop, fork/exit-heavy and big/little-shaped loads. */
const WORKLOADS = ["hogs", "desktop", "server", "make", "biglittle"] as const;

const policies = new Map<Name, CompiledPolicy>();
const policy = (name: Name) => policies.get(name) as CompiledPolicy;

beforeAll(async () => {
  // Sequential: each is compiled once (the first compile also loads the compiler).
  for (const name of ["simple", ...POLICIES] as Name[]) policies.set(name, await loadChecked(name));
}, 300_000);

/** Puts a measured result where a reader of the test report finds it. */
function report(
  ctx: { annotate(message: string): Promise<unknown> },
  message: string,
): Promise<unknown> {
  console.info(message);
  return ctx.annotate(message);
}

describe.each(POLICIES)("%s is not ejected", (name) => {
  test.each(MACHINES)("on a %s machine (%s), 100 ms of each workload", async (_kind, machine) => {
    for (const workload of WORKLOADS) {
      const sim = await simulate(policy(name), machine, workload, { durationNs: ms(100) });
      expect(exitText(sim), `${name} on ${machine} running ${workload}`).toBe("done");
      expect(sim.raw.simulatedNs).toBe(ms(100));
      expect(
        sim.result.summary.utilization,
        `${name} on ${machine} running ${workload} did no work`,
      ).toBeGreaterThan(0);
    }
  });
});

describe("each policy's property, against simple on the same run", () => {
  test("central makes every dispatch decision on its central CPU", async (ctx) => {
    const opts = { durationNs: ms(200), log: true };
    const central = await simulate(policy("central"), "raspberry-pi-5", "desktop", opts);
    const simple = await simulate(policy("simple"), "raspberry-pi-5", "desktop", opts);
    expect(exitText(central)).toBe("done");

    const remote = insertSites(central.raw).filter((s) => s.localOn);
    const fromCentral = remote.filter((s) => s.callback === CALL.dispatch && s.cpu === 0);
    const otherSites = insertSites(central.raw).filter(
      (s) => s.local && !(s.callback === CALL.dispatch && s.cpu === 0),
    );
    // simple: which CPUs put tasks into local DSQs (direct dispatch in select_cpu, or
    // move_to_local in their own ops.dispatch)?
    const simpleDeciders = moveToLocalCpus(simple.raw);
    for (const s of insertSites(simple.raw)) if (s.local) simpleDeciders.add(s.cpu);
    const msg =
      `central: ${remote.length} inserts into SCX_DSQ_LOCAL_ON, ${fromCentral.length} of them from cpu 0's ` +
      `ops.dispatch, ${otherSites.length} local inserts elsewhere; simple: tasks put into local DSQs ` +
      `by ${simpleDeciders.size} CPUs`;
    await report(ctx, msg);
    expect(remote.length, msg).toBeGreaterThan(50);
    expect(fromCentral.length, msg).toBe(remote.length);
    expect(otherSites.length, msg).toBe(0);
    expect(simpleDeciders.size, msg).toBeGreaterThan(1);
  });

  test("nest keeps a light load on fewer cores", async (ctx) => {
    // Eight tasks that each run ~200 µs every ~10 ms: about 2 % of a CPU each.
    const light = {
      name: "light",
      groups: [
        {
          name: "light",
          count: 8,
          loop: -1,
          program: [{ sleep: { exp: "10ms" } }, { run: { exp: "200us" } }],
        },
      ],
    };
    for (const machine of ["ryzen-9-7950x", "i9-12900k"]) {
      const nest = await simulate(policy("nest"), machine, light, { durationNs: ms(1000) });
      const simple = await simulate(policy("simple"), machine, light, { durationNs: ms(1000) });
      expect(exitText(nest)).toBe("done");
      // Busy share of each CPU that did anything, as "cpu:share".
      const share = (b: number[]) =>
        b
          .flatMap((x, cpu) => (x >= ms(5) ? [`${cpu}:${(x / ms(1000)).toFixed(2)}`] : []))
          .join(" ");
      const msg =
        `${machine}: nest ran on ${cpusUsed(nest.raw)} CPUs, simple on ${cpusUsed(simple.raw)} ` +
        `(CPUs with ≥ 5 % of the busy time; busy cpu:share nest [${share(busyPerCpu(nest.raw))}], ` +
        `simple [${share(busyPerCpu(simple.raw))}])`;
      await report(ctx, msg);
      expect(cpusUsed(nest.raw), msg).toBeLessThanOrEqual(cpusUsed(simple.raw) - 2);
    }
  });

  test("eas spends less energy on big/little machines at low load", async (ctx) => {
    // Eight tasks that each run ~500 µs every ~8 ms: small enough for the little cores.
    const light = {
      name: "light",
      groups: [
        {
          name: "light",
          count: 8,
          loop: -1,
          program: [{ sleep: { exp: "8ms" } }, { run: { exp: "500us" } }],
        },
      ],
    };
    for (const machine of ["rk3399", "apple-m1"]) {
      const eas = await simulate(policy("eas"), machine, light, { durationNs: ms(1000) });
      const simple = await simulate(policy("simple"), machine, light, { durationNs: ms(1000) });
      expect(exitText(eas)).toBe("done");
      const e = eas.result.summary.energy_j as number;
      const s = simple.result.summary.energy_j as number;
      const msg =
        `${machine}: eas ${e.toFixed(4)} J, simple ${s.toFixed(4)} J (${pct(1 - e / s)} less); ` +
        `CPU time eas ${(groupCpuNs(eas, "light") / 1e6).toFixed(0)} ms, ` +
        `simple ${(groupCpuNs(simple, "light") / 1e6).toFixed(0)} ms`;
      await report(ctx, msg);
      expect(e, msg).toBeLessThan(0.9 * s);
    }
  });

  test("eevdf shares one CPU by weight: nice 0 vs nice 5 ≈ 100:33", async (ctx) => {
    const pair = {
      name: "nice0-vs-nice5",
      groups: [
        { name: "nice0", count: 1, nice: 0, cpus: [0], loop: -1, program: [{ run: "100ms" }] },
        { name: "nice5", count: 1, nice: 5, cpus: [0], loop: -1, program: [{ run: "100ms" }] },
      ],
    };
    const eevdf = await simulate(policy("eevdf"), "raspberry-pi-5", pair, { durationNs: ms(1000) });
    const simple = await simulate(policy("simple"), "raspberry-pi-5", pair, {
      durationNs: ms(1000),
    });
    expect(exitText(eevdf)).toBe("done");
    const ratio = (s: typeof eevdf) => (100 * groupCpuNs(s, "nice5")) / groupCpuNs(s, "nice0");
    const msg =
      `eevdf: nice 0 ran ${(groupCpuNs(eevdf, "nice0") / 1e6).toFixed(0)} ms, nice 5 ` +
      `${(groupCpuNs(eevdf, "nice5") / 1e6).toFixed(0)} ms = 100:${ratio(eevdf).toFixed(1)}; ` +
      `simple 100:${ratio(simple).toFixed(1)} (weights 100:33)`;
    await report(ctx, msg);
    expect(ratio(eevdf), msg).toBeGreaterThan(30);
    expect(ratio(eevdf), msg).toBeLessThan(36);
  });

  test("eevdf's load balancing rotates 6 equal hogs over 4 CPUs", async (ctx) => {
    const six = {
      name: "six-hogs",
      groups: [{ name: "hog", count: 6, loop: -1, program: [{ run: "100ms" }] }],
    };
    const eevdf = await simulate(policy("eevdf"), "raspberry-pi-5", six, { durationNs: ms(2000) });
    const simple = await simulate(policy("simple"), "raspberry-pi-5", six, {
      durationNs: ms(2000),
    });
    expect(exitText(eevdf)).toBe("done");
    const jain = (s: typeof eevdf) => s.result.summary.fairness_jain as number;
    const msg =
      `raspberry-pi-5, 6 hogs, 2 s: Jain's index eevdf ${jain(eevdf).toFixed(3)} ` +
      `(${eevdf.result.summary.migrations} migrations), simple ${jain(simple).toFixed(3)} ` +
      `(${simple.result.summary.migrations}); 2+2+1+1 for ever would be 0.889`;
    await report(ctx, msg);
    expect(jain(eevdf), msg).toBeGreaterThan(0.95);
  });

  test("prev migrates tasks less than simple on an SMT machine", async (ctx) => {
    const prev = await simulate(policy("prev"), "i9-12900k", "server", { durationNs: ms(500) });
    const simple = await simulate(policy("simple"), "i9-12900k", "server", { durationNs: ms(500) });
    expect(exitText(prev)).toBe("done");
    const p = prev.result.summary.migrations;
    const s = simple.result.summary.migrations;
    const msg = `i9-12900k, server: prev ${p} migrations, simple ${s}`;
    await report(ctx, msg);
    expect(p, msg).toBeLessThan(0.8 * s);
  });

  test("qmap shares CPUs by queue budget (16:4 for weight classes 4 and 2), not by weight", async (ctx) => {
    // Twice as many hogs as CPUs, half at nice -10 (weight 932, FIFO 4), half at nice 0 (100,
    // FIFO 2). Not pinned: qmap sends tasks that may run on one CPU only straight to it.
    const classes = {
      name: "two-weight-classes",
      groups: [
        { name: "nice-10", count: 8, nice: -10, loop: -1, program: [{ run: "100ms" }] },
        { name: "nice0", count: 8, nice: 0, loop: -1, program: [{ run: "100ms" }] },
      ],
    };
    const qmap = await simulate(policy("qmap"), "raspberry-pi-5", classes, {
      durationNs: ms(2000),
    });
    const simple = await simulate(policy("simple"), "raspberry-pi-5", classes, {
      durationNs: ms(2000),
    });
    expect(exitText(qmap)).toBe("done");
    const share = (s: typeof qmap) =>
      groupCpuNs(s, "nice-10") / (groupCpuNs(s, "nice-10") + groupCpuNs(s, "nice0"));
    const msg =
      `raspberry-pi-5, 8 + 8 hogs: the nice -10 group's share of the CPUs: qmap ${pct(share(qmap))} (budgets 16:4 → 80 %), ` +
      `simple ${pct(share(simple))} (weights 932:100 → 90.3 %)`;
    await report(ctx, msg);
    expect(share(qmap), msg).toBeGreaterThan(0.75);
    expect(share(qmap), msg).toBeLessThan(0.85);
  });
});
