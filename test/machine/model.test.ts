// The machine model end to end, through the machine and workload file formats a user writes:
// idle exit latency, energy integration, the frequency governor, and capacity as seen by a
// task pinned to a big or a little core.
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadPolicy } from "../../src/compile/index.ts";
import type { CompiledPolicy, RawRun, RunResult } from "../../src/sim/types.ts";
import { MS, runFiles, ZERO_COSTS } from "../helpers/runFiles.ts";

const pinPath = fileURLToPath(new URL("../fixtures/policies/pin.ts", import.meta.url));

let simple: CompiledPolicy;
let pin: CompiledPolicy;

beforeAll(async () => {
  simple = await loadPolicy("simple", { release: false });
  pin = await loadPolicy(pinPath, { release: false });
}, 300_000);

interface Run {
  raw: RawRun;
  result: RunResult;
  perf: { cpu: number; perf: number; t: number }[];
}

async function run(
  policy: CompiledPolicy,
  machine: object,
  workload: object,
  durationNs: number,
  params: Record<string, number | boolean> = {},
): Promise<Run> {
  const { raw, result } = await runFiles(policy, machine, workload, {
    durationNs,
    params,
    trace: true,
  });
  // PERF trace records (kind 7): a CPU's performance level changed.
  const perf: Run["perf"] = [];
  if (raw.trace) {
    const i32 = new Int32Array(raw.trace);
    const f64 = new Float64Array(raw.trace);
    for (let r = 0; r < raw.trace.byteLength / 32; r++) {
      if (i32[r * 8] === 7)
        perf.push({ cpu: i32[r * 8 + 1], perf: i32[r * 8 + 3], t: f64[r * 4 + 2] });
    }
  }
  return { raw, result, perf };
}

describe("the machine model", { timeout: 120_000 }, () => {
  it("an idle CPU's exit latency shows up in wakeup latency and run delay", async () => {
    const machine = (exit: number) => ({
      name: "one",
      cpus: [
        { id: 0, type: "P", capacity: 1024, core: 0, llc: 0, node: 0, idle_exit_latency_ns: exit },
      ],
      costs: ZERO_COSTS,
      hz: 0,
    });
    const workload = {
      name: "sleeper",
      groups: [{ name: "s", loop: 10, program: [{ sleep: "1ms" }, { run: "1ms" }] }],
    };
    const fast = await run(simple, machine(0), workload, 100 * MS);
    const slow = await run(simple, machine(50_000), workload, 100 * MS);
    const w0 = fast.result.summary.wakeup_latency_ns;
    const w1 = slow.result.summary.wakeup_latency_ns;
    expect(w0.max, `without exit latency: ${JSON.stringify(w0)}`).toBe(0);
    expect(w1.p50, `with a 50 µs exit latency: ${JSON.stringify(w1)}`).toBe(50_000);
    expect(w1.max).toBe(50_000);
    expect(slow.result.summary.run_delay_ns.max).toBe(50_000);
  });

  it("energy of a fixed busy/idle pattern equals the hand-computed integral", async () => {
    // One CPU at one operating point: 500 mW busy, 20 mW idle. The task runs 3 ms and sleeps
    // 7 ms, ten times: 30 ms busy and 70 ms idle in 100 ms.
    const machine = {
      name: "one-opp",
      cpus: [
        {
          id: 0,
          type: "P",
          capacity: 1024,
          core: 0,
          llc: 0,
          node: 0,
          idle_exit_latency_ns: 0,
          idle_power_mw: 20,
        },
      ],
      freq_domains: [{ cpus: [0], opps: [{ mhz: 1000, power_mw: 500 }] }],
      costs: ZERO_COSTS,
      hz: 0,
    };
    const workload = {
      name: "duty",
      groups: [{ name: "d", loop: 10, program: [{ run: "3ms" }, { sleep: "7ms" }] }],
    };
    const { result } = await run(simple, machine, workload, 100 * MS);
    const expected = 0.5 * 0.03 + 0.02 * 0.07;
    expect(result.simulated_ns).toBe(100 * MS);
    expect(result.summary.energy_j, `expected ${expected} J`).toBeCloseTo(expected, 9);
    expect(result.cpus[0].energy_j).toBeCloseTo(expected, 9);
  });

  it("the default governor raises the frequency under load and lowers it when idle", async () => {
    const machine = {
      name: "dvfs",
      cpus: [{ id: 0, type: "P", capacity: 1024, core: 0, llc: 0, node: 0 }],
      freq_domains: [
        {
          cpus: [0],
          opps: [
            { mhz: 500, power_mw: 50 },
            { mhz: 1000, power_mw: 150 },
            { mhz: 2000, power_mw: 600 },
          ],
        },
      ],
      costs: ZERO_COSTS,
      hz: 0,
    };
    // Idle for 400 ms, busy for 400 ms, idle again.
    const workload = {
      name: "burst",
      groups: [
        { name: "b", start: "400ms", program: [{ run: "400ms" }] },
        { name: "idle-keeper", program: [{ sleep: "1200ms" }] },
      ],
    };
    const { perf } = await run(simple, machine, workload, 1200 * MS);
    const at = (t: number) => {
      let level = 1024;
      for (const p of perf) if (p.t <= t) level = p.perf;
      return level;
    };
    const lowIdle = at(390 * MS);
    const underLoad = at(700 * MS);
    const idleAgain = at(1190 * MS);
    expect(lowIdle, `perf before the burst: ${lowIdle}`).toBe(256);
    expect(underLoad, `perf under load: ${underLoad}`).toBe(1024);
    expect(idleAgain, `perf after the burst: ${idleAgain}`).toBe(256);
  });

  it("a task pinned to an E core finishes later than on a P core by the capacity ratio", async () => {
    const machine = {
      name: "big-little",
      cpus: [
        { id: 0, type: "P", capacity: 1024, core: 0, llc: 0, node: 0, idle_exit_latency_ns: 0 },
        { id: 1, type: "E", capacity: 400, core: 1, llc: 0, node: 0, idle_exit_latency_ns: 0 },
      ],
      costs: ZERO_COSTS,
      hz: 0,
    };
    const workload = { name: "one-job", groups: [{ name: "job", program: [{ run: "10ms" }] }] };
    const onP = await run(pin, machine, workload, 1000 * MS, { pin_cpu: 0 });
    const onE = await run(pin, machine, workload, 1000 * MS, { pin_cpu: 1 });
    const p = onP.result.summary.response_ns.max;
    const e = onE.result.summary.response_ns.max;
    expect(p, "on the P core").toBe(10 * MS);
    expect(e, "on the E core: 10 ms × 1024 / 400").toBe(25.6 * MS);
    expect(e / p).toBeCloseTo(1024 / 400, 9);
  });
});
