// Conformance of the simulated kernel to sched_ext.md: one test per rule the engine implements,
// checked on the call log (docs/internals.md "Call-log record") and the trace records.
import { beforeAll, describe, expect, it } from "vitest";
import {
  COMPILE_TIMEOUT_MS,
  MS,
  OP,
  opsOf,
  policy,
  SCX_DEQ_SLEEP,
  SCX_DSQ_LOCAL,
  SCX_ENQ_CPU_SELECTED,
  SCX_ENQ_LAST,
  SCX_ENQ_PREEMPT,
  SCX_ENQ_WAKEUP,
  SCX_SLICE_DFL,
  SCX_WAKE_FORK,
  SCX_WAKE_TTWU,
  show,
  simulate,
  stints,
  warmUp,
} from "./harness.ts";

// Compile the fixtures up front, outside the tests' timeouts (a cold compile takes seconds).
beforeAll(
  () =>
    warmUp([
      "logall",
      "nocallbacks",
      "enqlast",
      "preempt",
      "dsploop",
      "pingpong",
      "errors",
      "taskrunning",
    ]),
  COMPILE_TIMEOUT_MS,
);

const ALL_BUT = (...ids: number[]) => ids.reduce((m, id) => m & ~(1 << id), (1 << 21) - 1);

describe("callback order (sched_ext.md §1.1–§1.2)", () => {
  // One task on an otherwise idle 2-CPU machine: fork, run 1 ms, sleep 1 ms, run 1 ms, exit.
  const oneTask = {
    machine: { cpus: 2 },
    groups: [{ program: [{ run: 1 * MS }, { sleep: 1 * MS }, { run: 1 * MS }] }],
    durationNs: 100 * MS,
    log: true,
    trace: true,
  };

  it("fork: init_task(fork) → enable → set_weight → select_cpu(WAKE_FORK) → runnable → running", async () => {
    const sim = await simulate(await policy("logall"), oneTask);
    const first = sim.calls.filter(
      (r) => r.id < 32 && r.t === 0 && (r.pid === 1 || r.id === OP.update_idle),
    );
    expect(
      first.map((r) => r.name),
      show(sim.calls),
    ).toEqual([
      "init_task",
      "enable",
      "set_weight",
      "select_cpu",
      "runnable",
      "update_idle",
      "running",
    ]);
    const [initTask, , setWeight, select, runnable] = first;
    expect(initTask?.args[0]).toBe(1n); // fork = true
    expect(setWeight?.args[0]).toBe(100n); // nice 0 → weight 100 (cgroup scale)
    expect(select?.args[1]).toBe(SCX_WAKE_FORK);
    // A fork is not a wakeup: no SCX_ENQ_WAKEUP, but select_cpu ran.
    expect(runnable?.args[0]).toBe(SCX_ENQ_CPU_SELECTED);
  });

  it("sleep: stopping(false) → quiescent(SCX_DEQ_SLEEP) → dispatch(prev) → update_idle(true)", async () => {
    const sim = await simulate(await policy("logall"), oneTask);
    const at1 = sim.calls.filter((r) => r.id < 32 && r.t === 1 * MS);
    expect(
      at1.map((r) => r.name),
      show(sim.calls),
    ).toEqual(["stopping", "quiescent", "dispatch", "update_idle"]);
    expect(at1[0]?.args[0]).toBe(0n); // runnable = false
    expect(at1[1]?.args[0]).toBe(SCX_DEQ_SLEEP);
    expect(at1[2]?.args[0]).toBe(1n); // dispatch's prev is the task that blocked
    expect(at1[3]?.args).toEqual([BigInt(at1[2]?.cpu ?? -1), 1n]);
  });

  it("wakeup: select_cpu(WAKE_TTWU) → runnable(WAKEUP|CPU_SELECTED) → [direct dispatch, no enqueue] → running", async () => {
    const sim = await simulate(await policy("logall"), oneTask);
    const at2 = sim.calls.filter((r) => r.id < 32 && r.t === 2 * MS);
    expect(
      at2.map((r) => r.name),
      show(sim.calls),
    ).toEqual(["select_cpu", "runnable", "update_idle", "running"]);
    expect(at2[0]?.args[1]).toBe(SCX_WAKE_TTWU);
    expect(at2[1]?.args[0]).toBe(SCX_ENQ_WAKEUP | SCX_ENQ_CPU_SELECTED);
  });

  it("wakeup without direct dispatch: select_cpu → runnable → enqueue(WAKEUP|CPU_SELECTED) → dispatch → running", async () => {
    const sim = await simulate(await policy("logall"), { ...oneTask, params: { direct: false } });
    const at2 = sim.calls.filter((r) => r.id < 32 && r.t === 2 * MS);
    expect(
      at2.map((r) => r.name),
      show(sim.calls),
    ).toEqual(["select_cpu", "runnable", "enqueue", "dispatch", "update_idle", "running"]);
    expect(at2[2]?.args[0]).toBe(SCX_ENQ_WAKEUP | SCX_ENQ_CPU_SELECTED);
  });

  it("exit: stopping(false) → quiescent(SCX_DEQ_SLEEP) → disable → exit_task", async () => {
    const sim = await simulate(await policy("logall"), oneTask);
    // ops.dispatch(cpu, prev) also names the task; only its own callbacks matter here.
    const own = sim.calls.filter(
      (r) => r.id < 32 && r.id !== OP.dispatch && r.pid === 1 && r.t === 3 * MS,
    );
    expect(
      own.map((r) => r.name),
      show(sim.calls),
    ).toEqual(["stopping", "quiescent", "disable", "exit_task"]);
    expect(own[0]?.args[0]).toBe(0n); // not runnable
    expect(own[1]?.args[0]).toBe(SCX_DEQ_SLEEP); // a dead task is dequeued as a sleeping one
    const exitTask = sim.calls.find((r) => r.id === OP.exit_task);
    expect(exitTask?.args[0]).toBe(0n); // cancelled = false
    expect(sim.calls.at(-1)?.name).toBe("exit"); // ops.exit at unload
  });

  it("exit: the CPU reschedules (ops.dispatch(cpu, prev = T)) before ops.disable/ops.exit_task (§1.2 steps 11–12)", async () => {
    // In the kernel the dead task is switched out by __schedule (stopping, quiescent, balance
    // with ops.dispatch) and freed later (sched_ext_free: disable, exit_task).
    const sim = await simulate(await policy("logall"), oneTask);
    // ops.exit (id 18) follows at the same instant: the run ends when its last task has gone.
    const at3 = sim.calls
      .filter((r) => r.id < 32 && r.id !== 18 && r.t === 3 * MS)
      .map((r) => r.name);
    expect(at3, show(sim.calls)).toEqual([
      "stopping",
      "quiescent",
      "dispatch",
      "update_idle",
      "disable",
      "exit_task",
    ]);
  });

  it("slice expiry with another task waiting: dispatch(prev) → stopping(prev, true) → enqueue(prev, 0) → running(next)", async () => {
    // Two tasks pinned to CPU 0 (so select_cpu is skipped), 2 ms slices, tickless.
    const sim = await simulate(await policy("logall"), {
      machine: { cpus: 2 },
      groups: [{ count: 2, cpus: [0], program: [{ run: 5 * MS }] }],
      durationNs: 100 * MS,
      params: { slice_ns: 2 * MS },
      log: true,
    });
    expect(
      sim.calls.some((r) => r.id === OP.select_cpu),
      "select_cpu is skipped for 1-CPU tasks",
    ).toBe(false);
    const at2 = sim.calls.filter((r) => r.id < 32 && r.t === 2 * MS);
    expect(
      at2.map((r) => `${r.name}:${r.pid}`),
      show(sim.calls),
    ).toEqual(["dispatch:1", "stopping:1", "enqueue:1", "running:2"]);
    expect(at2[1]?.args[0]).toBe(1n); // still runnable
    expect(at2[2]?.args[0]).toBe(0n); // re-enqueue after slice expiry: no WAKEUP, no flags
    // runnable fires once per wakeup, never for the re-enqueue (§8.10).
    expect(opsOf(sim, 1).filter((n) => n === "runnable")).toHaveLength(1);
  });
});

describe("select_cpu and direct dispatch (sched_ext.md §1 select_cpu, §3.4)", () => {
  it("a direct dispatch from select_cpu skips ops.enqueue", async () => {
    const sim = await simulate(await policy("logall"), {
      machine: { cpus: 4 },
      groups: [{ count: 3, loop: 5, program: [{ run: 1 * MS }, { sleep: 2 * MS }] }],
      durationNs: 100 * MS,
      log: true,
    });
    const inserts = sim.calls.filter((r) => r.name === "dsq_insert" && r.args[0] === SCX_DSQ_LOCAL);
    expect(inserts.length).toBe(15); // every wakeup found an idle CPU
    expect(sim.calls.filter((r) => r.id === OP.enqueue)).toHaveLength(0);
    expect(sim.counter("tasks_exited")).toBe(3);
  });

  it("the default select_cpu direct-dispatches to an idle CPU; ops.enqueue sees only the others", async () => {
    // logall without its select_cpu: two tasks find idle CPUs, the third arrives when none is.
    const sim = await simulate(await policy("logall"), {
      machine: { cpus: 2 },
      groups: [
        { count: 2, program: [{ run: 5 * MS }] },
        { startNs: 1 * MS, program: [{ run: 1 * MS }] },
      ],
      durationNs: 100 * MS,
      log: true,
      trace: true,
      opsMask: ALL_BUT(OP.select_cpu),
    });
    const enq = sim.calls.filter((r) => r.id === OP.enqueue);
    expect(
      enq.map((r) => r.pid),
      show(sim.calls),
    ).toEqual([3]);
    // The default select_cpu ran for it: CPU_SELECTED (a fork: no WAKEUP).
    expect(enq[0]?.args[0]).toBe(SCX_ENQ_CPU_SELECTED);
    const s1 = stints(sim, 1)[0];
    const s2 = stints(sim, 2)[0];
    expect(s1?.start).toBe(0);
    expect(s2?.start).toBe(0);
    expect(new Set([s1?.cpu, s2?.cpu])).toEqual(new Set([0, 1]));
    expect(stints(sim, 3)[0]?.start).toBe(5 * MS);
  });

  it("a CPU outside the task's mask from select_cpu is replaced (SELECT_CPU_FALLBACK), not fatal", async () => {
    // pingpong selects prev_cpu ^ 1; tasks allowed on CPUs 0 and 2 only get 1 or 3 back.
    const sim = await simulate(await policy("pingpong"), {
      machine: { cpus: 4 },
      groups: [{ count: 2, cpus: [0, 2], loop: 3, program: [{ run: 1 * MS }, { sleep: 1 * MS }] }],
      durationNs: 100 * MS,
      trace: true,
    });
    expect(sim.exit.kind).toBe("done");
    expect(sim.counter("select_cpu_fallback")).toBe(6);
    for (const s of stints(sim)) expect([0, 2]).toContain(s.cpu);
  });
});

describe("keep-running rule (sched_ext.md §2.3 steps 1 and 5, §8.2)", () => {
  it("an empty dispatch keeps prev running: no stopping/enqueue/running, slice refilled to SCX_SLICE_DFL", async () => {
    const sim = await simulate(await policy("logall"), {
      machine: { cpus: 1 },
      groups: [{ program: [{ run: 30 * MS }] }],
      durationNs: 100 * MS,
      params: { slice_ns: 2 * MS },
      log: true,
      trace: true,
    });
    const seq = sim.calls
      .filter((r) => r.id < 32 && r.pid === 1 && r.t > 0)
      .map((r) => `${r.t / MS}:${r.name}`);
    // Expires at 2 ms: dispatch(prev) finds nothing, prev keeps the CPU with 20 ms; it expires
    // again at 22 ms, same thing; exits at 30 ms.
    expect(
      seq.filter((x) => !x.startsWith("30:")),
      show(sim.calls),
    ).toEqual(["2:dispatch", "22:dispatch"]);
    expect(seq.filter((x) => x.startsWith("30:"))).toContain("30:stopping");
    expect(sim.counter("dispatch_keep_last")).toBe(2);
    expect(stints(sim, 1)).toEqual([{ cpu: 0, pid: 1, start: 0, end: 30 * MS, why: 2 }]);
    expect(sim.counter("context_switches")).toBe(1);
  });

  it("a policy with no dispatch keeps a lone task running too", async () => {
    const sim = await simulate(await policy("nocallbacks"), {
      machine: { cpus: 1 },
      groups: [{ program: [{ run: 50 * MS }] }],
      durationNs: 100 * MS,
      trace: true,
    });
    expect(stints(sim, 1)).toEqual([{ cpu: 0, pid: 1, start: 0, end: 50 * MS, why: 2 }]);
    expect(sim.counter("dispatch_keep_last")).toBe(2); // at 20 and 40 ms
  });
});

describe("SCX_OPS_ENQ_LAST (sched_ext.md §1.2 case 8c, §2.3 step 5)", () => {
  it("the last task goes through stopping(true) → enqueue(SCX_ENQ_LAST); a local insert plus a kick runs it again", async () => {
    const sim = await simulate(await policy("enqlast"), {
      machine: { cpus: 1 },
      groups: [{ program: [{ run: 5 * MS }] }],
      durationNs: 100 * MS,
      log: true,
      trace: true,
    });
    const at2 = sim.calls.filter((r) => r.id < 32 && r.t === 2 * MS).map((r) => r.name);
    expect(at2, show(sim.calls)).toEqual(["dispatch", "stopping", "enqueue", "running"]);
    const enq = sim.calls.filter((r) => r.id === OP.enqueue && r.t === 2 * MS);
    expect(enq[0]?.args[0]).toBe(SCX_ENQ_LAST);
    expect(sim.counter("dispatch_keep_last")).toBe(0);
    expect(sim.hist(0, 2).max).toBe(5 * MS);
  });

  it("without a kick, inserting the ENQ_LAST task locally does not reschedule the CPU: it waits for the next event", async () => {
    // The lone task's slice ends at 2 ms; it sits in the idle CPU's local DSQ until another
    // task's wakeup reschedules the CPU at 10 ms.
    const sim = await simulate(await policy("enqlast"), {
      machine: { cpus: 1 },
      groups: [{ program: [{ run: 5 * MS }] }, { startNs: 10 * MS, program: [{ run: 1 * MS }] }],
      durationNs: 100 * MS,
      params: { kick_last: false },
      trace: true,
    });
    const s = stints(sim, 1);
    expect(s[0]).toMatchObject({ start: 0, end: 2 * MS });
    expect(s[1]?.start).toBe(10 * MS);
  });
});

describe("SCX-internal preemption (sched_ext.md §1.2 step 9, §2.5, §3.2)", () => {
  // A hog runs from 0; a vip (nice -5) becomes runnable at 5 ms on the same single CPU.
  const race = (mode: number) => ({
    machine: { cpus: 1 },
    groups: [
      { name: "hog", program: [{ run: 50 * MS }] },
      { name: "vip", startNs: 5 * MS, nice: -5, program: [{ run: 1 * MS }] },
    ],
    durationNs: 200 * MS,
    params: { mode },
    log: true,
    trace: true,
  });

  it("without preemption a task queued behind a busy CPU waits for the slice to end (§8.6)", async () => {
    const sim = await simulate(await policy("preempt"), race(0));
    expect(stints(sim, 2)[0]?.start).toBe(SCX_SLICE_DFL);
    expect(sim.hist(1, 0).max).toBe(SCX_SLICE_DFL - 5 * MS);
  });

  it("an SCX_ENQ_PREEMPT insert into the busy CPU's local DSQ preempts at once", async () => {
    const sim = await simulate(await policy("preempt"), race(1));
    expect(stints(sim, 2)[0]?.start).toBe(5 * MS);
    expect(stints(sim, 1)[0]).toMatchObject({ start: 0, end: 5 * MS, why: 0 });
    const at5 = sim.calls
      .filter((r) => r.id < 32 && r.t === 5 * MS)
      .map((r) => `${r.name}:${r.pid}`);
    // The vip's enqueue; then CPU 0 reschedules: the hog is stopped and re-enqueued without
    // SCX_ENQ_WAKEUP (§8.3), the vip runs. No ops.dispatch: the local DSQ had the vip.
    expect(at5, show(sim.calls)).toEqual(["enqueue:2", "stopping:1", "enqueue:1", "running:2"]);
    const insert = sim.calls.find((r) => r.name === "dsq_insert" && r.pid === 2);
    expect((insert?.args[2] ?? 0n) & SCX_ENQ_PREEMPT).toBe(SCX_ENQ_PREEMPT);
    const hogEnq = sim.calls.filter((r) => r.id === OP.enqueue && r.pid === 1 && r.t === 5 * MS);
    expect(hogEnq[0]?.args[0]).toBe(0n);
  });

  it("scx_bpf_kick_cpu(SCX_KICK_PREEMPT) cuts the running task's slice", async () => {
    const sim = await simulate(await policy("preempt"), race(2));
    expect(stints(sim, 2)[0]?.start).toBe(5 * MS);
    const at5 = sim.calls
      .filter((r) => r.id < 32 && r.t === 5 * MS)
      .map((r) => `${r.name}:${r.pid}`);
    expect(at5, show(sim.calls)).toEqual([
      "enqueue:2",
      "dispatch:1",
      "stopping:1",
      "enqueue:1",
      "running:2",
    ]);
  });

  it("a kick without SCX_KICK_PREEMPT leaves a task with slice left running (§2.3 step 1)", async () => {
    const sim = await simulate(await policy("preempt"), race(3));
    expect(stints(sim, 2)[0]?.start).toBe(SCX_SLICE_DFL);
    expect(sim.calls.filter((r) => r.id === OP.dispatch && r.t === 5 * MS)).toHaveLength(0);
  });
});

describe("slice expiry (sched_ext.md §1.2 step 7, §8.1)", () => {
  const twoTasks = (hz: number) => ({
    machine: { cpus: 1, hz },
    groups: [{ count: 2, program: [{ run: 12 * MS }] }],
    durationNs: 200 * MS,
    params: { slice_ns: 1 * MS },
    trace: true,
  });

  it("with HZ 250 a 1 ms slice lasts until the next 4 ms tick", async () => {
    const sim = await simulate(await policy("logall"), twoTasks(250));
    const s = stints(sim);
    expect(s.map((x) => [x.pid, x.start / MS, x.end / MS])).toEqual([
      [1, 0, 4],
      [2, 4, 8],
      [1, 8, 12],
      [2, 12, 16],
      [1, 16, 20],
      [2, 20, 24],
    ]);
  });

  it("tickless (hz 0), slice expiry is exact", async () => {
    const sim = await simulate(await policy("logall"), twoTasks(0));
    const s = stints(sim);
    expect(s).toHaveLength(24);
    for (const [i, x] of s.entries()) {
      expect(x.start).toBe(i * MS);
      expect(x.end).toBe((i + 1) * MS);
      expect(x.pid).toBe(1 + (i % 2));
    }
  });

  it("ops.tick runs at every tick while an SCX task runs", async () => {
    const sim = await simulate(await policy("logall"), { ...twoTasks(1000), log: true });
    const ticks = sim.calls.filter((r) => r.id === OP.tick);
    // 24 ms of work: a tick at each ms boundary while busy, the last one being at 23 ms.
    expect(ticks.map((r) => r.t / MS)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
  });
});

describe("dispatch loop (sched_ext.md §2.3 step 4, §8.7)", () => {
  it("ops.dispatch is called at most 32 times in a row per balance, then the CPU retries later", async () => {
    // Both CPUs reschedule at 0. CPU 0's dispatch makes (useless) progress 40 times: after 32
    // rounds it gives up for this cycle and kicks itself, so CPU 1's balance comes first.
    const sim = await simulate(await policy("dsploop"), {
      machine: { cpus: 2 },
      groups: [{ count: 2, program: [{ run: 1 * MS }] }],
      durationNs: 100 * MS,
      log: true,
      trace: true,
    });
    const dsp = sim.calls.filter((r) => r.id === OP.dispatch && r.t === 0).map((r) => r.cpu);
    const runs: [number, number][] = [];
    for (const c of dsp) {
      const last = runs.at(-1);
      if (last && last[0] === c) last[1]++;
      else runs.push([c, 1]);
    }
    expect(runs).toEqual([
      [0, 32],
      [1, 1],
      [0, 9],
    ]);
    expect(sim.counter("spurious")).toBe(40);
    expect(sim.counter("tasks_exited")).toBe(2);
  });
});

describe("defaults for missing callbacks (sched_ext.md §1)", () => {
  it("the policy with no callbacks has an empty opsMask", async () => {
    expect((await policy("nocallbacks")).opsMask).toBe(0);
  });

  it("no callbacks: idle CPUs get tasks directly, the rest wait FIFO on the global DSQ with 20 ms slices", async () => {
    // 2 CPUs, 4 always-runnable tasks of 30 ms created at 0 (placed on CPUs 0,1,0,1).
    const sim = await simulate(await policy("nocallbacks"), {
      machine: { cpus: 2 },
      groups: [{ count: 4, program: [{ run: 30 * MS }] }],
      durationNs: 1000 * MS,
      trace: true,
    });
    expect(sim.exit.kind).toBe("done");
    expect(sim.counter("tasks_exited")).toBe(4);
    const s = stints(sim).map((x) => [x.pid, x.start / MS, x.end / MS]);
    // pids 1, 2 claim the idle CPUs; 3, 4 queue on the global DSQ. At 20 ms both slices end:
    // 3 and 4 run, 1 and 2 go to the tail; and so on round-robin.
    expect(
      s
        .filter((x) => x[1] === 0)
        .map((x) => x[0])
        .sort(),
    ).toEqual([1, 2]);
    expect(
      s
        .filter((x) => x[1] === 20)
        .map((x) => x[0])
        .sort(),
    ).toEqual([3, 4]);
    expect(
      s
        .filter((x) => x[1] === 40)
        .map((x) => x[0])
        .sort(),
    ).toEqual([1, 2]);
    for (const x of s) expect((x[2] as number) - (x[1] as number)).toBeLessThanOrEqual(20);
    expect(sim.counter("busy_ns")).toBe(120 * MS);
    expect(sim.simulatedNs).toBe(60 * MS);
  });
});

describe("exits from BPF (sched_ext.md §3.3, §5.4)", () => {
  it("scx_bpf_error ejects with SCX_EXIT_ERROR_BPF and the message", async () => {
    const sim = await simulate(await policy("errors"), {
      machine: { cpus: 1 },
      groups: [{ count: 2, loop: -1, program: [{ run: 1 * MS }, { sleep: 1 * MS }] }],
      durationNs: 100 * MS,
      params: { mode: 7, from_ns: 5 * MS },
    });
    expect(sim.exit).toMatchObject({
      kind: "ejected",
      code: 1025,
      callback: "ops.dispatch",
      message: `boom at ${sim.exit.atNs}`,
    });
    expect(sim.exit.atNs).toBeGreaterThanOrEqual(5 * MS);
    expect(sim.exit.atNs).toBeLessThan(8 * MS);
  });

  it("scx_bpf_exit unregisters gracefully with SCX_EXIT_UNREG_BPF", async () => {
    const sim = await simulate(await policy("errors"), {
      machine: { cpus: 1 },
      groups: [{ count: 2, loop: -1, program: [{ run: 1 * MS }, { sleep: 1 * MS }] }],
      durationNs: 100 * MS,
      params: { mode: 8, from_ns: 5 * MS },
    });
    expect(sim.exit).toMatchObject({
      kind: "done",
      code: 65,
      message: "bye",
      callback: "ops.dispatch",
    });
    expect(sim.simulatedNs).toBe(sim.exit.atNs);
    expect(sim.simulatedNs).toBeLessThan(8 * MS);
  });

  it("ops.init returning non-zero fails the run", async () => {
    const sim = await simulate(await policy("errors"), {
      machine: { cpus: 1 },
      groups: [{ program: [{ run: 1 * MS }] }],
      durationNs: 100 * MS,
      params: { mode: 9 },
    });
    expect(sim.exit.kind).toBe("ejected");
    expect(sim.exit.callback).toBe("ops.init");
    expect(sim.exit.reason).toMatch(/ops\.init\(\) failed/);
    expect(sim.counter("tasks_started")).toBe(0);
    expect(sim.simulatedNs).toBe(0);
  });
});

describe("global DSQ and kicks (sched_ext.md §2.3, §8.5, §8.8)", () => {
  it("consuming the global DSQ takes the first task that may run on the CPU, skipping the head", async () => {
    // CPU 0 runs a pinned hog, CPU 1 a pinned 10 ms task. W (pinned to CPU 0) queues on the
    // global DSQ at 1 ms, U (any CPU) behind it at 2 ms. When CPU 1 frees at 10 ms it skips W.
    const sim = await simulate(await policy("nocallbacks"), {
      machine: { cpus: 2 },
      groups: [
        { name: "hog", cpus: [0], program: [{ run: 50 * MS }] },
        { name: "x", cpus: [1], program: [{ run: 10 * MS }] },
        { name: "w", startNs: 1 * MS, cpus: [0], program: [{ run: 1 * MS }] },
        { name: "u", startNs: 2 * MS, program: [{ run: 1 * MS }] },
      ],
      durationNs: 200 * MS,
      trace: true,
    });
    expect(stints(sim, 4)[0]).toMatchObject({ cpu: 1, start: 10 * MS });
    // W waits for CPU 0, whose hog keeps it until its 20 ms slice ends.
    expect(stints(sim, 3)[0]).toMatchObject({ cpu: 0, start: 20 * MS });
  });

  it("a task queued on a user DSQ wakes no idle CPU but its own: no implicit kicks (§8.5)", async () => {
    // errors (mode 0): select_cpu keeps prev_cpu, enqueue puts the task on a user DSQ. B wakes
    // for busy CPU 0 at 1 ms; CPU 1 idles all along and B waits for A's slice to end.
    const sim = await simulate(await policy("errors"), {
      machine: { cpus: 2 },
      groups: [{ program: [{ run: 50 * MS }] }, { startNs: 1 * MS, program: [{ run: 5 * MS }] }],
      durationNs: 200 * MS,
      trace: true,
    });
    expect(stints(sim, 2)[0]).toMatchObject({ cpu: 0, start: SCX_SLICE_DFL });
    expect(sim.cpuStats[8]).toBe(0); // CPU 1 busy_ns
  });

  it("the wakeup reschedules the task's CPU when it is idle, wherever the task was queued (§1.2 step 4)", async () => {
    const sim = await simulate(await policy("errors"), {
      machine: { cpus: 2 },
      groups: [
        { program: [{ run: 50 * MS }] },
        { startNs: 1 * MS, cpus: [1], program: [{ run: 5 * MS }] },
      ],
      durationNs: 200 * MS,
      trace: true,
    });
    expect(stints(sim, 2)[0]).toMatchObject({ cpu: 1, start: 1 * MS, end: 6 * MS });
  });
});

describe("yield (sched_ext.md §1 yield)", () => {
  const spec = {
    machine: { cpus: 1 },
    groups: [
      { program: [{ run: 1 * MS }, { yield: true as const }, { run: 1 * MS }] },
      { program: [{ run: 3 * MS }] },
    ],
    durationNs: 100 * MS,
    log: true,
    trace: true,
  };

  it("without ops.yield, a yield sets the slice to 0: the task goes through ops.enqueue at once", async () => {
    const sim = await simulate(await policy("logall"), spec);
    const at1 = sim.calls
      .filter((r) => r.id < 32 && r.t === 1 * MS)
      .map((r) => `${r.name}:${r.pid}`);
    expect(at1, show(sim.calls)).toEqual(["dispatch:1", "stopping:1", "enqueue:1", "running:2"]);
    expect(stints(sim).map((x) => [x.pid, x.start / MS, x.end / MS])).toEqual([
      [1, 0, 1],
      [2, 1, 4],
      [1, 4, 5],
    ]);
  });

  it("the trace marks the stint that ended by a yield with reason 3 (docs/internals.md)", async () => {
    const sim = await simulate(await policy("logall"), spec);
    expect(stints(sim, 1)[0]?.why).toBe(3);
  });
});

describe("scx_bpf_task_running (sched_ext.md §3.3, §1.2 case 8c)", () => {
  // taskrunning ejects with scx_bpf_error, naming the callback, where it says false for the
  // task being switched out.
  it("is true for the outgoing task in ops.stopping, the put-back ops.enqueue and ops.dispatch(prev)", async () => {
    const sim = await simulate(await policy("taskrunning"), {
      machine: { cpus: 1 },
      groups: [{ count: 2, program: [{ run: 5 * MS }] }],
      durationNs: 100 * MS,
    });
    expect(sim.exit, sim.exit.reason).toMatchObject({ kind: "done", code: 1 });
  });

  it("is true for a blocking task in ops.stopping(false), ops.quiescent and ops.dispatch(prev)", async () => {
    const sim = await simulate(await policy("taskrunning"), {
      machine: { cpus: 2 },
      groups: [{ count: 3, loop: 3, program: [{ run: 1 * MS }, { sleep: 1 * MS }] }],
      durationNs: 100 * MS,
    });
    expect(sim.exit, sim.exit.reason).toMatchObject({ kind: "done", code: 1 });
    expect(sim.counter("tasks_exited")).toBe(3);
  });
});
