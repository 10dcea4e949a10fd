// Runs one simulation in this thread: instantiate the policy's module, set its knobs, hand the
// encoded machine and workload to the engine, drive abi_run in chunks (V8 has no on-stack
// replacement for wasm, and chunks let the host drain buffers, collect garbage, report
// progress and honour an abort), then copy every result out of linear memory.

import { BUDGET_EXPORTS } from "../compile/budget.ts";
import {
  type EngineExports,
  LOG_RECORD_BYTES,
  RUN_BUFFER_FULL,
  RUN_DONE,
  RUN_EJECTED,
  RUN_MORE,
  TRACE_RECORD_BYTES,
} from "./engineExports.ts";
import { applyLimits, type SafetyExports, setupEngine } from "./engineSetup.ts";
import { exitFromEngine, exitFromTrap, isTrap } from "./exitInfo.ts";
import { compiledModule, instantiateEngine } from "./instantiate.ts";
import { applyKnobs, validateParams } from "./knobs.ts";
import { type ResolvedLimits, resolveLimits } from "./limits.ts";
import { concatBuffers, readBytes } from "./memory.ts";
import { readResults } from "./readResults.ts";
import type { RawExit, RawRun, RunRequest } from "./types.ts";

export interface RunOptions {
  /** Called with the simulated time now and then (at most every PROGRESS_MS) and at the end. */
  onProgress?(simNs: number): void;
  /** Aborting rejects with the signal's reason at the next chunk boundary. */
  signal?: AbortSignal;
}

const DEFAULT_CHUNK_EVENTS = 65536;
const PROGRESS_MS = 50;
/** Give the event loop a turn this often, so an abort from this thread can land. */
const YIELD_MS = 20;
/** Lines of policy debug output kept per run. */
const MAX_DEBUG_LINES = 1000;

export async function runSimulation(req: RunRequest, opts: RunOptions = {}): Promise<RawRun> {
  const t0 = performance.now();
  validateParams(req.policy.name, req.policy.knobs, req.params);
  opts.signal?.throwIfAborted();

  const debug: string[] = [];
  const sink = {
    debug(line: string) {
      if (debug.length < MAX_DEBUG_LINES) debug.push(line);
      else if (debug.length === MAX_DEBUG_LINES) debug.push("… (more output dropped)");
    },
  };
  const limits = resolveLimits(req.limits);
  const e = await instantiateEngine(await compiledModule(req.policy), sink);
  const records = newRecords(limits);
  const drain = () => drainRecords(e, records);

  let params: Record<string, number | boolean> = {};
  let exit: RawExit;
  try {
    applyLimits(e, limits);
    // The policy's top-level code (its register() call) runs before its knobs are set, or
    // its initialisers would overwrite them.
    e._start();
    params = applyKnobs(e as unknown as WebAssembly.Exports, req.policy.knobs, req.params);
    setupEngine(e, req);
    exit = (await drive(e, req, opts, drain)) ?? exitFromEngine(e);
  } catch (err) {
    if (!isTrap(err)) throw err;
    exit = exitFromTrap(err, e, req.policy.name, { wasm: req.policy.wasm, ...limits });
  }
  safely(drain);
  if (Object.keys(params).length === 0 && req.policy.knobs.length > 0) {
    // A trap in the top-level code: report the defaults.
    params = Object.fromEntries(req.policy.knobs.map((k) => [k.name, k.defaultValue]));
  }

  const results = readResults(e, req);
  opts.onProgress?.(results.simulatedNs);
  const { machine: _m, workload: _w, policy, ...request } = req;
  return {
    request: { ...request, policyName: policy.name },
    params,
    ...results,
    exit,
    wallMs: performance.now() - t0,
    ...(req.trace ? { trace: concatBuffers(records.trace) } : {}),
    ...(req.log ? { log: concatBuffers(records.log) } : {}),
    ...(debug.length > 0 ? { debug } : {}),
    ...(records.traceDropped > 0 ? { traceDropped: records.traceDropped } : {}),
    ...(records.logDropped > 0 ? { logDropped: records.logDropped } : {}),
    ...policyUnits(e),
    memoryBytes: e.memory.buffer.byteLength,
  };
}

function policyUnits(e: EngineExports): { policyUnits?: number } {
  const f = (e as unknown as SafetyExports)[BUDGET_EXPORTS.budgetUsed];
  if (!f) return {};
  try {
    return { policyUnits: f() };
  } catch {
    return {};
  }
}

/**
 * abi_start then abi_run until done or ejected. Returns null when the engine's own exit
 * information tells how it ended.
 */
async function drive(
  e: EngineExports,
  req: RunRequest,
  opts: RunOptions,
  drain: () => void,
): Promise<RawExit | null> {
  if (e.abi_start() !== 0) return exitFromEngine(e, true); // ops.init() failed
  const chunk = req.chunkEvents ?? DEFAULT_CHUNK_EVENTS;
  let lastProgress = performance.now();
  let lastYield = lastProgress;
  for (;;) {
    const status = e.abi_run(req.durationNs, chunk);
    if (status === RUN_DONE || status === RUN_EJECTED) return null;
    if (status === RUN_BUFFER_FULL) {
      if (e.abi_trace_count() === 0 && e.abi_log_count() === 0) {
        throw new Error("abi_run reported a full buffer, but both buffers are empty");
      }
      drain();
      continue;
    }
    if (status !== RUN_MORE) throw new Error(`abi_run returned ${status}`);
    e.__collect();
    const now = performance.now();
    if (opts.onProgress && now - lastProgress >= PROGRESS_MS) {
      lastProgress = now;
      opts.onProgress(e.abi_now());
    }
    if (opts.signal) {
      if (now - lastYield >= YIELD_MS) {
        await new Promise((r) => setTimeout(r, 0));
        lastYield = performance.now();
      }
      opts.signal.throwIfAborted();
    }
  }
}

/** Records read out of the module so far; past the limits they are counted, not kept. */
interface Records {
  trace: ArrayBuffer[];
  log: ArrayBuffer[];
  traceLeft: number;
  logLeft: number;
  traceDropped: number;
  logDropped: number;
}

function newRecords(limits: ResolvedLimits): Records {
  return {
    trace: [],
    log: [],
    traceLeft: limits.traceRecords,
    logLeft: limits.logRecords,
    traceDropped: 0,
    logDropped: 0,
  };
}

function drainRecords(e: EngineExports, r: Records): void {
  const nt = e.abi_trace_count();
  if (nt > 0) {
    const keep = Math.min(nt, r.traceLeft);
    if (keep > 0) r.trace.push(readBytes(e.memory, e.abi_trace_ptr(), keep * TRACE_RECORD_BYTES));
    r.traceLeft -= keep;
    r.traceDropped += nt - keep;
    e.abi_trace_clear();
  }
  const nl = e.abi_log_count();
  if (nl > 0) {
    const keep = Math.min(nl, r.logLeft);
    if (keep > 0) r.log.push(readBytes(e.memory, e.abi_log_ptr(), keep * LOG_RECORD_BYTES));
    r.logLeft -= keep;
    r.logDropped += nl - keep;
    e.abi_log_clear();
  }
}

/** After a trap the engine may be half-way through an update; reading must not throw again. */
function safely(f: () => void): void {
  try {
    f();
  } catch {
    // Keep what was read before.
  }
}
