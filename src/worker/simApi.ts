// What a simulation worker offers over comlink, the same in a worker_thread and (later) a Web
// Worker. Results travel as a tagged value rather than a thrown error, because comlink rebuilds
// thrown errors as plain Errors: an InputError would lose its class and its file/field.
import * as Comlink from "comlink";
import { InputError } from "../errors.ts";
import { runSimulation } from "../sim/run.ts";
import type { RawRun, RunRequest } from "../sim/types.ts";

export type SimOutcome =
  | { ok: true; run: RawRun }
  | {
      ok: false;
      error: {
        name: string;
        message: string;
        stack?: string;
        input: boolean;
        file?: string;
        field?: string;
      };
    };

export interface SimWorkerApi {
  /** `progress` is a Comlink.proxy'd callback: simulated ns, a few times a second. */
  run(req: RunRequest, progress?: (simNs: number) => void): Promise<SimOutcome>;
}

export const simApi: SimWorkerApi = {
  async run(req, progress) {
    try {
      // Progress is best effort: a report that cannot be delivered must not fail the run.
      const onProgress = progress
        ? (ns: number) => void Promise.resolve(progress(ns)).catch(() => {})
        : undefined;
      const run = await runSimulation(req, onProgress ? { onProgress } : {});
      return Comlink.transfer({ ok: true, run }, transferables(run));
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      const input = e instanceof InputError;
      return {
        ok: false,
        error: {
          name: err.name,
          message: err.message,
          stack: err.stack,
          input,
          ...(input && (e as InputError).file ? { file: (e as InputError).file } : {}),
          ...(input && (e as InputError).field ? { field: (e as InputError).field } : {}),
        },
      };
    } finally {
      // The callback arrives as a comlink proxy; releasing it closes its port on the caller's
      // side, which would otherwise keep the caller's process alive.
      (progress as unknown as Partial<Comlink.Remote<unknown>> | undefined)?.[
        Comlink.releaseProxy
      ]?.();
    }
  },
};

/** Every buffer of a RawRun (each array owns its buffer: see src/sim/readResults.ts). */
function transferables(run: RawRun): ArrayBuffer[] {
  const bufs = new Set<ArrayBuffer>();
  const add = (b: ArrayBufferLike | undefined) => {
    if (b instanceof ArrayBuffer && b.byteLength > 0) bufs.add(b);
  };
  add(run.counters.buffer);
  add(run.cpuStats.buffer);
  add(run.groupStats.buffer);
  add(run.taskStats.buffer);
  for (const row of run.histograms) for (const h of row) add(h.buckets.buffer);
  add(run.trace);
  add(run.log);
  return [...bufs];
}
