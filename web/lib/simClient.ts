// Runs a simulation in a Web Worker and watches it from the page. A policy that loops forever
// inside a callback never gives its worker back, so a run that reports no progress for
// `stallMs` (or outlives `timeoutMs`) has its worker terminated and is reported as an ejection
// ("exceeded its budget"); Stop terminates it the same way. The next run gets a fresh worker.
import * as Comlink from "comlink";
import { emptyRawRun } from "../../src/sim/emptyRun.ts";
import { EXIT_ERROR } from "../../src/sim/exitInfo.ts";
import type { RawRun, RunRequest } from "../../src/sim/types.ts";
import type { SimOutcome, SimWorkerApi } from "../../src/worker/simApi.ts";

export interface SimRunOptions {
  onProgress?(simNs: number): void;
  signal?: AbortSignal;
  /** Longest wall-clock time without progress (a chunk of events takes milliseconds). */
  stallMs?: number;
  /** Wall-clock limit for the whole run. */
  timeoutMs?: number;
}

export const DEFAULT_STALL_MS = 5_000;
export const DEFAULT_TIMEOUT_MS = 600_000;

export class RunStopped extends Error {
  constructor() {
    super("run stopped");
    this.name = "RunStopped";
  }
}

export function simulationWorker(): Worker {
  return new Worker(new URL("../../src/worker/browserSim.worker.ts", import.meta.url), {
    type: "module",
    name: "simulation",
  });
}

export class SimClient {
  private worker: Worker | null = null;
  private api: Comlink.Remote<SimWorkerApi> | null = null;

  /** `makeWorker` starts a worker that exposes SimWorkerApi (tests pass stand-ins). */
  constructor(private readonly makeWorker: () => Worker = simulationWorker) {}

  private ensure(): Comlink.Remote<SimWorkerApi> {
    if (!this.api) {
      this.worker = this.makeWorker();
      this.api = Comlink.wrap<SimWorkerApi>(this.worker);
    }
    return this.api;
  }

  /** Starts the worker ahead of the first run. */
  prestart(): void {
    this.ensure();
  }

  terminate(): void {
    this.api?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
  }

  run(req: RunRequest, opts: SimRunOptions = {}): Promise<RawRun> {
    const api = this.ensure();
    const stallMs = opts.stallMs ?? DEFAULT_STALL_MS;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const t0 = performance.now();
    let lastSimNs = 0;
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    return new Promise<RawRun>((resolve, reject) => {
      const finish = (f: () => void, keepWorker: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener("abort", onAbort);
        if (!keepWorker) this.terminate();
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
      const arm = () => {
        clearTimeout(timer);
        const totalLeft = timeoutMs - (performance.now() - t0);
        const ms = Math.max(0, Math.min(stallMs, totalLeft));
        const why =
          totalLeft <= stallMs
            ? `still running after ${seconds(timeoutMs)} of wall-clock time`
            : `no progress for ${seconds(stallMs)} of wall-clock time (a callback that never returns?)`;
        timer = setTimeout(() => budgetExceeded(why), ms);
      };
      const onAbort = () => finish(() => reject(new RunStopped()), false);
      if (opts.signal?.aborted) return onAbort();
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      arm();
      const progress = Comlink.proxy((simNs: number) => {
        if (settled) return;
        lastSimNs = simNs;
        opts.onProgress?.(simNs);
        arm();
      });
      api.run(req, progress).then(
        (out: SimOutcome) =>
          finish(() => {
            if (out.ok) resolve(out.run);
            else
              reject(
                Object.assign(new Error(out.error.message), {
                  name: out.error.name,
                  input: out.error.input,
                }),
              );
          }, true),
        (err: unknown) => finish(() => reject(err), false),
      );
    });
  }
}

function seconds(ms: number): string {
  return `${+(ms / 1000).toFixed(1)} s`;
}
