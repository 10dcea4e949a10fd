// `npm run bench`: the engine's speed on the standard scenario of the core issue — 64 CPUs,
// 2,048 tasks looping over a run burst (50 µs–5 ms, one burst in 16 of 5–50 ms) and a sleep
// (100 µs–250 ms), uniform draws, scx_simple in vtime mode, 100 s simulated — with trace
// recording off and on. Prints a table and writes build/bench.json. Speed targets live here,
// never in unit tests: the machine may be busy, so each case runs a few times and the best
// run counts.
import { mkdirSync, writeFileSync } from "node:fs";
import { loadPolicy } from "../src/compile/index.ts";
import { encodeMachine, machineFromCpus } from "../src/config/machine.ts";
import { encodeWorkload, parseWorkload } from "../src/config/workload.ts";
import { runSimulation } from "../src/sim/run.ts";
import type { RunRequest } from "../src/sim/types.ts";

const SIM_NS = Number(process.env.BENCH_SIM_S ?? 100) * 1e9;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
/** The core issue's target: half the speed of a plain C program doing the same simulation. */
const TARGET_EVENTS_PER_S = 4.5e6;

const workload = parseWorkload({
  name: "bench-2048",
  groups: [
    {
      name: "worker",
      count: 2048,
      loop: -1,
      program: [
        { run: { choice: [[15, { uniform: ["50us", "5ms"] }], [1, { uniform: ["5ms", "50ms"] }]] } },
        { sleep: { uniform: ["100us", "250ms"] } },
      ],
    },
  ],
});

async function main(): Promise<void> {
  const policy = await loadPolicy("simple", { release: true });
  const machine = machineFromCpus(64);
  const m = encodeMachine(machine);
  const w = encodeWorkload(workload, { ncpus: 64, cpuTypeNames: m.cpuTypeNames });
  const base: RunRequest = {
    policy,
    params: {},
    machineName: "cpus-64",
    machine: m.data,
    workloadName: workload.name,
    workload: w.data,
    groupNames: w.groupNames,
    cpuTypeNames: m.cpuTypeNames,
    seed: 1,
    durationNs: SIM_NS,
  };
  const cases = [
    { name: "trace off", trace: false },
    { name: "trace on", trace: true },
  ];
  const results = [];
  for (const c of cases) {
    let best: { wallMs: number; events: number; simulatedNs: number } | null = null;
    for (let i = 0; i < REPEATS; i++) {
      const raw = await runSimulation({ ...base, trace: c.trace });
      if (best === null || raw.wallMs < best.wallMs) best = raw;
    }
    if (best === null) throw new Error("no run");
    const eventsPerS = best.events / (best.wallMs / 1000);
    results.push({
      case: c.name,
      events: best.events,
      wall_ms: Math.round(best.wallMs),
      events_per_s: Math.round(eventsPerS),
      simulated_s_per_wall_s: best.simulatedNs / 1e9 / (best.wallMs / 1000),
      target_events_per_s: TARGET_EVENTS_PER_S,
      meets_target: eventsPerS >= TARGET_EVENTS_PER_S,
    });
  }
  console.log("scenario: 64 CPUs, 2048 tasks, scx_simple (vtime), %d s simulated, best of %d", SIM_NS / 1e9, REPEATS);
  for (const r of results) {
    console.log(
      `${r.case.padEnd(10)} ${String(r.events).padStart(9)} events  ${String(r.wall_ms).padStart(6)} ms  ` +
        `${(r.events_per_s / 1e6).toFixed(2)} M events/s  ${r.simulated_s_per_wall_s.toFixed(1)} sim s/wall s  ` +
        `${r.meets_target ? "meets" : "below"} the ${(TARGET_EVENTS_PER_S / 1e6).toFixed(1)} M/s target`,
    );
  }
  mkdirSync("build", { recursive: true });
  writeFileSync("build/bench.json", `${JSON.stringify({ engine: results }, null, 2)}\n`);
  console.log("written build/bench.json");
}

await main();
