// Errors that eject the scheduler (sched_ext.md §2.2, §2.4, §2.6, §3, §5.1–§5.2): the exit kind,
// the kernel's message, the callback that was running, and the results up to that instant.
import { beforeAll, describe, expect, it } from "vitest";
import {
  COMPILE_TIMEOUT_MS,
  MS,
  policy,
  type SimSpec,
  simulate,
  stints,
  warmUp,
} from "./harness.ts";

// Compile the fixtures up front, outside the tests' timeouts (a cold compile takes seconds).
beforeAll(() => warmUp(["errors", "noidle", "nocallbacks"]), COMPILE_TIMEOUT_MS);

const SCX_EXIT_ERROR = 1024;
const SCX_EXIT_ERROR_STALL = 1026;

/**
 * The callback an error is reported against. Inserts made in ops.select_cpu/ops.enqueue are
 * validated after the callback returns (as in the kernel, where the direct dispatch is applied
 * by do_enqueue_task), so the engine reports no callback for them; either is accepted.
 */
function expectCallback(got: string | undefined, op: string): void {
  expect([op, undefined]).toContain(got);
}

/** Four tasks (group g0) that run 1 ms and sleep 1 ms forever, on two CPUs; `over` replaces fields. */
function busy(mode: number, over: Partial<SimSpec> = {}): SimSpec {
  return {
    machine: { cpus: 2 },
    groups: [{ count: 4, loop: -1, program: [{ run: 1 * MS }, { sleep: 1 * MS }] }],
    durationNs: 100 * MS,
    params: { mode },
    trace: true,
    ...over,
  };
}

describe("runtime errors eject with SCX_EXIT_ERROR and the kernel's message (§5.2)", () => {
  const cases: [number, string, string | RegExp, Partial<SimSpec>?][] = [
    [
      1,
      "ops.enqueue",
      "SCX_DSQ_LOCAL[_ON] target CPU 1 not allowed for g0[1]",
      {
        groups: [{ count: 2, cpus: [0], loop: -1, program: [{ run: 1 * MS }, { sleep: 1 * MS }] }],
      },
    ],
    [2, "ops.enqueue", "DSQ ID 0x9 already had FIFO-enqueued tasks"],
    [3, "ops.enqueue", "cannot use vtime ordering for built-in DSQs"],
    [4, "ops.enqueue", "non-existent DSQ 0x3039 for g0[1]"],
    [5, "ops.enqueue", /scx_bpf_dsq_move_to_local.*ops\.enqueue/],
    [6, "ops.dispatch", "dispatch buffer overflow"],
    [11, "ops.select_cpu", "invalid CPU 99 from ops.select_cpu()"],
    [12, "ops.enqueue", /SCX_KICK_IDLE/],
    [13, "ops.enqueue", /^invalid enq_flags 0x8[0-9a-f]{15}$/],
    [14, "ops.enqueue", "scheduling for g0[2] but trying to direct-dispatch g0[1]"],
    [15, "ops.enqueue", /scx_bpf_create_dsq.*ops\.enqueue/],
    [16, "ops.dispatch", "dispatch buffer underflow"],
    [17, "ops.enqueue", /already direct-dispatched/],
  ];
  const names: Record<number, string> = {
    1: "SCX_DSQ_LOCAL_ON to a CPU outside the task's cpumask (§2.6)",
    2: "FIFO and vtime inserts mixed on one DSQ (§2.2)",
    3: "a vtime insert into a built-in DSQ (§2.2)",
    4: "an insert into a non-existent DSQ (§2.6)",
    5: "a kfunc from the wrong callback: scx_bpf_dsq_move_to_local from ops.enqueue (§3.6)",
    6: "dispatch buffer overflow: 33 inserts in one ops.dispatch (§2.4)",
    11: "an out-of-range CPU from ops.select_cpu (§1 select_cpu)",
    12: "SCX_KICK_IDLE combined with SCX_KICK_PREEMPT (§3.2)",
    13: "internal enq flags passed to an insert (§3.1)",
    14: "a direct dispatch of another task than the one enqueued (§3.1)",
    15: "scx_bpf_create_dsq outside the sleepable callbacks (§3.6)",
    16: "scx_bpf_dispatch_cancel with an empty buffer (§2.4)",
    17: "a task direct-dispatched twice (§3.1)",
  };
  for (const [mode, callback, msg, over] of cases) {
    it(names[mode] as string, async () => {
      const sim = await simulate(await policy("errors"), busy(mode, over));
      expect(sim.exit.kind).toBe("ejected");
      expect(sim.exit.code).toBe(SCX_EXIT_ERROR);
      expectCallback(sim.exit.callback, callback);
      if (typeof msg === "string") expect(sim.exit.message).toBe(msg);
      else expect(sim.exit.message).toMatch(msg);
      expect(sim.exit.reason).toContain("runtime error");
      // The run stops at the error.
      expect(sim.simulatedNs).toBe(sim.exit.atNs);
      expect(sim.records.filter((r) => r.kind === 6).map((r) => [r.aux, r.t0])).toEqual([
        [SCX_EXIT_ERROR, sim.exit.atNs],
      ]);
    });
  }

  it("mode 0 of the same policy breaks no rule", async () => {
    const sim = await simulate(await policy("errors"), busy(0));
    expect(sim.exit).toMatchObject({ kind: "done", code: 1 });
    expect(sim.simulatedNs).toBe(100 * MS);
  });
});

describe("results survive an ejection", () => {
  /** The checks common to every ejection mid-run: the results cover [0, at] and nothing after. */
  function coversUpTo(sim: Awaited<ReturnType<typeof simulate>>, at: number): void {
    expect(sim.simulatedNs).toBe(at);
    expect(sim.counter("tasks_started")).toBe(4);
    // Two CPUs, four tasks that run 1 ms and sleep 1 ms: both CPUs are busy all the time.
    expect(sim.counter("busy_ns")).toBeGreaterThanOrEqual(2 * at - 4 * MS);
    expect(sim.counter("busy_ns")).toBeLessThanOrEqual(2 * at);
    expect(sim.hist(0, 0).count).toBeGreaterThanOrEqual(at / MS);
    const s = stints(sim);
    for (const x of s) expect(x.end).toBeLessThanOrEqual(at);
    expect(s.reduce((a, x) => a + x.end - x.start, 0)).toBe(sim.counter("busy_ns"));
    const perCpu = sim.cpuStats[0] as number;
    expect(perCpu).toBeGreaterThan(0);
  }

  it("an invalid DSQ at ~7 ms: counters, histograms and trace cover the run up to the error", async () => {
    const sim = await simulate(
      await policy("errors"),
      busy(4, { params: { mode: 4, from_ns: 7 * MS } }),
    );
    expect(sim.exit).toMatchObject({ kind: "ejected", code: SCX_EXIT_ERROR });
    expectCallback(sim.exit.callback, "ops.enqueue");
    expect(sim.exit.message).toMatch(/^non-existent DSQ 0x3039 for g0\[\d\]$/);
    expect(sim.exit.atNs).toBeGreaterThanOrEqual(7 * MS);
    expect(sim.exit.atNs).toBeLessThan(9 * MS);
    coversUpTo(sim, sim.exit.atNs);
  });

  it("scx_bpf_error at ~5 ms: SCX_EXIT_ERROR_BPF, the results up to that instant are kept", async () => {
    const sim = await simulate(
      await policy("errors"),
      busy(7, { params: { mode: 7, from_ns: 5 * MS } }),
    );
    const at = sim.exit.atNs;
    expect(sim.exit).toMatchObject({
      kind: "ejected",
      code: 1025,
      callback: "ops.dispatch",
      message: `boom at ${at}`,
    });
    expect(sim.exit.reason).toBe(`scx_bpf_error: boom at ${at}`);
    expect(at).toBeGreaterThanOrEqual(5 * MS);
    expect(at).toBeLessThan(7 * MS);
    coversUpTo(sim, at);
  });

  it("a stall: the results up to the watchdog are kept", async () => {
    // Tasks run normally for 10 ms, then the policy holds whatever it is given.
    const sim = await simulate(
      await policy("errors"),
      busy(10, { params: { mode: 10, from_ns: 10 * MS }, durationNs: 60_000 * MS }),
    );
    expect(sim.exit.code).toBe(SCX_EXIT_ERROR_STALL);
    expect(sim.exit.atNs).toBe(45_000 * MS);
    expect(sim.simulatedNs).toBe(45_000 * MS);
    expect(sim.counter("busy_ns")).toBeGreaterThanOrEqual(16 * MS);
    expect(sim.counter("busy_ns")).toBeLessThanOrEqual(24 * MS);
  });
});

describe("the watchdog (§5.1)", () => {
  it("a policy that never dispatches stalls: SCX_EXIT_ERROR_STALL, `comm[pid] failed to run for S.mmm s`", async () => {
    const sim = await simulate(await policy("errors"), {
      machine: { cpus: 2 },
      groups: [{ name: "lost", count: 2, program: [{ run: 1 * MS }] }],
      durationNs: 120_000 * MS,
      params: { mode: 10 },
    });
    expect(sim.exit.kind).toBe("ejected");
    expect(sim.exit.code).toBe(SCX_EXIT_ERROR_STALL);
    expect(sim.exit.reason).toContain("runnable task stall");
    const m = /^(\S*)\[(\d+)\] failed to run for (\d+)\.(\d{3})s$/.exec(sim.exit.message ?? "");
    expect(m, sim.exit.message).not.toBeNull();
    expect(m?.[1]).toBe("lost"); // comm = the task's group name
    expect(["1", "2"]).toContain(m?.[2]);
    // The check runs every timeout/2 = 15 s and fires once a task waited more than 30 s.
    const waited = Number(m?.[3]) * 1000 + Number(m?.[4]);
    expect(waited).toBeGreaterThan(30_000);
    expect(waited).toBeLessThanOrEqual(45_000);
    expect(sim.exit.atNs).toBe(45_000 * MS);
    expect(sim.simulatedNs).toBe(45_000 * MS);
    expect(sim.counter("busy_ns")).toBe(0);
  });

  it("the machine's watchdog timeout shortens it", async () => {
    const sim = await simulate(await policy("errors"), {
      machine: { cpus: 1, watchdogNs: 2000 * MS },
      groups: [{ program: [{ run: 1 * MS }] }],
      durationNs: 120_000 * MS,
      params: { mode: 10 },
    });
    expect(sim.exit.code).toBe(SCX_EXIT_ERROR_STALL);
    expect(sim.exit.message).toBe("g0[1] failed to run for 3.000s");
    expect(sim.exit.atNs).toBe(3000 * MS);
  });

  it("a task that keeps running is not a stall: the watchdog measures waiting, not running", async () => {
    const sim = await simulate(await policy("nocallbacks"), {
      machine: { cpus: 1, watchdogNs: 1000 * MS },
      groups: [{ program: [{ run: 5000 * MS }] }],
      durationNs: 6000 * MS,
    });
    expect(sim.exit).toMatchObject({ kind: "done", code: 1 });
    expect(sim.counter("tasks_exited")).toBe(1);
  });
});

describe("built-in idle tracking off (§1 update_idle, §3.4, §8.9)", () => {
  const spec = (use: number): SimSpec => ({
    machine: { cpus: 2 },
    groups: [{ count: 2, loop: 3, program: [{ run: 1 * MS }, { sleep: 1 * MS }] }],
    durationNs: 100 * MS,
    params: { use },
  });

  it("update_idle without SCX_OPS_KEEP_BUILTIN_IDLE: the policy runs as long as it calls no idle kfunc", async () => {
    const sim = await simulate(await policy("noidle"), spec(0));
    expect(sim.exit).toMatchObject({ kind: "done", code: 1 });
    expect(sim.counter("tasks_exited")).toBe(2);
  });

  for (const [use, kf] of [
    [1, "scx_bpf_select_cpu_dfl"],
    [2, "scx_bpf_pick_idle_cpu"],
    [3, "scx_bpf_test_and_clear_cpu_idle"],
  ] as const) {
    it(`${kf} ejects with "built-in idle tracking is disabled"`, async () => {
      const sim = await simulate(await policy("noidle"), spec(use));
      expect(sim.exit).toMatchObject({
        kind: "ejected",
        code: SCX_EXIT_ERROR,
        callback: "ops.select_cpu",
        atNs: 0,
      });
      expect(sim.exit.message).toMatch(
        new RegExp(`^${kf}\\(\\): built-in idle tracking is disabled$`),
      );
    });
  }
});
