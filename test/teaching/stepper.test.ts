// Step mode's engine driver (src/sim/stepper.ts): a session moves by events, to instants, to
// the next callback or task event, and back; going back re-simulates from the start, and since
// a run is deterministic it must land on exactly the state it had the first time there.
import { beforeAll, describe, expect, test } from "vitest";
import { runSimulation } from "../../src/sim/run.ts";
import { StepSession } from "../../src/sim/stepper.ts";
import type { CompiledPolicy } from "../../src/sim/types.ts";
import { callRecords } from "../../src/trace/callLog.ts";
import { traceRecords } from "../../src/trace/records.ts";
import { BUSY, fixturePolicy, scenario, TINY } from "./tiny.ts";

const COMPILE_MS = 300_000;
let tiny: CompiledPolicy;

beforeAll(async () => {
  tiny = await fixturePolicy("tiny");
}, COMPILE_MS);

/** Everything observable at a stop. */
function state(s: StepSession) {
  return {
    point: s.point(),
    status: s.status,
    snapshot: s.snapshot(),
    counters: Array.from(s.counters()),
    taskStates: Array.from(s.taskStates()),
    trace: new Uint8Array(s.trace.since(0)),
    log: new Uint8Array(s.log.since(0)),
  };
}

describe("step session", () => {
  test(
    "opens at time 0 after ops.init, with the queues decoded",
    async () => {
      const s = await StepSession.open(scenario(tiny, TINY));
      expect(s.point()).toEqual({ events: 0, nowNs: 0 });
      expect(s.status).toBe("ready");
      expect([...callRecords(s.log.since(0))].map((r) => r.id)).toEqual([17, 40]); // init, create_dsq
      // First event: task a is created and runs; the second: b is created and queued behind it.
      await s.stepEvents(2);
      const snap = s.snapshot();
      expect(snap.running).toEqual([1]);
      const shared = snap.dsqs.find((d) => d.kind === "user");
      expect(shared).toEqual({ kind: "user", cpu: -1, id: 7, mode: "fifo", pids: [2] });
      expect(snap.dsqs.find((d) => d.kind === "global")?.pids).toEqual([]);
      expect(Array.from(s.taskStates())).toEqual([3, 2]); // running, runnable
    },
    COMPILE_MS,
  );

  test(
    "stepping back and forth lands on identical states",
    async () => {
      const s = await StepSession.open(scenario(tiny, BUSY));
      await s.stepEvents(40);
      const a = state(s);
      await s.stepEvents(25);
      const b = state(s);
      expect(b.point.events).toBe(65);
      await s.runTo(b.point.nowNs + 3_000_000);
      const c = state(s);

      await s.back();
      expect(state(s)).toEqual(b);
      await s.back();
      expect(state(s)).toEqual(a);
      await s.stepEvents(25);
      expect(state(s)).toEqual(b);
      await s.runTo(c.point.nowNs);
      expect(state(s)).toEqual(c);
      // Running to an earlier instant re-simulates too, and matches a fresh session going there.
      await s.runTo(a.point.nowNs);
      const fresh = await StepSession.open(scenario(tiny, BUSY));
      await fresh.runTo(a.point.nowNs);
      expect(state(s)).toEqual(state(fresh));
    },
    COMPILE_MS,
  );

  test(
    "one event at a time gives the same records as whole chunks, and as a plain run",
    async () => {
      const req = scenario(tiny, BUSY);
      const stepped = await StepSession.open(req);
      while (stepped.status === "ready" && stepped.nowNs < 10_000_000) await stepped.stepEvents(1);
      const chunked = await StepSession.open(req);
      await chunked.stepEvents(stepped.events);
      expect(state(chunked)).toEqual(state(stepped));

      await stepped.runTo(req.durationNs);
      expect(stepped.status).toBe("done");
      const plain = await runSimulation({ ...req, trace: true, log: true });
      expect(new Uint8Array(stepped.trace.since(0))).toEqual(
        new Uint8Array(plain.trace as ArrayBuffer),
      );
      expect(new Uint8Array(stepped.log.since(0))).toEqual(
        new Uint8Array(plain.log as ArrayBuffer),
      );
      expect(Array.from(stepped.counters())).toEqual(Array.from(plain.counters));
    },
    COMPILE_MS,
  );

  test(
    "next callback stops after the first event that called the policy",
    async () => {
      const s = await StepSession.open(scenario(tiny, TINY));
      await s.stepEvents(2); // both tasks exist; a runs until 1 ms
      const out = await s.nextCallback();
      expect(out.found).toBe(true);
      expect(out.to.nowNs).toBe(1_000_000);
      const calls = [...callRecords(s.log.since(out.logFrom))].map((r) => r.id);
      expect(calls[0]).toBe(7); // ops.stopping of a, which blocked
      expect(calls).toContain(3); // then ops.dispatch
    },
    COMPILE_MS,
  );

  test(
    "next event of a task skips events that do not concern it",
    async () => {
      const req = scenario(tiny, BUSY);
      const s = await StepSession.open(req);
      await s.stepEvents(10);
      const pid = 6; // an interactive task
      for (let k = 0; k < 5; k++) {
        const before = s.taskState(pid);
        const out = await s.nextTaskEvent(pid);
        expect(out.found).toBe(true);
        const traced = [...traceRecords(s.trace.since(out.traceFrom))].some((r) => r.pid === pid);
        const logged = [...callRecords(s.log.since(out.logFrom))].some((r) => r.pid === pid);
        expect(traced || logged || s.taskState(pid) !== before).toBe(true);
      }
    },
    COMPILE_MS,
  );

  test(
    "at the end of the run nothing more is found, and back still works",
    async () => {
      const s = await StepSession.open(scenario(tiny, TINY));
      await s.runTo(TINY.durationNs);
      expect(s.status).toBe("done");
      const out = await s.nextCallback();
      expect(out.found).toBe(false);
      await s.back();
      expect(s.point()).toEqual({ events: 0, nowNs: 0 });
      expect(s.status).toBe("ready");
    },
    COMPILE_MS,
  );
});
