// Simulations on worker_threads, a few at a time. A policy that loops forever inside a
// callback never returns from abi_run and cannot be interrupted from inside its thread, so the
// pool watches each run from outside: a worker that reports no progress for `stallMs` (or
// outlives `timeoutMs`) is terminated and the run is reported as an ejection.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import * as Comlink from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { InputError } from "../errors.ts";
import type { SimOutcome, SimWorkerApi } from "../worker/simApi.ts";
import { emptyRawRun } from "./emptyRun.ts";
import { EXIT_ERROR } from "./exitInfo.ts";
import type { RawRun, RunRequest } from "./types.ts";

export interface WorkerRunOptions {
  onProgress?(simNs: number): void;
  /** Aborting terminates the run's worker and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Wall-clock limit for the whole run; none by default. */
  timeoutMs?: number;
  /** Longest wall-clock time without a finished chunk (default 15 s; a chunk takes milliseconds). */
  stallMs?: number;
}

export const DEFAULT_STALL_MS = 15_000;

const BOOT_URL = new URL("../worker/tsBoot.mjs", import.meta.url);
const ENTRY_URL = new URL("../worker/node.worker.ts", import.meta.url).href;

interface Slot {
  worker: Worker;
  api: Comlink.Remote<SimWorkerApi>;
}

export class WorkerPool {
  private readonly idle: Slot[] = [];
  private readonly waiting: (() => void)[] = [];
  private live = 0;
  private closed = false;

  constructor(readonly size: number = Math.max(1, availableParallelism())) {}

  async run(req: RunRequest, opts: WorkerRunOptions = {}): Promise<RawRun> {
    const slot = await this.acquire();
    const t0 = performance.now();
    let lastSimNs = 0;
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stallMs = opts.stallMs ?? DEFAULT_STALL_MS;

    return new Promise<RawRun>((resolve, reject) => {
      const finish = (f: () => void, keepWorker: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener("abort", onAbort);
        slot.worker.off("error", onError).off("exit", onExit);
        if (keepWorker) this.release(slot);
        else this.discard(slot);
        f();
      };
      const budgetExceeded = (why: string) =>
        finish(() => {
          const exit = {
            kind: "ejected" as const,
            code: EXIT_ERROR,
            reason: `the policy exceeded its budget: ${why}`,
            atNs: lastSimNs,
          };
          resolve(emptyRawRun(req, exit, performance.now() - t0));
        }, false);
      // One timer, re-armed on progress, for whichever limit comes first.
      const arm = () => {
        clearTimeout(timer);
        const now = performance.now();
        const stallLeft = stallMs;
        const totalLeft = opts.timeoutMs === undefined ? Infinity : opts.timeoutMs - (now - t0);
        const ms = Math.max(0, Math.min(stallLeft, totalLeft));
        const why =
          totalLeft <= stallLeft
            ? `still running after ${fmtSeconds(opts.timeoutMs ?? 0)} of wall-clock time`
            : `no progress for ${fmtSeconds(stallMs)} of wall-clock time (a callback that never returns?)`;
        timer = setTimeout(() => budgetExceeded(why), ms);
      };
      const onAbort = () =>
        finish(() => reject(opts.signal?.reason ?? new Error("aborted")), false);
      const onError = (err: Error) => finish(() => reject(err), false);
      const onExit = (code: number) =>
        finish(() => reject(new Error(`the simulation worker exited (code ${code})`)), false);
      slot.worker.on("error", onError).on("exit", onExit);
      if (opts.signal?.aborted) return onAbort();
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      arm();

      const progress = Comlink.proxy((simNs: number) => {
        if (settled) return;
        lastSimNs = simNs;
        opts.onProgress?.(simNs);
        arm();
      });
      slot.api.run(req, progress).then(
        (out: SimOutcome) =>
          finish(() => (out.ok ? resolve(out.run) : reject(rebuildError(out.error))), true),
        (err: unknown) => finish(() => reject(err), false),
      );
    });
  }

  /** Terminates every worker; runs in flight reject. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.idle.splice(0);
    await Promise.all(slots.map((s) => this.terminate(s)));
  }

  private async acquire(): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new Error("the worker pool is closed");
      const slot = this.idle.pop();
      if (slot) {
        slot.worker.ref();
        return slot;
      }
      if (this.live < this.size) {
        this.live++;
        return this.spawn();
      }
      await new Promise<void>((r) => this.waiting.push(r));
    }
  }

  private spawn(): Slot {
    const worker = new Worker(BOOT_URL, { workerData: { entry: ENTRY_URL } });
    return { worker, api: Comlink.wrap<SimWorkerApi>(nodeEndpoint(worker)) };
  }

  private release(slot: Slot): void {
    if (this.closed) {
      void this.terminate(slot);
      return;
    }
    // An idle worker must not keep the process alive.
    slot.worker.unref();
    this.idle.push(slot);
    this.waiting.shift()?.();
  }

  private discard(slot: Slot): void {
    void this.terminate(slot);
    this.waiting.shift()?.();
  }

  private async terminate(slot: Slot): Promise<void> {
    this.live--;
    slot.api[Comlink.releaseProxy]();
    await slot.worker.terminate();
  }
}

function rebuildError(e: Extract<SimOutcome, { ok: false }>["error"]): Error {
  if (e.input) {
    // The message already carries the file/field prefix; restore the fields without repeating it.
    const err = new InputError(e.message);
    Object.assign(err, { file: e.file, field: e.field });
    return err;
  }
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}

function fmtSeconds(ms: number): string {
  return `${+(ms / 1000).toFixed(1)} s`;
}

let shared: WorkerPool | null = null;

/** Runs on the process-wide pool (one worker per core, started on demand). */
export function runInWorker(req: RunRequest, opts: WorkerRunOptions = {}): Promise<RawRun> {
  shared ??= new WorkerPool();
  return shared.run(req, opts);
}
