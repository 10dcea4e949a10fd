// Step mode over comlink: one StepSession (src/sim/stepper.ts) lives in the simulation worker,
// and the page sends it commands — run to an instant, the next event(s), the next callback, the
// next event of a task, back. Each answer carries where the session stands, the queues, the
// task states, the counters, and only the trace and call-log records the page does not have yet
// (it says how many it holds; after going back it may hold more, and cuts its copy).
import * as Comlink from "comlink";
import { InputError } from "../errors.ts";
import type { QueueSnapshot } from "../sim/queueSnapshot.ts";
import { type StepOutcome, StepSession, type StepStatus } from "../sim/stepper.ts";
import type { RawExit, RunRequest } from "../sim/types.ts";

export type StepCommand =
  | { kind: "runTo"; ns: number }
  | { kind: "events"; n: number }
  | { kind: "callback" }
  | { kind: "task"; pid: number }
  | { kind: "back" }
  | { kind: "none" };

export interface StepView {
  nowNs: number;
  events: number;
  durationNs: number;
  status: StepStatus;
  exit: RawExit | null;
  /** Null when the module has no snapshot export. */
  snapshot: QueueSnapshot | null;
  /** abi_task_state of each task, index pid − 1. */
  taskStates: Int8Array;
  counters: Float64Array;
  /** Records the session holds in all. */
  traceCount: number;
  logCount: number;
  /** Records [traceFrom, traceCount) and [logFrom, logCount), 32 and 80 bytes each. */
  traceFrom: number;
  trace: ArrayBuffer;
  logFrom: number;
  log: ArrayBuffer;
  /** What the last command did (null after opening). */
  last: (Omit<StepOutcome, "found"> & { found: boolean; command: StepCommand["kind"] }) | null;
  canBack: boolean;
  debug: string[];
}

export type StepAnswer =
  | { ok: true; view: StepView }
  | { ok: false; error: { message: string; input: boolean } };

export interface StepWorkerApi {
  stepOpen(req: RunRequest): Promise<StepAnswer>;
  step(cmd: StepCommand, have: { trace: number; log: number }): Promise<StepAnswer>;
  stepClose(): void;
}

let session: StepSession | null = null;

function view(
  s: StepSession,
  have: { trace: number; log: number },
  last: StepView["last"],
): StepView {
  let snapshot: QueueSnapshot | null = null;
  try {
    snapshot = s.snapshot();
  } catch {
    snapshot = null;
  }
  const traceFrom = Math.min(have.trace, s.trace.count);
  const logFrom = Math.min(have.log, s.log.count);
  return {
    nowNs: s.nowNs,
    events: s.events,
    durationNs: s.durationNs,
    status: s.status,
    exit: s.exit,
    snapshot,
    taskStates: s.taskStates(),
    counters: s.counters(),
    traceCount: s.trace.count,
    logCount: s.log.count,
    traceFrom,
    trace: s.trace.since(traceFrom),
    logFrom,
    log: s.log.since(logFrom),
    last,
    canBack: s.history.length > 0,
    debug: [...s.debug],
  };
}

function answer(v: StepView): StepAnswer {
  return Comlink.transfer({ ok: true as const, view: v }, [
    v.trace,
    v.log,
    v.taskStates.buffer as ArrayBuffer,
    v.counters.buffer as ArrayBuffer,
  ]);
}

function failure(e: unknown): StepAnswer {
  const err = e instanceof Error ? e : new Error(String(e));
  return { ok: false, error: { message: err.message, input: e instanceof InputError } };
}

export const stepApi: StepWorkerApi = {
  async stepOpen(req) {
    try {
      session = await StepSession.open(req);
      return answer(view(session, { trace: 0, log: 0 }, null));
    } catch (e) {
      session = null;
      return failure(e);
    }
  },

  async step(cmd, have) {
    const s = session;
    if (!s) return failure(new Error("no step session: open one first"));
    try {
      let out: StepOutcome | null = null;
      switch (cmd.kind) {
        case "runTo":
          out = await s.runTo(cmd.ns);
          break;
        case "events":
          out = await s.stepEvents(cmd.n);
          break;
        case "callback":
          out = await s.nextCallback();
          break;
        case "task":
          out = await s.nextTaskEvent(cmd.pid);
          break;
        case "back":
          out = await s.back();
          break;
        case "none":
          break;
      }
      return answer(view(s, have, out ? { ...out, command: cmd.kind } : null));
    } catch (e) {
      return failure(e);
    }
  },

  stepClose() {
    session = null;
  },
};
