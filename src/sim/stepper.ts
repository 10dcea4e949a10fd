// Step mode: one simulation held open so that a person can walk through it — run to an instant,
// to the next event, to the next event that calls the policy, or to the next event of one task —
// and look at the queues, the task states and the call log at each stop. Going back re-simulates
// from the start to an earlier stop: a run is deterministic per (policy, machine, workload,
// seed), so the same number of events from the start lands on the same state, bit for bit.
//
// Environment-neutral (Node tests, the browser's simulation worker). The engine is driven through
// abi_run(untilNs, maxEvents), which stops after a given number of events; a stop is an event
// boundary (the engine cannot pause inside an event).
import {
  COUNTERS,
  type EngineExports,
  LOG_RECORD_BYTES,
  RUN_BUFFER_FULL,
  RUN_DONE,
  RUN_EJECTED,
  RUN_MORE,
  TRACE_RECORD_BYTES,
} from "./engineExports.ts";
import { applyLimits, setupEngine } from "./engineSetup.ts";
import { exitFromEngine, exitFromTrap, isTrap } from "./exitInfo.ts";
import { compiledModule, instantiateEngine } from "./instantiate.ts";
import { applyKnobs, validateParams } from "./knobs.ts";
import { type ResolvedLimits, resolveLimits } from "./limits.ts";
import { readBytes, readF64s } from "./memory.ts";
import { decodeSnapshot, type QueueSnapshot } from "./queueSnapshot.ts";
import { readResults } from "./readResults.ts";
import { RecordStore } from "./recordStore.ts";
import type { RawExit, RawRun, RunRequest } from "./types.ts";

/** Where a session stands: events processed since the start, and the simulated time. */
export interface StepPoint {
  events: number;
  nowNs: number;
}

export type StepStatus = "ready" | "done" | "ejected";

/** abi_task_state values. */
export const TASK_STATES = ["new", "sleeping", "runnable", "running", "dead"] as const;
export type TaskStateName = (typeof TASK_STATES)[number];

/** What a step did: where it started, where it ended, and the records it added. */
export interface StepOutcome {
  from: StepPoint;
  to: StepPoint;
  /** Trace and call-log record counts before the step (records from there on are new). */
  traceFrom: number;
  logFrom: number;
  /** False when a search (next callback, next task event) gave up before finding anything. */
  found: boolean;
}

export interface StepSessionOptions {
  /** Events per abi_run call when running to an instant (default 65536). */
  chunkEvents?: number;
  /** The most events a search steps through before giving up (default 1,000,000). */
  searchLimit?: number;
}

const DEFAULT_CHUNK = 65536;
const DEFAULT_SEARCH_LIMIT = 1_000_000;
const MAX_EVENTS_PER_CALL = 0x7fffffff;
/** Call ids below this are callbacks into the policy (ops.* and BPF timers); from 32 helpers. */
const FIRST_HELPER_ID = 32;
const MAX_DEBUG_LINES = 1000;

/** One simulation, opened at its start, moved forward (or back) on request. */
export class StepSession {
  readonly trace: RecordStore;
  readonly log: RecordStore;
  /** Output of the policy's trace() and console.* (capped). */
  readonly debug: string[] = [];
  /** Stops visited, oldest first; `back()` returns to the last one. */
  readonly history: StepPoint[] = [];

  private e!: EngineExports;
  private statusNow: StepStatus = "ready";
  private exitNow: RawExit | null = null;
  private params: Record<string, number | boolean> = {};
  private readonly limits: ResolvedLimits;
  private readonly chunk: number;
  private readonly searchLimit: number;

  private constructor(
    readonly request: RunRequest,
    opts: StepSessionOptions,
  ) {
    this.limits = resolveLimits(request.limits);
    this.chunk = opts.chunkEvents ?? request.chunkEvents ?? DEFAULT_CHUNK;
    this.searchLimit = opts.searchLimit ?? DEFAULT_SEARCH_LIMIT;
    this.trace = new RecordStore(TRACE_RECORD_BYTES, this.limits.traceRecords);
    this.log = new RecordStore(LOG_RECORD_BYTES, this.limits.logRecords);
  }

  /**
   * A session at simulated time 0, after ops.init (the trace and the call log are always
   * recorded: step mode is about looking at them).
   */
  static async open(req: RunRequest, opts: StepSessionOptions = {}): Promise<StepSession> {
    validateParams(req.policy.name, req.policy.knobs, req.params);
    const s = new StepSession({ ...req, trace: true, log: true }, opts);
    await s.restart();
    return s;
  }

  get status(): StepStatus {
    return this.statusNow;
  }

  /** How the run ended (null while it can go on). */
  get exit(): RawExit | null {
    return this.exitNow;
  }

  get nowNs(): number {
    return this.safe(() => this.e.abi_now(), 0);
  }

  get events(): number {
    return this.safe(() => this.e.abi_events(), 0);
  }

  get durationNs(): number {
    return this.request.durationNs;
  }

  point(): StepPoint {
    return { events: this.events, nowNs: this.nowNs };
  }

  /** Runs every event up to and including `ns` (clamped to the duration); back in time re-simulates. */
  async runTo(ns: number): Promise<StepOutcome> {
    const target = Math.max(0, Math.min(ns, this.durationNs));
    const start = this.begin();
    if (target < start.from.nowNs) await this.restart();
    this.drive(target, MAX_EVENTS_PER_CALL);
    return this.end(start, true);
  }

  /** Processes the next `n` events (fewer when the run ends first). */
  async stepEvents(n = 1): Promise<StepOutcome> {
    const start = this.begin();
    const target = start.from.events + Math.max(0, Math.floor(n));
    while (this.statusNow === "ready" && this.events < target) {
      if (!this.call(this.durationNs, target - this.events)) break;
    }
    this.drainAll();
    return this.end(start, true);
  }

  /** Runs to the end of the next event in which the engine calls the policy (an ops.* or a timer). */
  nextCallback(): Promise<StepOutcome> {
    return this.searchEvents(() => {
      for (let i = this.searchLogFrom; i < this.log.count; i++) {
        if (this.log.i32(i, 0) < FIRST_HELPER_ID) return true;
      }
      return false;
    });
  }

  /**
   * Runs to the end of the next event that concerns task `pid`: it changes state, gets a trace
   * record, or appears in the call log (as the task of a callback or helper, or as prev).
   */
  nextTaskEvent(pid: number): Promise<StepOutcome> {
    let state = this.taskState(pid);
    return this.searchEvents(() => {
      const now = this.taskState(pid);
      if (now !== state) return true;
      state = now;
      for (let i = this.searchTraceFrom; i < this.trace.count; i++)
        if (this.trace.i32(i, 2) === pid) return true;
      for (let i = this.searchLogFrom; i < this.log.count; i++)
        if (this.log.i32(i, 2) === pid) return true;
      return false;
    });
  }

  /** Back to the stop before this one (re-simulated from the start). False when there is none. */
  async back(): Promise<StepOutcome | null> {
    const to = this.history.pop();
    if (!to) return null;
    const start = this.begin();
    await this.goto(to);
    return this.end(start, true, false);
  }

  /** Re-simulates from the start to `to` (history is left alone). */
  async goto(to: StepPoint): Promise<void> {
    const here = this.point();
    if (to.events < here.events || (to.events === here.events && to.nowNs < here.nowNs)) {
      await this.restart();
    }
    while (this.statusNow === "ready" && this.events < to.events) {
      if (!this.call(this.durationNs, to.events - this.events)) break;
    }
    // A stop made by runTo also moved the clock past its last event.
    if (this.statusNow === "ready" && to.nowNs > this.nowNs)
      this.drive(to.nowNs, MAX_EVENTS_PER_CALL);
    this.drainAll();
  }

  /** The queues now. */
  snapshot(): QueueSnapshot {
    const x = this.e as unknown as SnapshotExports;
    if (typeof x.abi_snapshot_ptr !== "function" || typeof x.abi_snapshot_len !== "function") {
      throw new Error("the policy module lacks abi_snapshot_ptr/abi_snapshot_len (rebuild it)");
    }
    const ptr = x.abi_snapshot_ptr();
    const data = readF64s(this.e.memory, ptr, x.abi_snapshot_len());
    return decodeSnapshot(data, this.nowNs);
  }

  /** abi_task_state: 0 new, 1 sleeping, 2 runnable, 3 running, 4 dead, −1 no such task. */
  taskState(pid: number): number {
    const x = this.e as unknown as SnapshotExports;
    return this.safe(() => x.abi_task_state(pid), -1);
  }

  /** The state of every task created so far, index = pid − 1. */
  taskStates(): Int8Array {
    const n = this.safe(() => this.e.abi_task_count(), 0);
    const out = new Int8Array(n);
    for (let pid = 1; pid <= n; pid++) out[pid - 1] = this.taskState(pid);
    return out;
  }

  /** The global counters now (docs/internals.md "Global counters"). */
  counters(): Float64Array {
    return this.safe(
      () => readF64s(this.e.memory, this.e.abi_stats_ptr(), COUNTERS),
      new Float64Array(COUNTERS),
    );
  }

  /** Every result of the run so far, as runSimulation would return it at this instant. */
  results(): RawRun {
    const r = readResults(this.e, this.request);
    const { machine: _m, workload: _w, policy, ...request } = this.request;
    return {
      request: { ...request, policyName: policy.name },
      params: this.params,
      ...r,
      exit: this.exitNow ?? { kind: "done", code: 0, reason: "", atNs: r.simulatedNs },
      wallMs: 0,
      trace: this.trace.since(0),
      log: this.log.since(0),
      ...(this.debug.length > 0 ? { debug: [...this.debug] } : {}),
    };
  }

  // ---- driving ---------------------------------------------------------------------------

  private searchTraceFrom = 0;
  private searchLogFrom = 0;

  /** One event at a time until `hit` says so (checked after each event), the end, or the limit. */
  private async searchEvents(hit: () => boolean): Promise<StepOutcome> {
    const start = this.begin();
    let found = false;
    for (let k = 0; k < this.searchLimit && this.statusNow === "ready"; k++) {
      this.searchTraceFrom = this.trace.count;
      this.searchLogFrom = this.log.count;
      const before = this.events;
      this.call(this.durationNs, 1);
      this.drainAll();
      if (hit()) {
        found = true;
        break;
      }
      if (this.events === before && this.statusNow === "ready") break; // nothing left to do
    }
    return this.end(start, found);
  }

  private begin(): { from: StepPoint; traceFrom: number; logFrom: number } {
    return { from: this.point(), traceFrom: this.trace.count, logFrom: this.log.count };
  }

  private end(
    start: { from: StepPoint; traceFrom: number; logFrom: number },
    found: boolean,
    remember = true,
  ): StepOutcome {
    const to = this.point();
    const moved = to.events !== start.from.events || to.nowNs !== start.from.nowNs;
    if (remember && moved) {
      const last = this.history[this.history.length - 1];
      if (!last || last.events !== start.from.events || last.nowNs !== start.from.nowNs)
        this.history.push(start.from);
    }
    return {
      from: start.from,
      to,
      traceFrom: Math.min(start.traceFrom, this.trace.count),
      logFrom: Math.min(start.logFrom, this.log.count),
      found,
    };
  }

  /** abi_run in chunks up to `untilNs`, at most `maxEvents` events in all. */
  private drive(untilNs: number, maxEvents: number): void {
    const target = this.events + maxEvents;
    while (this.statusNow === "ready") {
      const left = target - this.events;
      if (left <= 0) break;
      const r = this.call(untilNs, Math.min(this.chunk, left));
      if (!r) break;
      if (r === "stopped") break;
    }
    this.drainAll();
  }

  /**
   * One abi_run call. Returns false when the run ended (done, ejected, trapped), "stopped" when
   * it stopped at `untilNs` with events left, true when the event budget was used up.
   */
  private call(untilNs: number, maxEvents: number): boolean | "stopped" {
    try {
      const before = this.e.abi_events();
      const status = this.e.abi_run(untilNs, Math.max(0, Math.min(maxEvents, MAX_EVENTS_PER_CALL)));
      if (status === RUN_BUFFER_FULL) {
        this.drainAll();
        return true;
      }
      if (status === RUN_DONE || status === RUN_EJECTED) {
        this.drainAll();
        this.finish(exitFromEngine(this.e));
        return false;
      }
      if (status !== RUN_MORE) throw new Error(`abi_run returned ${status}`);
      this.e.__collect();
      const processed = this.e.abi_events() - before;
      return processed < maxEvents ? "stopped" : true;
    } catch (err) {
      if (!isTrap(err)) throw err;
      this.safe(() => this.drainAll(), undefined);
      this.finish(
        exitFromTrap(err, this.e, this.request.policy.name, {
          wasm: this.request.policy.wasm,
          ...this.limits,
        }),
      );
      return false;
    }
  }

  private finish(exit: RawExit): void {
    this.exitNow = exit;
    this.statusNow = exit.kind === "ejected" ? "ejected" : "done";
  }

  private drainAll(): void {
    const nt = this.e.abi_trace_count();
    if (nt > 0) {
      this.trace.append(readBytes(this.e.memory, this.e.abi_trace_ptr(), nt * TRACE_RECORD_BYTES));
      this.e.abi_trace_clear();
    }
    const nl = this.e.abi_log_count();
    if (nl > 0) {
      this.log.append(readBytes(this.e.memory, this.e.abi_log_ptr(), nl * LOG_RECORD_BYTES));
      this.e.abi_log_clear();
    }
  }

  /** A fresh instance at time 0 after ops.init; records and status start over. */
  private async restart(): Promise<void> {
    const req = this.request;
    this.trace.clear();
    this.log.clear();
    this.debug.length = 0;
    this.statusNow = "ready";
    this.exitNow = null;
    const module = await compiledModule(req.policy);
    const debug = this.debug;
    const e = await instantiateEngine(module, {
      debug(line: string) {
        if (debug.length < MAX_DEBUG_LINES) debug.push(line);
      },
    });
    this.e = e;
    try {
      applyLimits(e, this.limits);
      e._start();
      this.params = applyKnobs(e as unknown as WebAssembly.Exports, req.policy.knobs, req.params);
      setupEngine(e, req);
      if (e.abi_start() !== 0) this.finish(exitFromEngine(e, true));
      this.drainAll();
    } catch (err) {
      if (!isTrap(err)) throw err;
      this.finish(exitFromTrap(err, e, req.policy.name, { wasm: req.policy.wasm, ...this.limits }));
    }
  }

  private safe<T>(f: () => T, fallback: T): T {
    try {
      return f();
    } catch {
      return fallback;
    }
  }
}

interface SnapshotExports {
  abi_snapshot_ptr(): number;
  abi_snapshot_len(): number;
  abi_task_state(pid: number): number;
}
