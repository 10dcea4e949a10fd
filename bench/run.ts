// `npm run bench`: the engine's speed on the standard scenario of the core issue — 64 CPUs,
// 2,048 tasks looping over a run burst (50 µs–5 ms, one burst in 16 of 5–50 ms) and a sleep
// (100 µs–250 ms), uniform draws, scx_simple in vtime mode, 100 s simulated — with trace
// recording off and on, and whether linear memory stays flat as simulated time grows; then
// the speed-up of `scx-playground bench` with 2 workers over 1 on a small matrix. Prints
// tables and writes build/bench.json. Speed targets live here, never in
// unit tests: the machine may be busy, so each case runs a few times and the best run counts.
//
// BENCH_ONLY=engine|pool runs one part (the other part of build/bench.json is kept);
// BENCH_SIM_S, BENCH_REPEATS, BENCH_POOL_SIM_S, BENCH_POOL_REPEATS size them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { buildMatrix } from "../src/bench/matrix.ts";
import { runCells } from "../src/bench/runner.ts";
import { realDeps } from "../src/cli/deps.ts";
import { memoryIo } from "../src/cli/io.ts";
import { WorkerPool } from "../src/sim/pool.ts";
import { runSimulation } from "../src/sim/run.ts";
import { benchRequest } from "./scenario.ts";

const SIM_NS = Number(process.env.BENCH_SIM_S ?? 100) * 1e9;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const POOL_SIM_NS = Number(process.env.BENCH_POOL_SIM_S ?? 2) * 1e9;
const POOL_REPEATS = Number(process.env.BENCH_POOL_REPEATS ?? 3);
const ONLY = process.env.BENCH_ONLY;
/** The core issue's target: half the speed of a plain C program doing the same simulation. */
const TARGET_EVENTS_PER_S = 4.5e6;

async function engine() {
  const base = await benchRequest(SIM_NS);
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
  console.log(
    "scenario: 64 CPUs, 2048 tasks, scx_simple (vtime), %d s simulated, best of %d",
    SIM_NS / 1e9,
    REPEATS,
  );
  for (const r of results) {
    console.log(
      `${r.case.padEnd(10)} ${String(r.events).padStart(9)} events  ${String(r.wall_ms).padStart(6)} ms  ` +
        `${(r.events_per_s / 1e6).toFixed(2)} M events/s  ${r.simulated_s_per_wall_s.toFixed(1)} sim s/wall s  ` +
        `${r.meets_target ? "meets" : "below"} the ${(TARGET_EVENTS_PER_S / 1e6).toFixed(1)} M/s target`,
    );
  }
  return results;
}

/**
 * Memory must stay flat in simulated time when tracing is off: the same scenario run for a
 * tenth of the time and for the whole time ends with the same linear memory.
 */
async function engineMemory() {
  const request = await benchRequest(SIM_NS);
  const sizes = [];
  for (const ns of [SIM_NS / 10, SIM_NS]) {
    const raw = await runSimulation({ ...request, durationNs: ns, trace: false });
    sizes.push({ simulated_s: ns / 1e9, linear_memory_bytes: raw.memoryBytes ?? 0 });
  }
  const flat = sizes[0]?.linear_memory_bytes === sizes[1]?.linear_memory_bytes;
  const mib = (b: number) => (b / 2 ** 20).toFixed(1);
  console.log(
    `memory     ${sizes.map((s) => `${mib(s.linear_memory_bytes)} MiB after ${s.simulated_s} s`).join(", ")}` +
      ` (trace off): ${flat ? "flat" : "grows"}`,
  );
  return { runs: sizes, flat };
}

/**
 * The bench command's machinery (matrix, runCells, WorkerPool) on 8 cells — simple on 8 CPUs,
 * server and hackbench, 4 seeds — with 1 and with 2 workers, alternating so that a change in
 * the machine's load hits both alike. "cold" times a fresh pool, as `bench` runs (each worker
 * first loads the TypeScript host, ~0.6 s of CPU); "warm" runs the matrix again on the same
 * pool, which isolates how well the simulations themselves spread over the workers.
 */
async function pool() {
  const quiet = memoryIo();
  const matrix = await buildMatrix(
    {
      policies: ["simple"],
      params: { params: {}, sweep: {} },
      machines: [],
      cpus: [8],
      workloads: ["server", "hackbench"],
      seeds: [1, 2, 3, 4],
      durationNs: POOL_SIM_NS,
    },
    realDeps,
    quiet,
  );
  const loadAtStart = loadavg()[0];
  type Runs = Record<"cold" | "warm", Record<1 | 2, number[]>>;
  const runs = (): Runs => ({ cold: { 1: [], 2: [] }, warm: { 1: [], 2: [] } });
  const walls = runs();
  // CPU time of the whole process (every thread) / wall time: the cores it actually got.
  const cores = runs();
  let simulationMs = 0;
  for (let i = 0; i < POOL_REPEATS; i++) {
    for (const jobs of [1, 2] as const) {
      const p = new WorkerPool(jobs);
      for (const kind of ["cold", "warm"] as const) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const outcomes = await runCells(matrix.cells, p, { jobs });
        const wall = performance.now() - t0;
        const cpu = process.cpuUsage(c0);
        walls[kind][jobs].push(wall);
        cores[kind][jobs].push((cpu.user + cpu.system) / 1000 / wall);
        const failed = outcomes.find((o) => o.error);
        if (failed) throw new Error(`a cell failed: ${failed.error}`);
        if (jobs === 1 && kind === "warm") {
          simulationMs = outcomes.reduce((a, o) => a + (o.result?.wall_ms ?? 0), 0);
        }
      }
      await p.close();
    }
  }
  const best = (xs: number[]) => Math.round(Math.min(...xs));
  const round2 = (x: number) => Number(x.toFixed(2));
  const figures = (kind: "cold" | "warm") => ({
    wall_ms_1_worker: walls[kind][1].map(Math.round),
    wall_ms_2_workers: walls[kind][2].map(Math.round),
    best_wall_ms_1_worker: best(walls[kind][1]),
    best_wall_ms_2_workers: best(walls[kind][2]),
    speedup_2_over_1: round2(best(walls[kind][1]) / best(walls[kind][2])),
    cores_obtained_1_worker: cores[kind][1].map(round2),
    cores_obtained_2_workers: cores[kind][2].map(round2),
    /** CPU time of the best run (wall × cores): equal for 1 and 2 workers = no parallel overhead. */
    cpu_ms_best_1_worker: Math.round(
      Math.min(...walls[kind][1]) *
        cores[kind][1][walls[kind][1].indexOf(Math.min(...walls[kind][1]))],
    ),
    cpu_ms_best_2_workers: Math.round(
      Math.min(...walls[kind][2]) *
        cores[kind][2][walls[kind][2].indexOf(Math.min(...walls[kind][2]))],
    ),
  });
  const result = {
    matrix: `simple × cpus-8 × {server, hackbench} × seeds 1..4, ${POOL_SIM_NS / 1e9} s simulated each (${matrix.cells.length} cells)`,
    host_cores: availableParallelism(),
    host_cpu: cpus()[0]?.model ?? "?",
    load_average_1m: { start: loadAtStart, end: loadavg()[0] },
    repeats: POOL_REPEATS,
    simulation_ms_per_pass: Math.round(simulationMs),
    ideal_speedup: Math.min(2, availableParallelism()),
    cold: figures("cold"),
    warm: figures("warm"),
  };
  console.log(
    `\nbench pool: ${result.matrix}; ${result.host_cores} cores, 1-min load average ${loadAtStart.toFixed(1)} → ${result.load_average_1m.end.toFixed(1)}; best of ${POOL_REPEATS}`,
  );
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const kind of ["cold", "warm"] as const) {
    const f = result[kind];
    console.log(
      `${kind === "cold" ? "cold pool (as bench runs)  " : "warm pool (workers started)"}: ` +
        `1 worker ${f.best_wall_ms_1_worker} ms, 2 workers ${f.best_wall_ms_2_workers} ms, ` +
        `speed-up ${f.speedup_2_over_1.toFixed(2)}× (ideal ${result.ideal_speedup}×); cores obtained ` +
        `${mean(f.cores_obtained_1_worker).toFixed(2)} and ${mean(f.cores_obtained_2_workers).toFixed(2)}, ` +
        `CPU time ${f.cpu_ms_best_1_worker} and ${f.cpu_ms_best_2_workers} ms`,
    );
  }
  return result;
}

async function main(): Promise<void> {
  const file = "build/bench.json";
  const previous = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>)
    : {};
  const out = { ...previous };
  if (ONLY !== "pool") {
    out.engine = await engine();
    out.engine_memory = await engineMemory();
  }
  if (ONLY !== "engine") out.pool = await pool();
  mkdirSync("build", { recursive: true });
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`written ${file}`);
}

await main();
