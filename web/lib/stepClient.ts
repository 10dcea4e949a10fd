// The page's side of step mode: a simulation worker of its own holds the session (so that a
// normal run can go on in the other one), and this keeps the page's copy of the records the
// session has produced, receiving only the new ones each step. A step that takes too long (a
// policy that loops forever) terminates the worker; the next open starts a fresh one.
import * as Comlink from "comlink";
import { LOG_RECORD_BYTES, TRACE_RECORD_BYTES } from "../../src/sim/engineExports.ts";
import { RecordStore } from "../../src/sim/recordStore.ts";
import type { RunRequest } from "../../src/sim/types.ts";
import type { StepAnswer, StepCommand, StepView, StepWorkerApi } from "../../src/worker/stepApi.ts";
import { simulationWorker } from "./simClient.ts";

/** The session as the page sees it: the last view, with every record so far. */
export interface StepState extends Omit<StepView, "trace" | "log" | "traceFrom" | "logFrom"> {
  /** Every trace record so far (32 bytes each). */
  trace: ArrayBuffer;
  /** Every call-log record so far (80 bytes each). */
  log: ArrayBuffer;
  /** Incremented on every answer (components redraw on it). */
  serial: number;
}

export const STEP_TIMEOUT_MS = 30_000;

export class StepClient {
  private worker: Worker | null = null;
  private api: Comlink.Remote<StepWorkerApi> | null = null;
  private readonly trace = new RecordStore(TRACE_RECORD_BYTES);
  private readonly log = new RecordStore(LOG_RECORD_BYTES);
  private serial = 0;
  private busy: Promise<unknown> = Promise.resolve();

  constructor(private readonly makeWorker: () => Worker = simulationWorker) {}

  private ensure(): Comlink.Remote<StepWorkerApi> {
    if (!this.api) {
      this.worker = this.makeWorker();
      this.api = Comlink.wrap<StepWorkerApi>(this.worker);
    }
    return this.api;
  }

  /** False after close(), and after a step that timed out. */
  get connected(): boolean {
    return this.api !== null;
  }

  close(): void {
    this.api?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
    this.trace.clear();
    this.log.clear();
  }

  /** A session of `req` at time 0 (the trace and the call log are recorded). */
  open(req: RunRequest): Promise<StepState> {
    this.close();
    const api = this.ensure();
    return this.queue(() => this.guard(api.stepOpen(req)));
  }

  step(cmd: StepCommand): Promise<StepState> {
    const api = this.api;
    if (!api) return Promise.reject(new Error("step mode is not open"));
    return this.queue(() =>
      this.guard(api.step(cmd, { trace: this.trace.count, log: this.log.count })),
    );
  }

  /** Commands run one after another. */
  private queue(f: () => Promise<StepState>): Promise<StepState> {
    const p = this.busy.then(f, f);
    this.busy = p.catch(() => {});
    return p;
  }

  private async guard(p: Promise<StepAnswer>): Promise<StepState> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.close();
        reject(
          new Error(
            `the step took longer than ${STEP_TIMEOUT_MS / 1000} s of wall-clock time (a callback that never returns?); step mode was closed`,
          ),
        );
      }, STEP_TIMEOUT_MS);
    });
    try {
      const out = await Promise.race([p, timeout]);
      if (!out.ok) throw Object.assign(new Error(out.error.message), { input: out.error.input });
      return this.absorb(out.view);
    } finally {
      clearTimeout(timer);
    }
  }

  private absorb(v: StepView): StepState {
    this.trace.truncate(v.traceFrom);
    this.trace.append(v.trace);
    this.log.truncate(v.logFrom);
    this.log.append(v.log);
    const { trace: _t, log: _l, traceFrom: _tf, logFrom: _lf, ...rest } = v;
    return { ...rest, trace: this.trace.since(0), log: this.log.since(0), serial: ++this.serial };
  }
}
