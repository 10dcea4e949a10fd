// Engine invariants (docs/safety.md "Invariants"), checked on random workloads, random machines
// and seeds, under a random but legal policy (test/fixtures/policies/safety/random.ts) and
// scx_simple: from the trace records, a task never runs on two CPUs at once and a CPU never
// runs two tasks, simulated time never goes back, CPU time is conserved (RUN stints per CPU =
// its busy_ns, per task = its cpu_time), and the result's counters match the trace (context
// switches = RUN records, open ones included; migrations = MIGRATE records; tasks started and
// exited = CREATE and EXIT records).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { builtinPolicyNames, loadPolicy } from "../../src/compile/index.ts";
import { encodeMachine, loadMachine, type Machine } from "../../src/config/machine.ts";
import { encodeWorkload, parseWorkload } from "../../src/config/workload.ts";
import { WorkerPool } from "../../src/sim/pool.ts";
import type { CompiledPolicy, RawRun } from "../../src/sim/types.ts";
import { loadSafety } from "./policies.ts";
import { scenario } from "./randomInputs.ts";
import { CREATE, decodeTrace, EXIT, MIGRATE, RUN, type TraceRecord } from "./trace.ts";

const PRESETS = ["raspberry-pi-5", "rk3399", "apple-m1"];
let random: CompiledPolicy;
let simple: CompiledPolicy;
const presets: Machine[] = [];
// On workers with a wall-clock limit: a run that never ends fails the property instead of
// stopping the test run.
const pool = new WorkerPool(2);
afterAll(() => pool.close());

beforeAll(async () => {
  random = await loadSafety("random");
  simple = await loadPolicy("simple");
  for (const p of PRESETS) presets.push(await loadMachine(p));
}, 300_000);

// --- the checks ----------------------------------------------------------------------------

function checkInvariants(run: RawRun, records: TraceRecord[]): void {
  const fail = (msg: string) => {
    throw new Error(`${msg} (exit: ${JSON.stringify(run.exit)})`);
  };
  const end = run.simulatedNs;
  const byCpu = new Map<number, TraceRecord[]>();
  const byPid = new Map<number, TraceRecord[]>();
  let last = 0;
  let migrations = 0;
  let created = 0;
  let exited = 0;
  const migrationsByPid = new Map<number, number>();
  for (const r of records) {
    // Simulated time never goes back: a record is written at its last instant.
    const at = r.kind === RUN ? r.t1 : r.t0;
    if (at < last) fail(`record ${JSON.stringify(r)} written at ${at} after one at ${last}`);
    last = at;
    if (at > end) fail(`record ${JSON.stringify(r)} after the end of the run at ${end}`);
    if (r.kind === RUN) {
      if (!(r.t0 <= r.t1) || r.t0 < 0)
        fail(`a RUN stint that ends before it starts: ${JSON.stringify(r)}`);
      if (r.cpu < 0 || r.cpu >= run.ncpus) fail(`a RUN stint on CPU ${r.cpu}`);
      (byCpu.get(r.cpu) ?? byCpu.set(r.cpu, []).get(r.cpu)!).push(r);
      (byPid.get(r.pid) ?? byPid.set(r.pid, []).get(r.pid)!).push(r);
    } else if (r.kind === MIGRATE) {
      migrations++;
      migrationsByPid.set(r.pid, (migrationsByPid.get(r.pid) ?? 0) + 1);
    } else if (r.kind === CREATE) created++;
    else if (r.kind === EXIT) exited++;
  }
  const disjoint = (stints: TraceRecord[], what: string) => {
    const s = [...stints].sort((a, b) => a.t0 - b.t0 || a.t1 - b.t1);
    for (let i = 1; i < s.length; i++) {
      const a = s[i - 1] as TraceRecord;
      const b = s[i] as TraceRecord;
      if (b.t0 < a.t1) fail(`${what}: ${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`);
    }
  };
  // A CPU never runs two tasks at once; a task never runs on two CPUs at once.
  for (const [cpu, s] of byCpu) disjoint(s, `CPU ${cpu}`);
  for (const [pid, s] of byPid) disjoint(s, `task ${pid}`);

  // CPU time is conserved.
  const sum = (s: TraceRecord[] | undefined) => (s ?? []).reduce((a, r) => a + (r.t1 - r.t0), 0);
  let busy = 0;
  for (let c = 0; c < run.ncpus; c++) {
    const stints = byCpu.get(c) ?? [];
    const ran = sum(stints);
    busy += ran;
    if (ran !== run.cpuStats[c * 8])
      fail(`CPU ${c}: RUN stints sum to ${ran} ns, busy_ns is ${run.cpuStats[c * 8]}`);
    if (stints.length !== run.cpuStats[c * 8 + 1])
      fail(`CPU ${c}: ${stints.length} RUN records, ${run.cpuStats[c * 8 + 1]} switches`);
  }
  if (busy !== run.counters[8])
    fail(`RUN stints sum to ${busy} ns, the busy_ns counter is ${run.counters[8]}`);
  const ntasks = run.taskStats.length / 8;
  for (let i = 0; i < ntasks; i++) {
    const pid = run.taskStats[i * 8] as number;
    const ran = sum(byPid.get(pid));
    if (ran !== run.taskStats[i * 8 + 4])
      fail(`task ${pid}: RUN stints sum to ${ran} ns, cpu_time is ${run.taskStats[i * 8 + 4]}`);
    const m = migrationsByPid.get(pid) ?? 0;
    if (m !== run.taskStats[i * 8 + 7])
      fail(`task ${pid}: ${m} MIGRATE records, ${run.taskStats[i * 8 + 7]} migrations`);
  }
  let groupTime = 0;
  for (let g = 0; g < run.groupStats.length / 8; g++)
    groupTime += run.groupStats[g * 8 + 1] as number;
  if (groupTime !== busy) fail(`groups' cpu_time sums to ${groupTime}, RUN stints to ${busy}`);

  // The counters match the trace.
  const runs = records.filter((r) => r.kind === RUN).length;
  if (runs !== run.counters[2]) fail(`${runs} RUN records, context_switches is ${run.counters[2]}`);
  if (migrations !== run.counters[3])
    fail(`${migrations} MIGRATE records, migrations is ${run.counters[3]}`);
  if (created !== run.counters[4])
    fail(`${created} CREATE records, tasks_started is ${run.counters[4]}`);
  if (exited !== run.counters[5])
    fail(`${exited} EXIT records, tasks_exited is ${run.counters[5]}`);
}

describe.each([
  ["random", () => random, 100],
  ["simple", () => simple, 30],
])("invariants under the %s policy", (name, policy, numRuns) => {
  test("hold on random workloads, machines and seeds", { timeout: 240_000 }, async () => {
    let runs = 0;
    let stints = 0;
    await fc.assert(
      fc.asyncProperty(
        scenario(presets),
        async ({ machine, workload: workloadJson, seed, durationMs }) => {
          const m = encodeMachine(machine);
          const w = encodeWorkload(parseWorkload(workloadJson), {
            ncpus: machine.cpus.length,
            cpuTypeNames: m.cpuTypeNames,
          });
          const durationNs = durationMs * 1e6;
          const run = await pool.run(
            {
              policy: policy(),
              params: {},
              machineName: machine.name,
              machine: m.data,
              workloadName: "random",
              workload: w.data,
              groupNames: w.groupNames,
              cpuTypeNames: m.cpuTypeNames,
              seed,
              durationNs,
              trace: true,
            },
            { timeoutMs: 30_000 },
          );
          // A legal policy is never ejected (and the run ended in time).
          expect(
            run.exit,
            `${name} on ${machine.name}: ${JSON.stringify(workloadJson)}`,
          ).toMatchObject({ kind: "done" });
          expect(run.traceDropped).toBeUndefined();
          const records = decodeTrace(run.trace as ArrayBuffer);
          checkInvariants(run, records);
          runs++;
          stints += records.filter((r) => r.kind === RUN).length;
        },
      ),
      { numRuns, seed: Number(process.env.FC_SEED ?? 20261126), endOnFailure: true },
    );
    expect(runs).toBe(numRuns);
    expect(stints).toBeGreaterThan(numRuns * 10);
  });
});

describe("invariants under every built-in policy", () => {
  test.each(builtinPolicyNames())("%s", { timeout: 300_000 }, async (name) => {
    const policy = await loadPolicy(name);
    await fc.assert(
      fc.asyncProperty(scenario(presets), async ({ machine, workload, seed, durationMs }) => {
        const m = encodeMachine(machine);
        const w = encodeWorkload(parseWorkload(workload), {
          ncpus: machine.cpus.length,
          cpuTypeNames: m.cpuTypeNames,
        });
        const run = await pool.run(
          {
            policy,
            params: {},
            machineName: machine.name,
            machine: m.data,
            workloadName: "random",
            workload: w.data,
            groupNames: w.groupNames,
            cpuTypeNames: m.cpuTypeNames,
            seed,
            durationNs: durationMs * 1e6,
            trace: true,
          },
          { timeoutMs: 30_000 },
        );
        expect(run.exit, `${name} on ${machine.name}: ${JSON.stringify(workload)}`).toMatchObject({
          kind: "done",
        });
        checkInvariants(run, decodeTrace(run.trace as ArrayBuffer));
      }),
      { numRuns: 6, seed: Number(process.env.FC_SEED ?? 20261126), endOnFailure: true },
    );
  });
});

describe("the checker", () => {
  test("finds each kind of violation planted in a real run's trace", {
    timeout: 60_000,
  }, async () => {
    const machine = presets[0] as Machine;
    const m = encodeMachine(machine);
    const w = encodeWorkload(
      parseWorkload({
        name: "two",
        groups: [
          { name: "g", count: 6, loop: -1, program: [{ run: "300us" }, { sleep: "200us" }] },
        ],
      }),
      { ncpus: machine.cpus.length, cpuTypeNames: m.cpuTypeNames },
    );
    const run = await pool.run({
      policy: random,
      params: {},
      machineName: machine.name,
      machine: m.data,
      workloadName: "two",
      workload: w.data,
      groupNames: w.groupNames,
      cpuTypeNames: m.cpuTypeNames,
      seed: 3,
      durationNs: 50e6,
      trace: true,
    });
    const records = decodeTrace(run.trace as ArrayBuffer);
    expect(() => checkInvariants(run, records)).not.toThrow();
    const runIdx = records.findIndex((r) => r.kind === RUN && r.t1 > r.t0);
    const stint = records[runIdx] as TraceRecord;
    const planted: [string, TraceRecord[], RegExp][] = [
      // Time going back: a record moved to the end.
      ["time", [...records, { ...stint, t0: 0, t1: 1 }], /written at 1 after/],
      // The same stint twice: the CPU runs two at once, and more RUN records than switches.
      [
        "overlap",
        [...records.slice(0, runIdx + 1), stint, ...records.slice(runIdx + 1)],
        /overlaps/,
      ],
      // A stint shortened by 1 ns: CPU time no longer adds up.
      ["time lost", records.map((r, i) => (i === runIdx ? { ...r, t1: r.t1 - 1 } : r)), /sum to/],
      // A migration that did not happen.
      [
        "migration",
        [
          ...records.slice(0, runIdx),
          { ...stint, kind: MIGRATE, t0: stint.t1 - 1 },
          ...records.slice(runIdx),
        ],
        /MIGRATE records/,
      ],
    ];
    for (const [_what, bad, msg] of planted) expect(() => checkInvariants(run, bad)).toThrow(msg);
  });
});
