import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Step, Workload } from "../../src/config/workload.ts";
import { encodeWorkload, parseWorkloadText } from "../../src/config/workload.ts";
import { InputError } from "../../src/errors.ts";

const fixture = (name: string) => new URL(`../fixtures/rtapp/${name}.json`, import.meta.url);
const convert = (name: string, ncpus = 4) =>
  parseWorkloadText(readFileSync(fixture(name), "utf8"), { file: `${name}.json`, ncpus });
const group = (w: Workload, name: string) => {
  const g = w.groups.find((x) => x.name === name);
  if (!g) throw new Error(`no group ${name}`);
  return g;
};
const us = (n: number) => ({ kind: "const" as const, ns: n * 1000 });

function errorOf(text: string): InputError {
  try {
    parseWorkloadText(text, { file: "x.json", ncpus: 4 });
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected an InputError");
}

describe("rt-app conversion", () => {
  it("periodic: instances, priority as nice, µs to ns, absolute timer, global duration in s", () => {
    const { workload: w, format, warnings } = convert("periodic");
    expect(format).toBe("rt-app");
    expect(w.name).toBe("periodic");
    expect(w.durationNs).toBe(3e9);
    expect(w.groups).toEqual([
      {
        name: "periodic",
        count: 2,
        startNs: 0,
        nice: -5,
        loop: -1,
        program: [
          { op: "run", work: us(10000) },
          { op: "timer", period: us(100000), mode: "absolute", ref: "unique" },
        ],
      },
    ]);
    expect(warnings).toEqual([
      "global.calibration: ignored: run events are work on a reference CPU (capacity 1024, full speed), no calibration needed",
      "global.logdir, global.gnuplot: ignored (logging and host options)",
    ]);
  });

  it("ramp: phases in order, each repeated `loop` times, relative timers by default", () => {
    const { workload: w, warnings } = convert("ramp");
    expect(w.durationNs).toBeUndefined(); // duration -1: until the threads end
    const g = group(w, "ramp");
    expect(g.loop).toBe(1);
    expect(g.program).toEqual(
      [2000, 10000, 18000].map((run) => ({
        op: "repeat",
        times: 5,
        steps: [
          { op: "run", work: us(run) },
          { op: "timer", period: us(20000), mode: "relative", ref: "unique" },
        ],
      })),
    );
    expect(warnings).toEqual([]);
    // one timer slot for the three phases: they name the same timer
    const { data: W } = encodeWorkload(w, { ncpus: 4, cpuTypeNames: ["P"] });
    const opsAt = W[5] as number;
    const timerSlots = new Set<number>();
    for (let i = 0; i < (W[6] as number); i++)
      if (W[opsAt + 4 * i] === 15) timerSlots.add(W[opsAt + 4 * i + 3] as number);
    expect([...timerSlots]).toEqual([0]);
    expect(W[6]).toBe(30);
  });

  it("lock chain: mutexes, condition wait with its mutex, signal, broadcast, sync, suspend/resume", () => {
    const { workload: w, warnings } = convert("lock-chain");
    expect(group(w, "producer").program.map((s) => s.op)).toEqual([
      "lock",
      "run",
      "signal",
      "unlock",
      "sleep",
    ]);
    expect(group(w, "producer").program[2]).toEqual({
      op: "signal",
      event: "ready",
      count: 1,
      remember: false,
    });
    // pthread_cond_wait: release, block, re-take
    expect(group(w, "consumer").program).toEqual<Step[]>([
      { op: "lock", mutex: "m" },
      { op: "unlock", mutex: "m" },
      { op: "wait", event: "ready" },
      { op: "lock", mutex: "m" },
      { op: "unlock", mutex: "m" },
      { op: "run", work: us(300) },
      { op: "signal", event: "logger", count: "all", remember: false },
    ]);
    expect(group(w, "logger").program).toEqual<Step[]>([
      { op: "wait", event: "logger" },
      { op: "runtime", time: us(100) },
      { op: "signal", event: "flush", count: "all", remember: false },
      { op: "yield" },
    ]);
    expect(group(w, "syncer").program.map((s) => s.op)).toEqual([
      "lock",
      "signal",
      "unlock",
      "wait",
      "lock",
      "unlock",
    ]);
    expect(warnings).toEqual([
      "global.pi_enabled: not simulated (priority inheritance): a mutex owner is not boosted",
    ]);
  });

  it("fork: instance 0 threads exist only when forked; barriers count every instance", () => {
    const { workload: w, warnings } = convert("fork");
    expect(group(w, "child").count).toBe(0);
    expect(group(w, "launcher").program[1]).toEqual({ op: "spawn", group: "child", count: 1 });
    expect(group(w, "launcher").loop).toBe(20);
    expect(group(w, "meet_a").program[1]).toEqual({ op: "barrier", barrier: "meet", parties: 3 });
    expect(group(w, "meet_b").program[1]).toEqual({ op: "barrier", barrier: "meet", parties: 3 });
    expect(warnings).toEqual([]);
    const { data: W } = encodeWorkload(w, { ncpus: 4, cpuTypeNames: ["P"] });
    const objectsAt = W[9] as number;
    expect(Array.from(W.subarray(objectsAt, objectsAt + 4))).toEqual([3, 3, 0, 0]);
  });

  it("phases: thread properties, dropped events and per-phase values are warned about by key", () => {
    const { workload: w, warnings } = convert("phases");
    const t = group(w, "thread0");
    expect(t.startNs).toBe(1_500_000);
    expect(t.nice).toBe(5);
    expect(t.cpus).toEqual([0, 1]);
    expect(t.program).toEqual([
      {
        op: "repeat",
        times: 2,
        steps: [
          { op: "run", work: us(1500) },
          { op: "sleep", time: us(500) },
        ],
      },
      { op: "repeat", times: 3, steps: [{ op: "run", work: us(700) }] },
      { op: "run", work: us(100) },
    ]);
    expect(group(w, "rt").nice).toBe(-20);
    expect(warnings).toEqual([
      "tasks.thread0.cpus: CPU 7 not on this 4-CPU machine; dropped from the affinity",
      "tasks.thread0.util_min: not simulated (uclamp)",
      "tasks.thread0.phases.p0.cpus: per-phase value not simulated; the thread-level value applies to every phase",
      "tasks.thread0.phases.p1.mem: not simulated (memory bandwidth); event dropped",
      "tasks.thread0.phases.p1.iorun: not simulated (I/O device writes); event dropped",
      "tasks.thread0.phases.p1.delay: misplaced: only valid on a thread; rt-app ignores it here",
      "tasks.thread0.phases.p2.mem: not simulated (memory bandwidth); event dropped",
      "tasks.thread0.phases.p2: no events to simulate; phase skipped",
      "tasks.thread0.phases.p3.colour: unknown key, ignored",
      "tasks.rt.dl-runtime: not simulated (SCHED_DEADLINE runtime / custom slice)",
      "global.default_policy: SCHED_FIFO not simulated (real-time class above sched_ext); runs as a sched_ext task at nice -20",
    ]);
  });

  it("phases: keeps every listed CPU when the machine has them", () => {
    expect(group(convert("phases", 8).workload, "thread0").cpus).toEqual([0, 1, 7]);
  });

  it("timer: modes, shared refs simulated per instance (with a warning), one slot per ref", () => {
    const { workload: w, warnings } = convert("timer");
    expect(group(w, "rel").program[1]).toEqual({
      op: "timer",
      period: us(20000),
      mode: "relative",
      ref: "unique",
    });
    expect(group(w, "abs").count).toBe(3);
    expect(warnings).toContain(
      'tasks.abs.phases.light.timer.ref: timer "tick" is shared by the 3 instances in rt-app; simulated as one timer per instance (name it "unique…" to say so)',
    );
    const { data: W } = encodeWorkload(w, { ncpus: 4, cpuTypeNames: ["P"] });
    const abs = 16 + 16; // second group record
    const first = W[abs + 5] as number;
    const n = W[abs + 6] as number;
    const opsAt = W[5] as number;
    const slots = [];
    for (let i = first; i < first + n; i++)
      if (W[opsAt + 4 * i] === 15) slots.push([W[opsAt + 4 * i + 2], W[opsAt + 4 * i + 3]]);
    // 4 + 4 absolute on slot 0 ("tick"), then 2 relative on slot 1 ("tock")
    expect(slots).toEqual([...Array(8).fill([1, 0]), [0, 1], [0, 1]]);
  });

  it("lexical liberties: duplicates in order, prefixes, value-less keys", () => {
    const { workload: w, warnings } = convert("lexical");
    expect(group(w, "t").program).toEqual<Step[]>([
      { op: "run", work: us(1000) },
      { op: "sleep", time: us(2000) },
      { op: "run", work: us(3000) },
      { op: "run", work: us(50) },
      { op: "runtime", time: us(70) },
      { op: "sleep", time: us(9000) },
      { op: "wait", event: "t" },
      { op: "yield" },
    ]);
    expect(warnings).toEqual([
      'tasks.t.suspend: no value: suspends on "t", the thread\'s own name, as workgen would fill in',
      "tasks.t.yield: no value: yields (rt-app ignores the value anyway)",
      "tasks.t.memrun: not simulated (memory access pattern); event dropped",
    ]);
  });
});

describe("rt-app files with mistakes name the key", () => {
  it.each([
    [
      '{"tasks": {"t": {"run": "fast"}}}',
      "tasks.t.run",
      /expected an integer >= 0, got "fast" \(line 1\)/,
    ],
    ['{"tasks": {"t": {"run": -5}}}', "tasks.t.run", /expected an integer >= 0/],
    [
      '{"tasks": {"t": {\n"sleep"\n}}}',
      "tasks.t.sleep",
      /the sleep event needs a value \(line 2\)/,
    ],
    ['{"tasks": {"t": {"loop": 0, "run": 5}}}', "tasks.t.loop", /-1 \(forever\) or a count >= 1/],
    [
      '{"tasks": {"t": {"fork": "nobody", "run": 5}}}',
      "tasks.t.fork",
      /no thread named "nobody" to fork \(threads: t\)/,
    ],
    [
      '{"tasks": {"t": {"policy": "SCHED_FAST", "run": 5}}}',
      "tasks.t.policy",
      /unknown policy "SCHED_FAST"/,
    ],
    [
      '{"tasks": {"t": {"priority": 30, "run": 5}}}',
      "tasks.t.priority",
      /nice value in -20\.\.19, got 30/,
    ],
    ['{"tasks": {"t": {"timer": {"ref": "x"}}}}', "tasks.t.timer.period", /a timer needs a period/],
    [
      '{"tasks": {"t": {"timer": {"period": 5, "mode": "later"}}}}',
      "tasks.t.timer.mode",
      /"relative" or "absolute"/,
    ],
    [
      '{"tasks": {"t": {"wait": {"mutex": "m"}}}}',
      "tasks.t.wait.ref",
      /expected a string, got nothing/,
    ],
    [
      '{"tasks": {"t": {"cpus": [0, "one"], "run": 5}}}',
      "tasks.t.cpus[1]",
      /expected an integer >= 0/,
    ],
    ['{"tasks": {"t": {"mem": 5}}}', "tasks", /no thread has an event that can be simulated/],
    ['{"tasks": {"t": {"exec": 5000, "period": 10000}}}', "tasks.t.exec", /legacy rt-app format/],
    [
      '{"global": {"duration": "2s"}, "tasks": {"t": {"run": 5}}}',
      "global.duration",
      /expected an integer >= -1/,
    ],
    ['{"tasks": {"t": {"phases": {"p": 5}}}}', "tasks.t.phases.p", /expected an object, got 5/],
  ])("%s", (text, field, message) => {
    const e = errorOf(text);
    expect(e.file).toBe("x.json");
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
  });

  it("warns about keys it does not know, at every level", () => {
    const { warnings } = parseWorkloadText(
      '{"resources": {}, "extra": 1, "global": {"colour": 1}, "tasks": {"t": {"speed": 2, "run": 5, "timer": {"period": 5, "jitter": 1}}}}',
      { ncpus: 4 },
    );
    expect(warnings).toEqual([
      "resources: ignored (legacy: rt-app creates resources from the events that name them)",
      "extra: unknown key, ignored",
      "global.colour: unknown key, ignored",
      "tasks.t.speed: unknown key, ignored",
      "tasks.t.timer.jitter: unknown timer field, ignored",
    ]);
  });

  it("warns about a thread that never runs and renames a repeated thread", () => {
    const { workload, warnings } = parseWorkloadText(
      '{"tasks": {"a": {"instance": 0, "run": 5}, "b": {"run": 1}, "b": {"run": 2}}}',
    );
    expect(workload.groups.map((g) => g.name)).toEqual(["a", "b", "b-2"]);
    expect(warnings).toEqual([
      'tasks.b: a second thread with this name; simulated as "b-2"',
      "tasks.a.instance: 0 and no thread forks it: it never runs",
    ]);
  });

  it("maps the other policies to the nearest weight, with a warning each", () => {
    const text = (policy: string) =>
      `{"tasks": {"t": {"policy": "${policy}", "priority": 3, "run": 5}}}`;
    const nice = (policy: string) => parseWorkloadText(text(policy)).workload.groups[0]?.nice;
    expect(nice("SCHED_OTHER")).toBe(3);
    expect(nice("SCHED_BATCH")).toBe(3);
    expect(nice("SCHED_IDLE")).toBe(19);
    expect(nice("SCHED_RR")).toBe(-20);
    expect(nice("SCHED_DEADLINE")).toBe(0);
    expect(parseWorkloadText(text("SCHED_IDLE")).warnings).toEqual([
      "tasks.t.policy: SCHED_IDLE not simulated; runs as SCHED_OTHER at nice 19, the lowest weight",
    ]);
  });

  it("turns semaphores into remembered signals, apart from conditions of the same name", () => {
    const { workload } = parseWorkloadText(
      '{"tasks": {"t": {"sem_post": "s", "sem_wait": "s", "signal": "s"}}}',
    );
    expect(workload.groups[0]?.program).toEqual([
      { op: "signal", event: "sem:s", count: 1, remember: true },
      { op: "wait", event: "sem:s" },
      { op: "signal", event: "s", count: 1, remember: false },
    ]);
  });

  it("folds a single phase's loop into the thread's", () => {
    const loopOf = (thread: string, phase: string) =>
      parseWorkloadText(`{"tasks": {"t": {${thread} "phases": {"p": {${phase} "run": 5}}}}}`)
        .workload.groups[0]?.loop;
    expect(loopOf('"loop": 3,', '"loop": 4,')).toBe(12);
    expect(loopOf("", '"loop": 4,')).toBe(-1);
    expect(loopOf('"loop": 2,', "")).toBe(2);
  });
});
